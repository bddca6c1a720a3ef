"""The product's trajectory templates, one per care context: a structure to start from and tailor.

Texts are English msgids; Dutch comes from the translation catalogue. Sessions name working
methods of the starting library by key (``method_library.STARTING_METHODS``); ``week`` counts
from the trajectory's start date.
"""

# Marked for translation (so `make messages` finds them) but stored as written: shown through gettext.
from django.utils.translation import gettext_noop as _


def _session(week, step, group, title, *methods, kind="session"):
    return {"week": week, "step": step, "group": group, "kind": kind, "title": title, "methods": list(methods)}


STARTING_TEMPLATES = [
    {
        "key": "elderly-care",
        "name": _("Elderly care: living well together"),
        "care_context": "elderly",
        "description": _(
            "For residents of a care home, with their relatives. Short sessions at a familiar place, "
            "with photos, objects and the meal as starting points."
        ),
        "participant_groups": ["clients", "relatives", "staff"],
        "step_texts": {
            1: _("Residents tell what makes a good day here, with photos and things from home."),
            2: _("Residents choose together what matters most, with stickers on a big sheet."),
            3: _("The team talks about what residents said, in the team meeting."),
            4: _("Residents and the team eat together and make a plan at the table."),
        },
        "sessions": [
            _session(0, 1, "clients", _("Photos and stories of a good day"), "life-stories", "photovoice"),
            _session(2, 1, "clients", _("The ideal meal"), "ideal-day-or-meal"),
            _session(4, 2, "clients", _("What do we want to change?"), "sticker-vote", "complaint-to-wish"),
            _session(6, 3, "staff", _("Team meeting with the residents' words"), "mirror-conversation"),
            _session(8, 4, "joint", _("Dialogue at the kitchen table"), "kitchen-table-dialogue",
                     "pictogram-action-plan"),
        ],
    },
    {
        "key": "rehabilitation",
        "name": _("Rehabilitation: a say in your recovery"),
        "care_context": "rehabilitation",
        "description": _(
            "For people staying a while in a rehabilitation centre. A compact trajectory that fits "
            "between therapies, with a walk and a visit to another ward."
        ),
        "participant_groups": ["clients", "relatives", "staff"],
        "step_texts": {
            1: _("Patients explore what helps or hinders their recovery here, during a short walk."),
            2: _("Patients choose what they want changed before they go home."),
            3: _("Therapists and nurses reflect on the patients' agenda."),
            4: _("Patients and staff agree actions that the next patients will notice too."),
        },
        "sessions": [
            _session(0, 1, "clients", _("A walk through the centre"), "walk-along"),
            _session(1, 1, "clients", _("A visit to another ward"), "visit-another-location", kind="visit"),
            _session(2, 2, "clients", _("Our agenda"), "complaint-to-wish", "sticker-vote"),
            _session(3, 3, "staff", _("Our own routines"), "own-routines"),
            _session(4, 4, "joint", _("Dialogue and action plan"), "kitchen-table-dialogue"),
        ],
    },
    {
        "key": "mental-health",
        "name": _("Mental health and sheltered housing: being heard"),
        "care_context": "mental_health",
        "description": _(
            "For residents of sheltered housing. Attention to safety in the group, choice in how to "
            "take part, and room for what each participant hopes to get out of it."
        ),
        "participant_groups": ["clients", "client_council", "staff"],
        "step_texts": {
            1: _("Residents explore when they feel heard, with conversation cards and photos."),
            2: _("Residents agree what they want to put on the table, and why."),
            3: _("Counsellors reflect on their own routines and on what residents said."),
            4: _("Residents and counsellors talk as equals and make a plan with clear owners."),
        },
        "sessions": [
            _session(0, 1, "clients", _("Getting to know each other"), "conversation-cards"),
            _session(2, 1, "clients", _("Photos of my daily life"), "photovoice"),
            _session(4, 2, "clients", _("From complaint to wish"), "complaint-to-wish"),
            _session(6, 3, "staff", _("Reflection in the team"), "mirror-conversation", "own-routines"),
            _session(8, 4, "joint", _("Dialogue and action plan"), "kitchen-table-dialogue",
                     "pictogram-action-plan"),
            _session(20, 4, "joint", _("Looking back after three months"), "thumbs-evaluation"),
        ],
    },
    {
        "key": "disability-care",
        "name": _("Disability care: my say, in pictures"),
        "care_context": "disability",
        "description": _(
            "For clients with an intellectual disability. Pictures, short sessions, a lot of doing "
            "and a support person or relative who may join."
        ),
        "participant_groups": ["clients", "relatives", "staff"],
        "step_texts": {
            1: _("Clients show with photos and pictures what they like and what they do not like."),
            2: _("Clients choose with stickers what they want to change."),
            3: _("Support workers talk about what clients showed them."),
            4: _("Clients and support workers make a plan in pictures, together."),
        },
        "sessions": [
            _session(0, 1, "clients", _("Photos: what I like"), "photovoice", "conversation-cards"),
            _session(2, 2, "clients", _("Choosing with stickers"), "sticker-vote"),
            _session(4, 3, "staff", _("What clients showed us"), "mirror-conversation"),
            _session(6, 4, "joint", _("Our plan in pictures"), "pictogram-action-plan"),
            _session(18, 4, "joint", _("Did it work? Thumbs up or down"), "thumbs-evaluation"),
        ],
    },
]
