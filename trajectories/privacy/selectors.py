"""Reads for privacy (AVG): clients' consents, a person's own data, and what may be purged.

Imports only models (never ``access``), so the access functions and the live board can use it.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from trajectories.models import (
    Action,
    ActionProgress,
    AgendaItem,
    Consent,
    ConsentKind,
    Goal,
    LiveSession,
    Meeting,
    MemberRole,
    Membership,
    OrganisationMember,
    PlanSignoff,
    StaffReflection,
    Topic,
    TopicPhoto,
    Trajectory,
    TrajectoryStatus,
    Vote,
)

EXPORT_FORMAT = "partner-personal-data"
EXPORT_VERSION = 1


# --- consent ----------------------------------------------------------------------------------


def _photo_consent_withdrawn(consents: QuerySet[Consent]) -> QuerySet:
    """Memberships whose photo consent was withdrawn and not given again (ids)."""
    return (
        consents.filter(kind=ConsentKind.PHOTOS)
        .values("membership_id")
        .annotate(current=Count("pk", filter=Q(withdrawn_at__isnull=True)))
        .filter(current=0)
        .values_list("membership_id", flat=True)
    )


def photo_consent_withdrawn(*, membership_id: int | None) -> bool:
    """Whether this client withdrew their consent for the use of photos (and did not give it again).

    A client who never said anything keeps the photos they chose to add visible to the group.
    """
    if membership_id is None:
        return False
    return _photo_consent_withdrawn(Consent.objects.filter(membership_id=membership_id)).exists()


def members_without_photo_consent(*, trajectory_id: int) -> set[int]:
    """Memberships of the trajectory whose photos nobody but they and the facilitator may see."""
    return set(_photo_consent_withdrawn(Consent.objects.filter(membership__trajectory_id=trajectory_id)))


@dataclass
class ConsentCell:
    kind: str
    label: str
    current: Consent | None
    last_withdrawn: Consent | None


@dataclass
class ConsentRow:
    membership: Membership
    cells: list[ConsentCell] = field(default_factory=list)


def consent_rows(*, memberships) -> list[ConsentRow]:
    """Per client membership, per kind of consent: the current one, or the last one withdrawn."""
    memberships = [member for member in memberships if member.role == MemberRole.CLIENT]
    consents: dict[tuple[int, str], list[Consent]] = {}
    for consent in Consent.objects.filter(membership__in=[member.pk for member in memberships]).order_by(
        "-given_at", "-pk"
    ):
        consents.setdefault((consent.membership_id, consent.kind), []).append(consent)
    rows = []
    for member in memberships:
        row = ConsentRow(membership=member)
        for kind, label in ConsentKind.choices:
            history = consents.get((member.pk, kind), [])
            current = next((consent for consent in history if consent.is_current), None)
            withdrawn = next((consent for consent in history if not consent.is_current), None)
            row.cells.append(ConsentCell(kind=kind, label=str(label), current=current, last_withdrawn=withdrawn))
        rows.append(row)
    return rows


def client_trajectories_for_user(*, user) -> QuerySet[Membership]:
    """The trajectories in which the user takes part as a client with an account (for "My consent")."""
    return (
        Membership.objects.filter(user=user, role=MemberRole.CLIENT, joined_session__isnull=True)
        .select_related("trajectory")
        .order_by("trajectory__title", "pk")
    )


# --- a person's own data ----------------------------------------------------------------------


def _when(value) -> str | None:
    return value.isoformat() if value is not None else None


def _trajectory_ref(trajectory: Trajectory) -> dict:
    return {"id": trajectory.pk, "title": trajectory.title}


def person_data_export(*, user: AbstractBaseUser) -> dict:
    """Everything PARTNER holds about one person, as a JSON-ready document.

    Their account, organisation, memberships and consents, and what they contributed themselves
    (also anonymously). Other people's contributions are left out: where a contribution points to
    someone else's (a dot on a topic, a note on an action), only its number is given.
    """
    memberships = list(
        Membership.objects.filter(user=user).select_related("trajectory__organisation", "joined_session")
    )
    member_ids = [member.pk for member in memberships]
    organisation_member = OrganisationMember.objects.select_related("organisation").filter(user=user).first()

    topics = (
        Topic.objects.filter(author__in=member_ids).select_related("trajectory", "photo").order_by("created_at", "pk")
    )
    agenda_items = AgendaItem.objects.filter(created_by__in=member_ids).select_related("trajectory")
    reflections = StaffReflection.objects.filter(author__in=member_ids).select_related("trajectory")
    votes = Vote.objects.filter(voter__in=member_ids).select_related("live_session__trajectory")
    goals = Goal.objects.filter(member__in=member_ids).select_related("trajectory")
    progress = ActionProgress.objects.filter(by__in=member_ids).select_related("action__trajectory")
    actions = (
        Action.objects.filter(Q(owner__in=member_ids) | Q(co_owners__in=member_ids))
        .select_related("trajectory")
        .distinct()
        .order_by("due_date", "pk")
    )
    signoffs = PlanSignoff.objects.filter(member__in=member_ids).select_related("version__trajectory")
    consents = Consent.objects.filter(membership__in=member_ids).select_related("membership__trajectory")

    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "account": {
            "id": user.pk,
            "username": user.get_username(),
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "is_active": user.is_active,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
        },
        "organisations": [
            {
                "organisation": organisation_member.organisation.name,
                "role": organisation_member.role,
            }
        ]
        if organisation_member is not None
        else [],
        "trajectory_memberships": [
            {
                "trajectory": _trajectory_ref(member.trajectory),
                "organisation": member.trajectory.organisation.name,
                "role": member.role,
                "is_relative": member.is_relative,
                "joined_with_code_of_session": member.joined_session.title if member.joined_session else None,
                "joined_without_a_name": member.joined_anonymously,
                "added_at": _when(member.added_at),
            }
            for member in memberships
        ],
        "consents": [
            {
                "trajectory": _trajectory_ref(consent.membership.trajectory),
                "kind": consent.kind,
                "given_at": _when(consent.given_at),
                "note": consent.note,
                "withdrawn_at": _when(consent.withdrawn_at),
            }
            for consent in consents
        ],
        "topics": [
            {
                "id": topic.pk,
                "trajectory": _trajectory_ref(topic.trajectory),
                "title": topic.title,
                "story": topic.story,
                "theme": topic.theme,
                "is_anonymous": topic.is_anonymous,
                "has_photo": hasattr(topic, "photo"),
                "created_at": _when(topic.created_at),
            }
            for topic in topics
        ],
        "agenda_items": [
            {
                "id": item.pk,
                "trajectory": _trajectory_ref(item.trajectory),
                "title": item.title,
                "why": item.why,
                "created_at": _when(item.created_at),
                "shared_at": _when(item.shared_at),
            }
            for item in agenda_items
        ],
        "staff_reflections": [
            {
                "id": reflection.pk,
                "trajectory": _trajectory_ref(reflection.trajectory),
                "text": reflection.text,
                "is_anonymous": reflection.is_anonymous,
                "created_at": _when(reflection.created_at),
            }
            for reflection in reflections
        ],
        "votes": [
            {
                "trajectory": _trajectory_ref(vote.live_session.trajectory),
                "live_session": vote.live_session.title,
                "topic_id": vote.topic_id,
                "created_at": _when(vote.created_at),
            }
            for vote in votes
        ],
        "goals": [
            {
                "id": goal.pk,
                "trajectory": _trajectory_ref(goal.trajectory),
                "text": goal.text,
                "outcome": goal.outcome,
                "outcome_note": goal.outcome_note,
                "created_at": _when(goal.created_at),
                "evaluated_at": _when(goal.evaluated_at),
            }
            for goal in goals
        ],
        "progress_notes": [
            {
                "trajectory": _trajectory_ref(note.action.trajectory),
                "action_id": note.action_id,
                "date": _when(note.date),
                "text": note.text,
            }
            for note in progress
        ],
        "actions": [
            {
                "id": action.pk,
                "trajectory": _trajectory_ref(action.trajectory),
                "what": action.what,
                "steps": action.steps,
                "is_owner": action.owner_id in member_ids,
                "due_date": _when(action.due_date),
                "status": action.status,
                "status_reason": action.status_reason,
            }
            for action in actions
        ],
        "plan_signoffs": [
            {
                "trajectory": _trajectory_ref(signoff.version.trajectory),
                "plan_version": signoff.version.number,
                "side": signoff.side,
                "at": _when(signoff.at),
            }
            for signoff in signoffs
        ],
    }


# --- purge ------------------------------------------------------------------------------------


def archived_trajectories_older_than(days: int) -> QuerySet[Trajectory]:
    """Closed trajectories whose closing lies more than ``days`` days back. Open ones never."""
    cutoff = timezone.now() - datetime.timedelta(days=days)
    return (
        Trajectory.objects.filter(status=TrajectoryStatus.CLOSED, closed_at__isnull=False, closed_at__lt=cutoff)
        .select_related("organisation")
        .order_by("closed_at", "pk")
    )


def trajectory_content_counts(*, trajectory: Trajectory) -> dict[str, int]:
    """How much a trajectory holds: what a purge deletes (or would delete)."""
    return {
        "participants": Membership.objects.filter(trajectory=trajectory).count(),
        "topics": Topic.objects.filter(trajectory=trajectory).count(),
        "photos": TopicPhoto.objects.filter(topic__trajectory=trajectory).count(),
        "agenda_items": AgendaItem.objects.filter(trajectory=trajectory).count(),
        "staff_reflections": StaffReflection.objects.filter(trajectory=trajectory).count(),
        "actions": Action.objects.filter(trajectory=trajectory).count(),
        "sessions": Meeting.objects.filter(trajectory=trajectory).count(),
        "live_sessions": LiveSession.objects.filter(trajectory=trajectory).count(),
        "consents": Consent.objects.filter(membership__trajectory=trajectory).count(),
    }
