"""The role × URL table: for every URL pattern, who gets in and with what answer.

``tests/test_permissions_matrix.py`` checks every row for every role (and that every URL pattern
has a row); other tests read it to go over every page of a kind.
"""

from matrix.models import AssessmentKind
from tests.world import ROLES

ALL = set(ROLES) - {"anonymous"}
MEMBERS = {"client", "staff", "facilitator"}
SHARED_READERS = MEMBERS | {"quality"}
CLIENT_SPACE = {"client", "facilitator"}
STAFF_SPACE = {"staff", "facilitator"}
FACILITATOR = {"facilitator"}
# The participation matrix: the project is owned by the facilitator and linked to their trajectory.
MATRIX_EDITORS = {"facilitator"}
MATRIX_READERS = MATRIX_EDITORS | {"quality"}
PROJECT_STARTERS = {"facilitator", "other_facilitator", "quality"}
# The toolkit: facilitators and quality staff of every organisation; their own organisation's items.
TOOLKIT = {"facilitator", "other_facilitator", "quality"}
ORG_FACILITATORS = {"facilitator", "other_facilitator"}
OWN_TOOLKIT = {"facilitator", "quality"}
# An organisation's administrator (/beheer/).
ORG_ADMIN = {"org_admin"}


def project_kwargs(o):
    return {"pk": o["project"]}


def assessment_kwargs(o):
    return {"pk": o["project"], "assessment_pk": o["assessment"]}

def live_kwargs(o):
    return {"pk": o["pk"], "session_pk": o["live"]}


# name: (method, kwargs builder, roles that get in, status when they do (or per role))
EXPECTED = {
    "trajectories:dashboard": ("GET", lambda o: {}, ALL, 200),
    "trajectories:create": ("GET", lambda o: {}, {"facilitator", "other_facilitator"}, 200),
    "trajectories:detail": ("GET", lambda o: {"pk": o["pk"]}, SHARED_READERS, 200),
    "trajectories:edit": ("GET", lambda o: {"pk": o["pk"]}, FACILITATOR, 200),
    "trajectories:step_advance": ("POST", lambda o: {"pk": o["pk"]}, FACILITATOR, 302),
    "trajectories:step_back": ("POST", lambda o: {"pk": o["pk"]}, FACILITATOR, 302),
    "trajectories:close": ("POST", lambda o: {"pk": o["pk"]}, FACILITATOR, 302),
    "trajectories:reopen": ("POST", lambda o: {"pk": o["pk"]}, FACILITATOR, 302),
    "trajectories:members": ("GET", lambda o: {"pk": o["pk"]}, FACILITATOR, 200),
    "trajectories:member_remove": ("GET", lambda o: {"pk": o["pk"], "member_pk": o["member"]}, FACILITATOR, 200),
    "trajectories:meetings": ("GET", lambda o: {"pk": o["pk"]}, MEMBERS, 200),
    "trajectories:meeting_create": ("GET", lambda o: {"pk": o["pk"]}, FACILITATOR, 200),
    "trajectories:meeting_edit": ("GET", lambda o: {"pk": o["pk"], "meeting_pk": o["meeting"]}, FACILITATOR, 200),
    "trajectories:meeting_delete": ("GET", lambda o: {"pk": o["pk"], "meeting_pk": o["meeting"]}, FACILITATOR, 200),
    "trajectories:explore": ("GET", lambda o: {"pk": o["pk"]}, CLIENT_SPACE, 200),
    "trajectories:topic_edit": ("GET", lambda o: {"pk": o["pk"], "topic_pk": o["topic"]}, CLIENT_SPACE, 200),
    "trajectories:topic_delete": ("GET", lambda o: {"pk": o["pk"], "topic_pk": o["topic"]}, CLIENT_SPACE, 200),
    "trajectories:agenda": ("GET", lambda o: {"pk": o["pk"]}, CLIENT_SPACE, 200),
    "trajectories:agenda_item_edit": (
        "GET", lambda o: {"pk": o["pk"], "item_pk": o["private_item"]}, CLIENT_SPACE, 200,
    ),
    "trajectories:agenda_item_delete": (
        "GET", lambda o: {"pk": o["pk"], "item_pk": o["private_item"]}, CLIENT_SPACE, 200,
    ),
    "trajectories:agenda_item_share": (
        "GET", lambda o: {"pk": o["pk"], "item_pk": o["private_item"]}, CLIENT_SPACE, 200,
    ),
    "trajectories:agenda_item_move": (
        "POST", lambda o: {"pk": o["pk"], "item_pk": o["private_item"], "direction": "up"}, CLIENT_SPACE, 302,
    ),
    "trajectories:staff": ("GET", lambda o: {"pk": o["pk"]}, STAFF_SPACE, 200),
    "trajectories:staff_summary_share": ("POST", lambda o: {"pk": o["pk"]}, STAFF_SPACE, 302),
    "trajectories:staff_reflection_delete": (
        "GET", lambda o: {"pk": o["pk"], "reflection_pk": o["reflection"]}, STAFF_SPACE, 200,
    ),
    "trajectories:dialogue": ("GET", lambda o: {"pk": o["pk"]}, SHARED_READERS, 200),
    "trajectories:dialogue_edit": ("GET", lambda o: {"pk": o["pk"], "item_pk": o["shared_item"]}, FACILITATOR, 200),
    "trajectories:action_create": ("GET", lambda o: {"pk": o["pk"]}, FACILITATOR, 200),
    "trajectories:action_edit": ("GET", lambda o: {"pk": o["pk"], "action_pk": o["action"]}, FACILITATOR, 200),
    "trajectories:action_delete": ("GET", lambda o: {"pk": o["pk"], "action_pk": o["action"]}, FACILITATOR, 200),
    # Follow-up: every reader of step 4 reads an action with its progress and a review;
    # only the facilitator records a review.
    "trajectories:action_detail": ("GET", lambda o: {"pk": o["pk"], "action_pk": o["action"]}, SHARED_READERS, 200),
    "trajectories:review_create": ("GET", lambda o: {"pk": o["pk"]}, FACILITATOR, 200),
    "trajectories:review_detail": ("GET", lambda o: {"pk": o["pk"], "review_pk": o["review"]}, SHARED_READERS, 200),
    # The action plan as a document: everyone who reads step 4 reads the plan, its versions and
    # PDF. Sign-off is for members: clients and staff for themselves, the facilitator for them.
    "trajectories:plan": ("GET", lambda o: {"pk": o["pk"]}, SHARED_READERS, 200),
    "trajectories:plan_signoff": ("POST", lambda o: {"pk": o["pk"]}, MEMBERS, 302),
    "trajectories:plan_version": ("GET", lambda o: {"pk": o["pk"], "number": o["plan_version"]}, SHARED_READERS, 200),
    "trajectories:plan_pdf": ("GET", lambda o: {"pk": o["pk"]}, SHARED_READERS, 200),
    "trajectories:plan_print": ("GET", lambda o: {"pk": o["pk"]}, SHARED_READERS, 200),
    "trajectories:plan_outcomes": ("GET", lambda o: {"pk": o["pk"]}, SHARED_READERS, 200),
    # Quality staff: every action plan of the organisation. The combined PDF without a choice
    # sends them back to the overview (tests/trajectories/plan/test_plans_overview.py makes one).
    "trajectories:plans_overview": ("GET", lambda o: {}, {"quality"}, 200),
    "trajectories:actions_csv": ("GET", lambda o: {}, {"quality"}, 200),
    "trajectories:plans_pdf": ("GET", lambda o: {}, {"quality"}, 302),
    # The participation matrix. The list is open to every logged-in person (empty for most);
    # projects answer 404 to everyone who is not an owner, member, the linked trajectory's
    # facilitator or quality staff of the organisation.
    "matrix:project_list": ("GET", lambda o: {}, ALL, 200),
    "matrix:project_create": ("GET", lambda o: {}, PROJECT_STARTERS, 200),
    "matrix:overview": ("GET", lambda o: {}, {"quality"}, 200),
    "matrix:overview_csv": ("GET", lambda o: {}, {"quality"}, 200),
    "matrix:project_detail": ("GET", project_kwargs, MATRIX_READERS, 200),
    "matrix:project_edit": ("GET", project_kwargs, MATRIX_EDITORS, 200),
    "matrix:groups": ("GET", project_kwargs, MATRIX_READERS, 200),
    "matrix:group_remove": ("GET", lambda o: {"pk": o["project"], "group_pk": o["group"]}, MATRIX_EDITORS, 200),
    "matrix:members": ("GET", project_kwargs, MATRIX_READERS, 200),
    "matrix:member_remove": (
        "GET", lambda o: {"pk": o["project"], "member_pk": o["project_member"]}, MATRIX_EDITORS, 200,
    ),
    "matrix:history": ("GET", project_kwargs, MATRIX_READERS, 200),
    "matrix:project_csv": ("GET", project_kwargs, MATRIX_READERS, 200),
    "matrix:assessment_create": (
        "GET", lambda o: {"pk": o["project"], "kind": AssessmentKind.INTERIM}, MATRIX_EDITORS, 200,
    ),
    "matrix:assessment_detail": ("GET", assessment_kwargs, MATRIX_READERS, 200),
    "matrix:assessment_print": ("GET", assessment_kwargs, MATRIX_READERS, 200),
    "matrix:assessment_pdf": ("GET", assessment_kwargs, MATRIX_READERS, 200),
    # Live sessions: the facilitator runs them; the client pages are for the client space and
    # for the guests who joined that session with its code (see test_guest_url_matrix).
    "trajectories:live_sessions": ("GET", lambda o: {"pk": o["pk"]}, FACILITATOR, 200),
    "trajectories:live_console": ("GET", live_kwargs, FACILITATOR, 200),
    "trajectories:live_board": ("GET", live_kwargs, FACILITATOR, 200),
    "trajectories:live_presenter": ("GET", live_kwargs, FACILITATOR, 200),
    "trajectories:live_board_partial": ("GET", live_kwargs, FACILITATOR, 200),
    "trajectories:live_control": ("POST", live_kwargs, FACILITATOR, 302),
    "trajectories:live_close": ("GET", live_kwargs, FACILITATOR, 200),
    "trajectories:live_client": ("GET", lambda o: {"pk": o["live"]}, CLIENT_SPACE, 200),
    "trajectories:live_topic": ("GET", lambda o: {"pk": o["live"]}, CLIENT_SPACE, 200),
    "trajectories:live_vote": ("GET", lambda o: {"pk": o["live"]}, CLIENT_SPACE, 200),
    "trajectories:topic_photo": ("GET", lambda o: {"pk": o["pk"], "topic_pk": o["photo_topic"]}, CLIENT_SPACE, 200),
    # Joining needs no account: open to everyone. Whoever may already open the session's client
    # pages is sent there; anybody else logged in is asked to log out first.
    "trajectories:live_join": ("GET", lambda o: {}, set(ROLES), 200),
    "trajectories:live_join_code": (
        "GET", lambda o: {"code": o["code"]}, set(ROLES),
        {role: 302 if role in CLIENT_SPACE else 200 for role in ROLES},
    ),
    "health": ("GET", lambda o: {}, set(ROLES), 200),
    # The facilitator's toolkit. The methods library and lessons are for the facilitators and quality
    # staff of each organisation (an organisation's own methods and lessons only for its own people);
    # changing methods, templates and tailoring is for facilitators.
    "trajectories:methods": ("GET", lambda o: {}, TOOLKIT, 200),
    "trajectories:method_create": ("GET", lambda o: {}, ORG_FACILITATORS, 200),
    "trajectories:method_detail": ("GET", lambda o: {"method_pk": o["method"]}, OWN_TOOLKIT, 200),
    "trajectories:method_edit": ("GET", lambda o: {"method_pk": o["method"]}, FACILITATOR, 200),
    "trajectories:method_copy": ("POST", lambda o: {"method_pk": o["method"]}, FACILITATOR, 302),
    "trajectories:method_delete": ("GET", lambda o: {"method_pk": o["method"]}, FACILITATOR, 200),
    "trajectories:templates": ("GET", lambda o: {}, ORG_FACILITATORS, 200),
    "trajectories:template_detail": ("GET", lambda o: {"template_pk": o["template"]}, FACILITATOR, 200),
    "trajectories:tailor": ("GET", lambda o: {"pk": o["pk"]}, FACILITATOR, 200),
    "trajectories:save_as_template": ("GET", lambda o: {"pk": o["pk"]}, FACILITATOR, 200),
    "trajectories:copy": ("GET", lambda o: {"pk": o["pk"]}, FACILITATOR, 200),
    "trajectories:step_skip": ("POST", lambda o: {"pk": o["pk"]}, FACILITATOR, 302),
    "trajectories:meeting_detail": ("GET", lambda o: {"pk": o["pk"], "meeting_pk": o["meeting"]}, MEMBERS, 200),
    "trajectories:meeting_card": ("GET", lambda o: {"pk": o["pk"], "meeting_pk": o["meeting"]}, FACILITATOR, 200),
    # Goals: every member has their own page; a client's personal goal is for them and the facilitator.
    "trajectories:goals": ("GET", lambda o: {"pk": o["pk"]}, MEMBERS, 200),
    "trajectories:goal_evaluate": ("GET", lambda o: {"pk": o["pk"], "goal_pk": o["goal"]}, CLIENT_SPACE, 200),
    "trajectories:lesson_create": ("GET", lambda o: {"pk": o["pk"]}, FACILITATOR, 200),
    "trajectories:lessons": ("GET", lambda o: {}, TOOLKIT, 200),
    "trajectories:learning_overview": ("GET", lambda o: {}, TOOLKIT, 200),
    "trajectories:lesson_detail": ("GET", lambda o: {"lesson_pk": o["lesson"]}, OWN_TOOLKIT, 200),
    "trajectories:report": ("GET", lambda o: {"pk": o["pk"]}, SHARED_READERS, 200),
    "trajectories:report_edit": ("GET", lambda o: {"pk": o["pk"]}, FACILITATOR, 200),
    "trajectories:report_pdf": ("GET", lambda o: {"pk": o["pk"]}, SHARED_READERS, 200),
    # Privacy (AVG): a client sees and changes their own consent; the facilitator records consent
    # for the clients of their trajectory (and withdraws it); everyone logged in downloads their
    # own data ("My data": a page, the download is its POST).
    "trajectories:my_consent": ("GET", lambda o: {"pk": o["pk"]}, {"client"}, 200),
    "trajectories:member_consent_give": (
        "POST", lambda o: {"pk": o["pk"], "member_pk": o["member"]}, FACILITATOR, 302,
    ),
    "trajectories:consent_withdraw": ("POST", lambda o: {"pk": o["pk"], "consent_pk": o["consent"]}, CLIENT_SPACE, 302),
    "trajectories:my_data": ("GET", lambda o: {}, ALL, 200),
    "trajectories:my_data_export": ("POST", lambda o: {}, ALL, 302),
    # Notifications and personal settings: everyone logged in has their own; a notification is
    # found only by its owner (here the client's). The calendar feed needs no sign-in: its secret
    # address is the key (here the facilitator's), a wrong one gets 404 (test_calendar.py).
    "trajectories:inbox": ("GET", lambda o: {}, ALL, 200),
    "trajectories:inbox_read_all": ("POST", lambda o: {}, ALL, 302),
    "trajectories:notification_open": ("GET", lambda o: {"notification_pk": o["notification"]}, {"client"}, 302),
    "trajectories:inbox_settings": ("GET", lambda o: {}, ALL, 200),
    "trajectories:calendar_address_change": ("POST", lambda o: {}, ALL, 302),
    "trajectories:calendar_feed": ("GET", lambda o: {"token": o["calendar"]}, set(ROLES), 200),
    # Background downloads: only the person who started one (here quality staff's combined PDF).
    "trajectories:plans_export": ("POST", lambda o: {}, {"quality"}, 302),
    "trajectories:export_progress": ("GET", lambda o: {"export_pk": o["export"]}, {"quality"}, 200),
    "trajectories:export_status": ("GET", lambda o: {"export_pk": o["export"]}, {"quality"}, 200),
    "trajectories:export_download": ("GET", lambda o: {"export_pk": o["export"]}, {"quality"}, 200),
    # Outside the trajectories: open to everyone, anonymous included.
    # Logged-in people are sent on from the login page to their dashboard.
    "login": ("GET", lambda o: {}, set(ROLES), {"anonymous": 200, **{role: 302 for role in ALL}}),
    # Two-step login: setting it up is open to everyone logged in; confirming a code needs an app
    # linked first, so without one it sends people on to the setup.
    "two_factor_setup": ("GET", lambda o: {}, ALL, 200),
    "two_factor_verify": ("GET", lambda o: {}, ALL, 302),
    # Removing an app: only its owner finds it (the app here is Mia's, who is none of the roles;
    # tests/partner/accounts/test_two_factor.py has the owner remove one in a confirmed session).
    "two_factor_device_delete": ("POST", lambda o: {"pk": o["device"]}, set(), 302),
    "logout": ("POST", lambda o: {}, set(ROLES), 302),
    # Passwords: a reset by e-mail is open to everyone (the link in the e-mail here is not a real
    # one, so the page says it no longer works); changing one's own is for everyone logged in.
    "password_reset": ("GET", lambda o: {}, set(ROLES), 200),
    "password_reset_done": ("GET", lambda o: {}, set(ROLES), 200),
    "password_reset_confirm": ("GET", lambda o: {"uidb64": "MQ", "token": "not-a-token"}, set(ROLES), 200),
    "password_reset_complete": ("GET", lambda o: {}, set(ROLES), 200),
    "password_change": ("GET", lambda o: {}, ALL, 200),
    "password_change_done": ("GET", lambda o: {}, ALL, 200),
    # Ways in without an account: an invitation's link and a client's login card, open to all.
    "people:invitation_accept": ("GET", lambda o: {"token": o["invitation_token"]}, set(ROLES), 200),
    "people:card_sign_in": ("GET", lambda o: {}, set(ROLES), 200),
    # The facilitator invites for their trajectory and prints clients' login cards.
    "people:trajectory_invitations": ("GET", lambda o: {"pk": o["pk"]}, FACILITATOR, 200),
    "people:trajectory_invitation_resend": (
        "POST", lambda o: {"pk": o["pk"], "invitation_pk": o["trajectory_invitation"]}, FACILITATOR, 302,
    ),
    "people:trajectory_invitation_revoke": (
        "POST", lambda o: {"pk": o["pk"], "invitation_pk": o["trajectory_invitation"]}, FACILITATOR, 302,
    ),
    "people:login_card": ("GET", lambda o: {"pk": o["pk"], "member_pk": o["member"]}, FACILITATOR, 200),
    "people:login_card_stop": ("POST", lambda o: {"pk": o["pk"], "member_pk": o["member"]}, FACILITATOR, 302),
    # The organisation's administrator (/beheer/): their own organisation only.
    "people:admin_accounts": ("GET", lambda o: {}, ORG_ADMIN, 200),
    "people:admin_account": ("GET", lambda o: {"user_pk": o["client_user"]}, ORG_ADMIN, 200),
    "people:admin_account_deactivate": ("GET", lambda o: {"user_pk": o["client_user"]}, ORG_ADMIN, 200),
    "people:admin_account_reactivate": ("POST", lambda o: {"user_pk": o["client_user"]}, ORG_ADMIN, 302),
    "people:admin_second_step_reset": ("GET", lambda o: {"user_pk": o["client_user"]}, ORG_ADMIN, 200),
    "people:admin_invitations": ("GET", lambda o: {}, ORG_ADMIN, 200),
    "people:admin_invitation_resend": ("POST", lambda o: {"invitation_pk": o["invitation"]}, ORG_ADMIN, 302),
    "people:admin_invitation_revoke": ("POST", lambda o: {"invitation_pk": o["invitation"]}, ORG_ADMIN, 302),
    "people:admin_locations": ("GET", lambda o: {}, ORG_ADMIN, 200),
    "people:admin_import": ("GET", lambda o: {}, ORG_ADMIN, 200),
    # Nothing previewed: back to the import page with a message.
    "people:admin_import_confirm": ("POST", lambda o: {}, ORG_ADMIN, 302),
    "people:admin_audit": ("GET", lambda o: {}, ORG_ADMIN, 200),
    "set_language": ("POST", lambda o: {}, set(ROLES), 302),
}

# Pieces of a page fetched by the page itself (the room screen's poll), not whole documents.
PARTIALS = {"trajectories:live_board_partial", "trajectories:export_status"}
