"""Hostile input on every form the other hostile tests do not reach, and a check that no form is left out.

``tests/test_hostile_input.py`` (trajectory forms) and ``tests/matrix/test_hostile_input.py``
(participation matrix) send hostile input to the forms that save text. This file does the same
for the rest: logging in and the second factor, the filter forms (GET), adding members, reviews,
moving between steps, the live session's console and room-screen controls, looking back on a
goal, starting a trajectory from a template or a copy, and consent. For each: random input
(hypothesis) and the classic nasty values, never a server error, never an off-site redirect,
nothing typed lost when the form comes back, no NUL byte or control character saved, saved
markup shown as text, and no POST without a CSRF token.

The PDFs (the action plan, the combined plans of quality staff and the facilitator's card) get
markup typed into their forms and must show it as characters.

``test_every_form_in_the_project_has_a_hostile_input_test`` fails for a new form until it has a
hostile test and an entry in ``COVERAGE``.
"""

import datetime
import importlib
import io
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.forms import BaseForm
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from matrix.forms import (
    AssessmentForm,
    GroupForm,
    OverviewFilterForm,
    ProjectCreateForm,
    ProjectForm,
    ProjectMemberForm,
)
from matrix.models import AssessmentKind
from partner.accounts.forms import AddDeviceForm, LoginForm, TwoFactorCodeForm
from partner.forms import CONTROL_CHARACTERS
from tests import factories
from tests import test_hostile_input as trajectory_hostile
from tests.matrix import test_hostile_input as matrix_hostile
from tests.matrix.helpers import assess, days_ago, make_project
from tests.test_hostile_input import (  # noqa: F401 - ``objects`` is a fixture used here
    BOOL,
    ESCAPED_SCRIPT,
    HOSTILE_BY_KIND,
    HOSTILE_TEXTS,
    MULTI,
    MULTI_HOSTILE,
    SCALAR,
    SCRIPT,
    TEXT,
    XSS,
    assert_no_live_markup,
    body,
    objects,
)
from trajectories.core import services
from trajectories.core.forms import (
    ActionForm,
    AgendaItemForm,
    DialogueForm,
    FacilitatorTopicForm,
    MeetingForm,
    MembershipAddForm,
    StaffReflectionForm,
    StaffSummaryForm,
    StepMoveForm,
    TopicEditForm,
    TopicForm,
    TrajectoryForm,
)
from trajectories.live import services as live_services
from trajectories.live.forms import (
    ClientTopicForm,
    DotsFields,
    FocusForm,
    JoinCodeForm,
    JoinNameForm,
    LiveSessionOpenForm,
    MergeForm,
    OnBehalfTopicForm,
    OnBehalfVoteForm,
    TimerForm,
    VotingForm,
)
from trajectories.models import (
    MAX_DOTS,
    Action,
    Goal,
    LiveSession,
    Meeting,
    MeetingGroup,
    Membership,
    Method,
    Review,
    ReviewOutcome,
    Step,
    StepTransition,
    Theme,
    Topic,
    Trajectory,
    Vote,
)
from trajectories.plan.forms import ActionFilterForm, ProgressForm, ReviewForm
from trajectories.privacy.forms import ConsentForm
from trajectories.privacy.models import Consent
from trajectories.toolkit import learning_services, tailoring_services
from trajectories.toolkit.forms import (
    EvaluationReportForm,
    GoalEvaluateForm,
    GoalForm,
    LessonFilterForm,
    LessonForm,
    MethodFilterForm,
    MethodForm,
    NewTrajectoryForm,
    TailorForm,
    TemplateSaveForm,
)

# --- kinds of fields, and what is sent to them ---------------------------------------------------

SECRET = "secret"  # hostile text that the page never shows again (a password)
NEXT = "next"  # where to go afterwards: must never lead off-site
DATE = "date"

REDIRECTS = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    " //evil.example",
    "http://testserver@evil.example/",
]
DATES = ["9999-12-31", "0001-01-01", "2026-02-30", "2026-13-01", "31-12-2026", "+2026-01-01"]
# The classic wrong types (``SCALAR_HOSTILE`` has more; the random input explores the rest).
WRONG_TYPES = ["99999999999999999999", "9" * 400, "-1", "abc", "", "\x00", "٣", SCRIPT]

FIXED_BY_KIND = {
    SCALAR: WRONG_TYPES,
    MULTI: MULTI_HOSTILE,
    BOOL: [*WRONG_TYPES, "on", "off", "false"],
    NEXT: [*REDIRECTS, *WRONG_TYPES],
    DATE: [*DATES, *WRONG_TYPES],
}
STRATEGY_BY_KIND = {
    **HOSTILE_BY_KIND,
    SECRET: HOSTILE_BY_KIND[TEXT],
    NEXT: st.one_of(st.sampled_from(REDIRECTS), HOSTILE_BY_KIND[SCALAR], st.text(max_size=40)),
    DATE: st.one_of(st.sampled_from(DATES), st.dates().map(datetime.date.isoformat), HOSTILE_BY_KIND[SCALAR]),
}


@dataclass(frozen=True)
class Field:
    kind: str
    valid: Callable  # objects -> a valid value


def text(value="Gewone tekst"):
    return Field(TEXT, lambda o: value)


def scalar(valid):
    return Field(SCALAR, valid)


def _nothing(o):
    return None


@dataclass(frozen=True)
class Spec:
    """One form: who sends it where (GET or POST), its fields, and the pages that show what it saved."""

    name: str
    role: str
    url: Callable  # objects -> url
    fields: Callable  # objects -> {name: Field}; evaluated per request, so valid values follow the data
    method: str = "post"
    fixed: dict = field(default_factory=dict)
    prepare: Callable = _nothing  # objects -> None: puts the data back before each request
    show: Callable | None = None  # (objects, response) -> [(role, url)]: pages that show what was saved
    models: tuple = ()  # the models whose rows it writes
    shows_saved_text: bool = False  # what is typed into its text fields is shown on ``show`` pages

    def valid_data(self, o) -> dict:
        return {**self.fixed, **{name: spec.valid(o) for name, spec in self.fields(o).items()}}

    def typed_fields(self, o) -> list[str]:
        """Text fields whose value the form shows again when it comes back with errors."""
        return [name for name, spec in self.fields(o).items() if spec.kind == TEXT]

    def hostile_text_fields(self, o) -> list[str]:
        return [name for name, spec in self.fields(o).items() if spec.kind in (TEXT, SECRET)]


def traj(name, **kwargs):
    return lambda o: reverse(f"trajectories:{name}", kwargs={"pk": o.trajectory.pk, **kwargs})


def live(name):
    return lambda o: reverse(f"trajectories:{name}", kwargs={"pk": o.trajectory.pk, "session_pk": o.live.pk})


def redirect_target(o, response):
    return [("facilitator", response["Location"])]


def console(o, response):
    return [("facilitator", live("live_console")(o))]


def console_and_board(o, response):
    return [("facilitator", live("live_console")(o)), ("facilitator", live("live_board")(o))]


def unmerged_topics(o) -> list[Topic]:
    return list(Topic.objects.filter(trajectory=o.trajectory, merged_into__isnull=True).order_by("pk"))


def free_candidate(o) -> str:
    taken = set(Membership.objects.filter(trajectory=o.trajectory).values_list("user_id", flat=True))
    return next((str(user.pk) for user in o.candidates if user.pk not in taken), "")


def put_candidates_back(o):
    Membership.objects.filter(trajectory=o.trajectory, user__in=o.candidates).delete()


def at_step(step):
    def prepare(o):
        Trajectory.objects.filter(pk=o.trajectory.pk).update(current_step=step)

    return prepare


def no_votes(o):
    Vote.objects.filter(live_session=o.live).delete()


def no_merges(o):
    Topic.objects.filter(trajectory=o.trajectory).update(merged_into=None, merged_at=None, merged_by=None)


def no_current_consents(o):
    Consent.objects.filter(withdrawn_at__isnull=True).update(withdrawn_at=timezone.now(), withdrawn_by=o.world.facilitator)


def no_open_session(o):
    LiveSession.objects.filter(trajectory=o.trajectory, closed_at__isnull=True).update(
        closed_at=timezone.now(), join_code=None
    )


def two_factor_fields(o):
    return {"token": text("123456"), "next": Field(NEXT, lambda o: "/")}


def review_fields(o):
    fields = {
        "date": Field(DATE, lambda o: timezone.localdate().isoformat()),
        "title": text("Na 3 maanden"),
        "summary": text("Het is rustiger aan tafel."),
    }
    for action in Action.objects.filter(trajectory=o.trajectory).order_by("pk"):
        fields[ReviewForm.status_name(action)] = scalar(lambda o: "in_progress")
        fields[ReviewForm.changed_name(action)] = text("")
    return fields


def step_fields(step):
    return lambda o: {"expected_step": scalar(lambda o: str(step)), "reason": text("We doen het nog eens.")}


SPECS = [
    Spec(
        "login", "anonymous", lambda o: reverse("login"),
        lambda o: {"username": text("cli"), "password": Field(SECRET, lambda o: "partner-test"),
                   "next": Field(NEXT, lambda o: "/")},
    ),
    Spec("two_factor_setup", "facilitator", lambda o: reverse("two_factor_setup"),
         lambda o: {"name": text("Werktelefoon"), **two_factor_fields(o)}, models=(TOTPDevice,)),
    Spec("two_factor_verify", "otp", lambda o: reverse("two_factor_verify"), two_factor_fields, models=(TOTPDevice,)),
    Spec(
        "action_filter", "quality", lambda o: reverse("trajectories:plans_overview"),
        lambda o: {"location": scalar(lambda o: str(o.location.pk)), "status": scalar(lambda o: "proposed"),
                   "theme": scalar(lambda o: Theme.FOOD), "overdue": Field(BOOL, lambda o: "on")},
        method="get",
    ),
    Spec(
        "lesson_filter", "facilitator", lambda o: reverse("trajectories:lessons"),
        lambda o: {"q": text("foto"), "care_context": scalar(lambda o: "elderly"),
                   "theme": scalar(lambda o: Theme.FOOD), "method": scalar(lambda o: "")},
        method="get",
    ),
    Spec(
        "method_filter", "facilitator", lambda o: reverse("trajectories:methods"),
        lambda o: {"q": text("foto"), "step": scalar(lambda o: "1"), "group": scalar(lambda o: "clients"),
                   "suits": Field(MULTI, lambda o: ["dementia"])},
        method="get",
    ),
    Spec(
        "matrix_overview_filter", "quality", lambda o: reverse("matrix:overview"),
        lambda o: {"location": scalar(lambda o: str(o.location.pk)),
                   "date_from": Field(DATE, lambda o: days_ago(90).isoformat()),
                   "date_to": Field(DATE, lambda o: days_ago(0).isoformat())},
        method="get",
    ),
    Spec(
        "member_add", "facilitator", traj("members"),
        lambda o: {"user": scalar(free_candidate), "role": scalar(lambda o: "client"),
                   "is_relative": Field(BOOL, lambda o: "")},
        prepare=put_candidates_back, show=lambda o, r: [("facilitator", traj("members")(o))], models=(Membership,),
    ),
    Spec(
        "review_create", "facilitator", traj("review_create"), review_fields,
        show=lambda o, r: [("quality", r["Location"])], models=(Review, ReviewOutcome, Action),
        shows_saved_text=True,
    ),
    Spec(
        "step_back", "facilitator", traj("step_back"), step_fields(2), prepare=at_step(2),
        show=lambda o, r: [("facilitator", traj("detail")(o))], models=(StepTransition, Trajectory),
        shows_saved_text=True,
    ),
    Spec(
        "step_skip", "facilitator", traj("step_skip"), step_fields(1), prepare=at_step(1),
        show=lambda o, r: [("facilitator", traj("detail")(o))], models=(StepTransition, Trajectory),
        shows_saved_text=True,
    ),
    Spec(
        "live_session_open", "facilitator", traj("live_sessions"),
        lambda o: {"title": text("Huiskamergesprek"), "dots_per_client": scalar(lambda o: "3"),
                   "max_dots_per_topic": scalar(lambda o: "2")},
        prepare=no_open_session,
        show=lambda o, r: [("facilitator", r["Location"]), ("facilitator", traj("live_sessions")(o))],
        models=(LiveSession,), shows_saved_text=True,
    ),
    Spec(
        "live_vote_on_behalf", "facilitator", live("live_console"),
        lambda o: {"op": scalar(lambda o: "add"), "stem-voter": scalar(lambda o: ""),
                   "stem-voter_name": text("Mevrouw Jansen"), "stem-topic": scalar(lambda o: str(o.topics[0].pk))},
        fixed={"form": "vote"}, prepare=no_votes, show=console, models=(Vote,),
    ),
    Spec(
        "live_merge", "facilitator", live("live_console"),
        lambda o: {"samen-duplicate": scalar(lambda o: str(unmerged_topics(o)[0].pk)),
                   "samen-into": scalar(lambda o: str(unmerged_topics(o)[1].pk))},
        fixed={"form": "merge"}, prepare=no_merges, show=console_and_board, models=(Topic,),
    ),
    Spec(
        "live_timer", "facilitator", live("live_control"),
        lambda o: {"action": scalar(lambda o: "timer_start"), "timer-minutes": scalar(lambda o: "5"),
                   "next": scalar(lambda o: "board")},
        show=console_and_board, models=(LiveSession,),
    ),
    Spec(
        "live_voting_open", "facilitator", live("live_control"),
        lambda o: {"action": scalar(lambda o: "voting_open"), "stemmen-dots_per_client": scalar(lambda o: "5"),
                   "stemmen-max_dots_per_topic": scalar(lambda o: "2")},
        prepare=no_votes, show=console_and_board, models=(LiveSession,),
    ),
    Spec(
        "live_focus", "facilitator", live("live_control"),
        lambda o: {"action": scalar(lambda o: "focus"), "focus-topic": scalar(lambda o: str(o.topics[1].pk)),
                   "next": scalar(lambda o: "board")},
        show=console_and_board, models=(LiveSession,),
    ),
    Spec(
        "goal_evaluate", "client", lambda o: traj("goal_evaluate", goal_pk=o.goal.pk)(o),
        lambda o: {"outcome": scalar(lambda o: "partly"), "note": text("Ik werd gehoord.")},
        show=lambda o, r: [("facilitator", traj("goals")(o)), ("client", traj("goals")(o))], models=(Goal,),
        shows_saved_text=True,
    ),
    Spec(
        "trajectory_from_template", "facilitator",
        lambda o: reverse("trajectories:template_detail", kwargs={"template_pk": o.template.pk}),
        lambda o: {"title": text("Nieuw traject"), "start_date": Field(DATE, lambda o: timezone.localdate().isoformat()),
                   "location": scalar(lambda o: str(o.location.pk))},
        show=redirect_target, models=(Trajectory, Meeting), shows_saved_text=True,
    ),
    Spec(
        "trajectory_copy", "facilitator", traj("copy"),
        lambda o: {"title": text("Kopie"), "start_date": Field(DATE, lambda o: timezone.localdate().isoformat())},
        show=redirect_target, models=(Trajectory, Meeting), shows_saved_text=True,
    ),
    Spec(
        "consent_by_facilitator", "facilitator", lambda o: traj("member_consent_give", member_pk=o.gerda.pk)(o),
        lambda o: {"kind": scalar(lambda o: "participation"), "note": text("Mondeling gegeven.")},
        prepare=no_current_consents, show=lambda o, r: [("facilitator", traj("members")(o))], models=(Consent,),
    ),
    Spec(
        "consent_by_client", "client", traj("my_consent"),
        lambda o: {"kind": scalar(lambda o: "photos"), "note": text("")},
        prepare=no_current_consents, show=lambda o, r: [("client", traj("my_consent")(o))], models=(Consent,),
    ),
]
SPEC_IDS = [spec.name for spec in SPECS]
POST_SPECS = [spec for spec in SPECS if spec.method == "post"]
SAVING_SPECS = [spec for spec in SPECS if spec.shows_saved_text]


@pytest.fixture
def o(objects, world):  # noqa: F811 - the imported fixture
    """``objects`` of ``tests/test_hostile_input.py``, with what these forms need on top."""
    trajectory = world.trajectory
    gerda = world.membership(world.client)
    services.action_create(
        trajectory=trajectory, by=objects.lead, what="Menukaart met foto's", owner=gerda,
        due_date=timezone.localdate() + datetime.timedelta(days=20),
    )
    # A second session ten weeks on: templates and copies plan sessions weeks after their start.
    services.meeting_create(
        trajectory=trajectory, by=world.facilitator, date=datetime.date(2026, 3, 16), step=Step.CLIENT_AGENDA,
        group=MeetingGroup.CLIENTS, methods=[objects.method],
    )
    template = tailoring_services.template_from_trajectory(trajectory=trajectory, by=world.facilitator,
                                                           name="Ons sjabloon")
    topics = [objects.topic] + [factories.topic(trajectory, gerda, title=f"Onderwerp {n}") for n in range(3)]
    live_services.live_voting_open(session=objects.live, by=world.facilitator, dots_per_client=MAX_DOTS,
                                   max_dots_per_topic=MAX_DOTS)
    goal = learning_services.goal_create(trajectory=trajectory, by=gerda, text="Gehoord worden")
    candidates = [
        factories.person(world.organisation, username=f"kandidaat{n}", first_name=f"Kandidaat{n}") for n in range(2)
    ]
    otp_user = factories.person(world.organisation, username="otp", first_name="Otto")
    TOTPDevice.objects.create(user=otp_user, name="app", confirmed=True)
    project = make_project(world, name="Meedoen", start=60, location=objects.location, trajectory=trajectory)
    assess(project, AssessmentKind.INTERIM, by=world.facilitator, date=days_ago(10))
    return SimpleNamespace(
        **vars(objects), gerda=gerda, template=template, topics=topics, goal=goal, candidates=candidates,
        otp_user=otp_user,
    )


class Users(dict):
    """A logged-in test client per role; the anonymous visitor gets a fresh one each time."""

    def __missing__(self, role):
        if role == "anonymous":
            return Client()
        http = Client()
        http.force_login(self.users[role])
        self[role] = http
        return http


@pytest.fixture
def users(world, o):
    found = Users()
    found.users = {role: world.user(role) for role in ("facilitator", "client", "staff", "quality")}
    found.users["otp"] = o.otp_user
    return found


# --- checks ----------------------------------------------------------------------------------


def rows(models) -> list:
    return [(model.__name__, row) for model in models for row in model.objects.order_by("pk").values_list()]


def assert_nothing_unprintable_saved(spec: Spec) -> None:
    """NUL bytes break PostgreSQL; control characters make every page that shows them invalid HTML."""
    for model, row in rows(spec.models):
        for value in row:
            if isinstance(value, str):
                assert not CONTROL_CHARACTERS.search(value), f"{spec.name}: {model} saved {value[:80]!r}"


def send(spec: Spec, o, users, data: dict, *, show=True):
    """Send ``data``; no server error; nothing typed lost; no off-site redirect; the pages that show what
    was saved (unless ``show`` is false) still work and carry no live markup."""
    spec.prepare(o)
    http = users[spec.role]
    url = spec.url(o)
    shown = f"{spec.name}: {data!r:.300}"
    try:
        response = http.get(url, data) if spec.method == "get" else http.post(url, data)
    except Exception as error:  # the test client raises what would have been a server error (500)
        raise AssertionError(f"server error ({error!r}) for {shown}") from error
    assert response.status_code < 500, f"server error for {shown}"
    assert response.status_code in (200, 302), f"{response.status_code} for {shown}"
    assert_no_live_markup(response.content.decode(), spec.name)
    if response.status_code == 200:
        page = body(response)
        for name in spec.typed_fields(o):
            if name in data:
                assert data[name] in page, f"{spec.name}: what was typed in {name!r} is gone: {data[name][:80]!r}"
    else:
        location = response["Location"]
        assert url_has_allowed_host_and_scheme(location, allowed_hosts={"testserver"}), (
            f"{spec.name}: sent off-site to {location!r}"
        )
        for role, page_url in spec.show(o, response) if spec.show and show else []:
            page = users[role].get(page_url)
            assert page.status_code == 200, f"{spec.name}: {page_url} answered {page.status_code}"
            assert_no_live_markup(page.content.decode(), page_url)
    assert_nothing_unprintable_saved(spec)
    return response


# --- the classics, always sent -------------------------------------------------------------------


@pytest.mark.parametrize("spec", SPECS, ids=SPEC_IDS)
def test_classic_hostile_values_in_every_field(spec, o, users):
    text_fields = spec.hostile_text_fields(o)
    for value in HOSTILE_TEXTS if text_fields else []:
        data = spec.valid_data(o)
        for name in text_fields:
            data[name] = value
        send(spec, o, users, data)
    for name, field_spec in spec.fields(o).items():
        for value in FIXED_BY_KIND.get(field_spec.kind, []):
            data = spec.valid_data(o)
            data[name] = value
            send(spec, o, users, data, show=False)
        data = spec.valid_data(o)
        del data[name]
        send(spec, o, users, data, show=False)


# A code from the authenticator app cannot be made up; ``tests/test_security.py`` sends right ones.
VALID_SPECS = [spec for spec in POST_SPECS if not spec.name.startswith("two_factor")]


@pytest.mark.parametrize("spec", VALID_SPECS, ids=[spec.name for spec in VALID_SPECS])
def test_the_valid_input_really_is_valid(spec, o, users):
    """The other tests break one thing at a time in valid data: it must be accepted as it is."""
    spec.prepare(o)
    before = rows(spec.models)
    response = send(spec, o, users, spec.valid_data(o))
    assert response.status_code == 302, body(response)[:3000]
    assert not spec.models or rows(spec.models) != before, f"{spec.name}: nothing was saved"


@pytest.mark.parametrize("spec", SAVING_SPECS, ids=[spec.name for spec in SAVING_SPECS])
def test_saved_markup_is_shown_as_text(spec, o, users):
    data = spec.valid_data(o)
    for name in spec.typed_fields(o):
        data[name] = XSS
    spec.prepare(o)
    response = users[spec.role].post(spec.url(o), data)
    assert response.status_code == 302, body(response)[:3000]
    for role, url in spec.show(o, response):
        page = users[role].get(url)
        assert page.status_code == 200, url
        content = page.content.decode()
        assert ESCAPED_SCRIPT in content, f"{spec.name}: the saved text is not on {url}"
        assert_no_live_markup(content, url)


@pytest.mark.parametrize("spec", POST_SPECS, ids=[spec.name for spec in POST_SPECS])
def test_a_post_without_csrf_token_is_refused(spec, o, world):
    http = Client(enforce_csrf_checks=True)
    user = world.user(spec.role) if spec.role != "otp" else o.otp_user
    if user is not None:
        http.force_login(user)
    spec.prepare(o)
    before = rows(spec.models)
    data = spec.valid_data(o)
    if spec.name != "login":  # the login keeps its right password: without a token it must still fail
        for name in spec.hostile_text_fields(o):
            data[name] = "Zonder token"
    response = http.post(spec.url(o), data)
    assert response.status_code == 403
    assert rows(spec.models) == before
    assert "_auth_user_id" not in http.session or user is not None


# --- random input (hypothesis) --------------------------------------------------------------------


@pytest.mark.parametrize("spec", SPECS, ids=SPEC_IDS)
@settings(
    max_examples=8,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_input_never_breaks_a_form(spec, o, users, data):
    values = spec.valid_data(o)
    for name, field_spec in spec.fields(o).items():
        what = data.draw(st.sampled_from(["keep", "break", "leave out"]), label=f"{name}?")
        if what == "break":
            values[name] = data.draw(STRATEGY_BY_KIND[field_spec.kind], label=name)
        elif what == "leave out":
            del values[name]
    response = send(spec, o, users, values)
    event(f"answered {response.status_code}")


# --- markup typed into forms whose text ends up in a PDF ----------------------------------------

MARKUP = {
    "trajectory title": "Plan <script>alert(1)</script>",
    "agenda title": "<b>Vet</b> eten",
    "agenda why": '"><img src=x onerror=alert(2)>',
    "dialogue agreed": "</td></tr></table><h1>Weg</h1>",
    "staff summary": "<svg onload=alert(3)>samen",
    "action steps": "<a href='javascript:alert(4)'>stap</a>",
    "action reason": "&lt;al ontsnapt&gt; <i>niet</i>",
}


def pdf_words(response) -> str:
    """All the text of a PDF, without any white space (the layout may break lines anywhere)."""
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "".join("".join(page.extract_text() for page in reader.pages).split())


def squash(value: str) -> str:
    return "".join(value.split())


def test_markup_typed_into_the_plan_forms_is_text_in_the_plan_pdf_and_the_combined_pdf(o, world, users):
    """``tests/trajectories/test_plan.py`` checks an action's "what" (made by the service); this sends
    the other texts of the plan through their forms, and also reads the combined PDF of quality staff."""
    facilitator, client, staff = users["facilitator"], users["client"], users["staff"]
    edited = facilitator.post(traj("edit")(o), {
        "title": MARKUP["trajectory title"], "subject": "Eten", "care_context": "elderly", "location": "",
        "description": "", "start_date": "2026-01-01", "end_date": "2026-12-31",
    })
    assert edited.status_code == 302
    assert client.post(traj("agenda")(o), {"title": MARKUP["agenda title"], "why": MARKUP["agenda why"]}).status_code == 302
    item = o.trajectory.agenda_items.get(title=MARKUP["agenda title"])
    services.agenda_item_share(item=item, by=o.gerda)
    assert facilitator.post(traj("dialogue_edit", item_pk=item.pk)(o),
                            {"heard": "Het is druk", "agreed": MARKUP["dialogue agreed"]}).status_code == 302
    assert staff.post(traj("staff")(o), {"summary": "1", "summary-text": MARKUP["staff summary"]}).status_code == 302
    services.staff_summary_share(trajectory=o.trajectory, by=o.lead)
    action = o.action
    assert facilitator.post(traj("action_edit", action_pk=action.pk)(o), {
        "what": action.what, "steps": MARKUP["action steps"], "agenda_item": str(item.pk), "owner": str(o.lead.pk),
        "co_owners": [], "due_date": action.due_date.isoformat(), "status": "adjusted",
        "status_reason": MARKUP["action reason"], "review_date": "", "version": str(action.version),
    }).status_code == 302
    own = pdf_words(facilitator.get(traj("plan_pdf")(o)))
    combined = pdf_words(users["quality"].get(reverse("trajectories:plans_pdf") + f"?traject={o.trajectory.pk}"))
    for where, value in MARKUP.items():
        assert squash(value) in own, f"the plan PDF lost the {where}: {value!r}"
        assert squash(value) in combined, f"the combined PDF lost the {where}: {value!r}"


def test_markup_typed_into_a_method_and_a_session_is_text_on_the_facilitator_card(o, users):
    facilitator = users["facilitator"]
    method_texts = {
        "name": "<script>alert(1)</script>",
        "purpose": '"><img src=x onerror=alert(2)>',
        "how_to": "<b>Eerst</b> dit\n</li></ol><h1>Dan</h1>",
        "materials": "<svg onload=alert(3)>",
        "accessibility": "&amp; &lt;grote letters&gt;",
    }
    created = facilitator.post(reverse("trajectories:method_create"), {
        **method_texts, "steps": ["1"], "group": "clients", "suits": [], "duration_minutes": "45", "tips": "",
    })
    assert created.status_code == 302, body(created)[:2000]
    method = Method.objects.get(organisation=o.world.organisation, name=method_texts["name"])
    session_title = "</title><script>alert(5)</script>"
    planned = facilitator.post(traj("meeting_create")(o), {
        "kind": "session", "title": session_title, "date": timezone.localdate().isoformat(), "step": "1",
        "group": MeetingGroup.CLIENTS, "methods": [str(method.pk)], "method": "", "notes": "",
    })
    assert planned.status_code == 302, body(planned)[:2000]
    meeting = Meeting.objects.get(title=session_title)
    words = pdf_words(facilitator.get(traj("meeting_card", meeting_pk=meeting.pk)(o)))
    for value in [session_title, *method_texts.values()]:
        for line in value.splitlines():
            assert squash(line) in words, f"the card lost {line!r}"


# --- every form has a hostile test -------------------------------------------------------------

HERE = "tests/test_hostile_every_form.py"
TRAJECTORY_SPECS = "tests/test_hostile_input.py"
MATRIX_SPECS = "tests/matrix/test_hostile_input.py"

# Form -> where hostile input is sent to it, as ``file::name``: the name of a spec in the list of specs
# that every hostile test of that file runs through (``SPECS`` here, ``FORMS`` in the other two), or
# of a dedicated test function.
COVERAGE = {
    # partner.forms
    LoginForm: (f"{HERE}::login",),
    TwoFactorCodeForm: (f"{HERE}::two_factor_verify",),
    AddDeviceForm: (f"{HERE}::two_factor_setup",),
    # trajectories.forms
    ActionFilterForm: (f"{HERE}::action_filter",
                       "tests/trajectories/test_plans_overview.py::test_hostile_filters_are_form_errors"),
    ActionForm: (f"{TRAJECTORY_SPECS}::action_create", f"{TRAJECTORY_SPECS}::action_edit"),
    AgendaItemForm: (f"{TRAJECTORY_SPECS}::agenda_item_create", f"{TRAJECTORY_SPECS}::agenda_item_edit"),
    DialogueForm: (f"{TRAJECTORY_SPECS}::dialogue_edit",),
    FacilitatorTopicForm: (f"{TRAJECTORY_SPECS}::topic_create_by_facilitator",),
    MeetingForm: (f"{TRAJECTORY_SPECS}::meeting_create", f"{TRAJECTORY_SPECS}::meeting_edit"),
    MembershipAddForm: (f"{HERE}::member_add",),
    ProgressForm: (f"{TRAJECTORY_SPECS}::action_progress",
                   "tests/trajectories/test_followup.py::test_hostile_text_never_breaks_the_page"),
    ReviewForm: (f"{HERE}::review_create",
                 "tests/trajectories/test_followup.py::test_hostile_text_never_breaks_the_review"),
    StaffReflectionForm: (f"{TRAJECTORY_SPECS}::staff_reflection_create",),
    StaffSummaryForm: (f"{TRAJECTORY_SPECS}::staff_summary",),
    StepMoveForm: (f"{HERE}::step_back", f"{HERE}::step_skip"),
    TopicEditForm: (f"{TRAJECTORY_SPECS}::topic_edit",),
    TopicForm: (f"{TRAJECTORY_SPECS}::topic_create_by_client",),
    TrajectoryForm: (f"{TRAJECTORY_SPECS}::trajectory_create", f"{TRAJECTORY_SPECS}::trajectory_edit"),
    # trajectories.live_forms
    ClientTopicForm: (f"{TRAJECTORY_SPECS}::live_topic_by_client",),
    DotsFields: (f"{HERE}::live_voting_open", f"{HERE}::live_session_open"),  # through its two subclasses
    FocusForm: (f"{HERE}::live_focus",),
    JoinCodeForm: ("tests/trajectories/test_live_views.py::test_hostile_codes_and_names_never_break_joining",),
    JoinNameForm: ("tests/trajectories/test_live_views.py::test_hostile_codes_and_names_never_break_joining",),
    LiveSessionOpenForm: (f"{HERE}::live_session_open",
                          "tests/trajectories/test_live_views.py::test_a_hostile_session_title_is_shown_as_text"),
    MergeForm: (f"{HERE}::live_merge",),
    OnBehalfTopicForm: (f"{TRAJECTORY_SPECS}::live_topic_on_behalf",),
    OnBehalfVoteForm: (f"{HERE}::live_vote_on_behalf",),
    TimerForm: (f"{HERE}::live_timer",),
    VotingForm: (f"{HERE}::live_voting_open",),
    # trajectories.toolkit_forms
    EvaluationReportForm: (f"{TRAJECTORY_SPECS}::report_edit",),
    GoalEvaluateForm: (f"{HERE}::goal_evaluate",),
    GoalForm: (f"{TRAJECTORY_SPECS}::goal",),
    LessonFilterForm: (f"{HERE}::lesson_filter",),
    LessonForm: ("tests/trajectories/test_toolkit_views.py::test_hostile_lesson_texts_never_break_and_markup_stays_text",),
    MethodFilterForm: (f"{HERE}::method_filter",
                       "tests/trajectories/test_toolkit_views.py::test_filters_never_break_the_page"),
    MethodForm: (f"{TRAJECTORY_SPECS}::method_create",),
    NewTrajectoryForm: (f"{HERE}::trajectory_from_template", f"{HERE}::trajectory_copy"),
    TailorForm: (f"{TRAJECTORY_SPECS}::tailor",),
    TemplateSaveForm: (f"{TRAJECTORY_SPECS}::save_as_template",),
    # trajectories.privacy_forms
    ConsentForm: (f"{HERE}::consent_by_facilitator", f"{HERE}::consent_by_client"),
    # matrix.forms
    AssessmentForm: (f"{MATRIX_SPECS}::assessment_create",),
    GroupForm: (f"{MATRIX_SPECS}::group_add",),
    OverviewFilterForm: (f"{HERE}::matrix_overview_filter",
                         "tests/matrix/test_views.py::test_hostile_filters_are_form_errors"),
    ProjectCreateForm: (f"{MATRIX_SPECS}::project_create",),
    ProjectForm: (f"{MATRIX_SPECS}::project_edit",),
    ProjectMemberForm: (f"{MATRIX_SPECS}::member_add",),
}

FORM_MODULES = (
    "partner.accounts.forms",
    "trajectories.core.forms",
    "trajectories.plan.forms",
    "trajectories.live.forms",
    "trajectories.toolkit.forms",
    "trajectories.privacy.forms",
    "matrix.forms",
)
PROJECT_PACKAGES = ("partner", "trajectories", "matrix")


def project_modules() -> set[str]:
    """The modules above, and every other module of the project's packages (a form may live anywhere)."""
    names = set(FORM_MODULES)
    for package_name in PROJECT_PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            if ".migrations" not in info.name and info.name not in {"partner.wsgi", "partner.asgi"}:
                names.add(info.name)
    return names


def project_forms() -> set[type]:
    forms = set()
    for name in project_modules():
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, BaseForm) and value.__module__ == name:
                forms.add(value)
    return forms


def test_every_form_in_the_project_has_a_hostile_input_test():
    forms = project_forms()
    missing = sorted(f"{form.__module__}.{form.__qualname__}" for form in forms if form not in COVERAGE)
    assert not missing, (
        "These forms have no hostile-input test. Add the form to a list of specs in tests/test_hostile_input.py, "
        "tests/matrix/test_hostile_input.py or tests/test_hostile_every_form.py (or write a dedicated test), "
        f"then list it in COVERAGE: {missing}"
    )
    gone = sorted(form.__qualname__ for form in COVERAGE if form not in forms)
    assert not gone, f"COVERAGE lists forms that are no longer in the project: {gone}"


def covers(place: str) -> bool:
    """Whether ``file::name`` names a spec of that file's hostile tests, or a test function in it."""
    path, _, name = place.partition("::")
    if path == HERE:
        return name in SPEC_IDS or name.startswith("test_") and callable(globals().get(name))
    if path == TRAJECTORY_SPECS:
        return name in trajectory_hostile.FORM_IDS
    if path == MATRIX_SPECS:
        return name in matrix_hostile.FORM_IDS
    source = (Path(__file__).resolve().parent.parent / path).read_text(encoding="utf-8")
    return name.startswith("test_") and f"def {name}(" in source


def test_every_coverage_entry_points_at_a_real_test():
    wrong = [f"{form.__qualname__}: {place}" for form, places in COVERAGE.items() for place in places
             if not covers(place)]
    assert all(COVERAGE.values()) and not wrong, f"COVERAGE names tests that do not exist: {wrong}"
