"""The one hostile-input harness: what is sent, to which forms, and what must hold afterwards.

Every form gets hostile input: never a server error, never an off-site redirect, nothing typed is
lost when the form comes back, no NUL byte or control character is saved, whatever is saved comes
back as escaped text, and no POST goes through without a CSRF token. Random values come from
hypothesis; the classic nasty ones (NUL bytes, control characters, script tags, SQL, 10 000
characters, impossible dates, huge numbers, off-site addresses) are always sent as well.

The forms are described once each, as a ``Spec``, in the test module of their area
(``tests/<area>/test_hostile_input.py``). That module runs them through one of the test classes
here by subclassing it and listing them in ``SPECS``:

- ``TrajectoryTextForms`` / ``MatrixTextForms``: forms that save text (made with ``form``): every
  hostile text in every text field, NUL bytes and control characters refused with a form error,
  tabs, line breaks and emoji kept, wrong types in the other fields (and, for the matrix, huge
  numbers refused).
- ``OtherForms``: the rest (logging in, filters, moving between steps, the live session's
  controls, consent, ...): the classic values in every field and each field left out, the valid
  input really valid.

Each class builds its world and objects once (``tests/shared.py``); every test runs in a transaction
of its own that is rolled back, on fresh copies of the objects.

``tests/test_hostile_coverage.py`` fails for a form that is in none of the ``SPECS``.

Run them against PostgreSQL too, which refuses NUL bytes in text:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/partner_hostile \\
        .venv/bin/python -m pytest tests -k Hostile
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, override
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from matrix.models import AssessmentKind
from partner.forms import CONTROL_CHARACTERS
from tests import factories
from tests.html import assert_valid_html
from tests.matrix.helpers import assess, days_ago, make_project
from tests.pages import body
from tests.shared import fresh, kept
from tests.world import build_world
from trajectories.core import services
from trajectories.live import services as live_services
from trajectories.models import MAX_DOTS, Location, MeetingGroup, Step
from trajectories.toolkit import learning_services, method_services, tailoring_services

# --- what is sent -----------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
XSS = SCRIPT + IMG
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
CONTROL_MESSAGE = (
    "This text contains invisible control characters (often from copy and paste). Remove them and try again."
)

HOSTILE_TEXTS = [
    "x" * 10_000,
    "ë" * 10_000,
    "\x00",
    "Rust\x00aan tafel",
    "\x01\x02\x03\x07\x08\x0b\x0c\x0e\x1b[31mrood\x1f\x7f",
    "tab\there\r\nnew\rline\n",
    SCRIPT,
    IMG,
    XSS,
    "</textarea><script>alert(1)</script>",
    "'; DROP TABLE trajectories_topic; --",
    "1' OR '1'='1",
    "Robert'); DELETE FROM auth_user WHERE ('1'='1",
    "{{ request.user.password }}{% debug %}",
    "%(name)s %s {0} %d",
    "😀🎉👩‍👩‍👧 Ünïcødé ẞ ‮tfel-ot-thgir‬ \u200b\ufeff",
    "\u0301\u0301\u0301 Z̴̧̛a̸l̵g̸o̷",
    "   ",
    "",
    "&amp; &lt; &#0; &#x0; &nbsp;",
]
NUL_TEXT = "Rust\x00aan tafel"
# Control characters a form must refuse with its own message (and keep on the page).
CONTROL_TEXTS = ["Belletje\x07 en escape\x1b[31m", "Verticale\x0btab", "C1\x85midden", "Niet\ufffe", "\x7f"]
# What a form must keep: tabs, line breaks, emoji and a line separator.
TABS_AND_EMOJI = "Eerst\tdit,\r\ndan dat\nen zo 😀 \u2028 klaar"

SCALAR_HOSTILE = [
    "99999999999999999999",
    "-99999999999999999999",
    "9" * 400,
    "-1",
    "0",
    "1.5",
    "1e3",
    "abc",
    "",
    " ",
    "\x00",
    "1\x00",
    "²",
    "٣",
    "2026-02-30",
    "0000-00-00",
    "10000-01-01",
    "[1, 2]",
    "None",
    SCRIPT,
]
MULTI_HOSTILE = [["abc"], ["99999999999999999999"], ["-1"], [""], ["\x00"], ["1", "1"], ["9" * 400]]
HUGE = ["99999999999999999999", "-99999999999999999999", "9" * 400, str(2**63), str(2**64)]
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

# --- kinds of fields ----------------------------------------------------------------------------

TEXT, SCALAR, MULTI, BOOL = "text", "scalar", "multi", "bool"
SECRET = "secret"  # hostile text that the page never shows again (a password)
NEXT = "next"  # where to go afterwards: must never lead off-site
DATE = "date"

FIXED_BY_KIND = {
    SCALAR: WRONG_TYPES,
    MULTI: MULTI_HOSTILE,
    BOOL: [*WRONG_TYPES, "on", "off", "false"],
    NEXT: [*REDIRECTS, *WRONG_TYPES],
    DATE: [*DATES, *WRONG_TYPES],
}

text_values = st.one_of(
    st.sampled_from(HOSTILE_TEXTS),
    st.text(max_size=300),
    st.text(
        alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "So", "Mn", "Zs", "Zl", "Zp", "Sm"]),
        max_size=60,
    ),
)
scalar_values = st.one_of(
    st.sampled_from(SCALAR_HOSTILE),
    st.integers().map(str),
    st.dates().map(str),
    st.text(max_size=20),
)
multi_values = st.one_of(st.sampled_from(MULTI_HOSTILE), st.lists(scalar_values, max_size=3))
bool_values = st.one_of(st.just(""), st.just("on"), scalar_values)
HOSTILE_BY_KIND = {TEXT: text_values, SCALAR: scalar_values, MULTI: multi_values, BOOL: bool_values}
STRATEGY_BY_KIND = {
    **HOSTILE_BY_KIND,
    SECRET: HOSTILE_BY_KIND[TEXT],
    NEXT: st.one_of(st.sampled_from(REDIRECTS), HOSTILE_BY_KIND[SCALAR], st.text(max_size=40)),
    DATE: st.one_of(st.sampled_from(DATES), st.dates().map(datetime.date.isoformat), HOSTILE_BY_KIND[SCALAR]),
}


def in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


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


# --- the forms ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """One form: who sends it where (GET or POST), its fields, and the pages that show what it saved."""

    name: str
    role: str
    url: Callable  # objects -> url
    fields: Callable | dict  # {name: Field}, or objects -> {name: Field} (evaluated per request)
    method: str = "post"
    fixed: dict = field(default_factory=dict)
    prepare: Callable = _nothing  # objects -> None: puts the data back before each request
    show: Callable | None = None  # (objects, response) -> [(role, url)]: pages that show what was saved
    models: tuple = ()  # the models whose rows it writes
    shows_saved_text: bool = False  # what is typed into its text fields is shown on ``show`` pages

    def fields_for(self, o) -> dict:
        return self.fields(o) if callable(self.fields) else self.fields

    def valid_data(self, o) -> dict:
        return {**self.fixed, **{name: spec.valid(o) for name, spec in self.fields_for(o).items()}}

    def typed_fields(self, o) -> list[str]:
        """Text fields whose value the form shows again when it comes back with errors."""
        return [name for name, spec in self.fields_for(o).items() if spec.kind == TEXT]

    def hostile_text_fields(self, o) -> list[str]:
        return [name for name, spec in self.fields_for(o).items() if spec.kind in (TEXT, SECRET)]

    def other_fields(self, o) -> dict:
        return {name: spec for name, spec in self.fields_for(o).items() if spec.kind != TEXT}

    def may_have_other_fields(self) -> bool:
        """Whether it has fields that are not text (fields that depend on the objects may)."""
        return callable(self.fields) or any(spec.kind != TEXT for spec in self.fields.values())

    def count(self) -> list[int]:
        return [model.objects.count() for model in self.models]


def form(name, role, url, fields, show_url, show_role, models, *, shows_saved_text=True, **options) -> Spec:
    """A form that saves text: posted by ``role`` to ``url``, what it saved shown to ``show_role`` on ``show_url``."""
    return Spec(
        name, role, url, fields, show=lambda o, response: [(show_role, show_url(o))],
        models=models if isinstance(models, tuple) else (models,), shows_saved_text=shows_saved_text, **options,
    )


def traj(name, **kwargs):
    """The URL of a page of the trajectory (objects -> url)."""
    return lambda o: reverse(f"trajectories:{name}", kwargs={"pk": o.trajectory.pk, **kwargs})


def live(name):
    """The URL of a page of the open live session (objects -> url)."""
    return lambda o: reverse(f"trajectories:{name}", kwargs={"pk": o.trajectory.pk, "session_pk": o.live.pk})


# --- the objects the forms refer to --------------------------------------------------------------


def trajectory_objects(world):
    """A trajectory with one of everything the trajectory's forms refer to."""
    trajectory = world.trajectory
    gerda = world.membership(world.client)
    lead = world.membership(world.facilitator)
    topic = factories.topic(trajectory, gerda, title="Eigen onderwerp")
    private_item = services.agenda_item_create(trajectory=trajectory, by=gerda, title="Nog privé", topics=[topic])
    shared_item = services.agenda_item_create(trajectory=trajectory, by=gerda, title="Gedeeld punt")
    services.agenda_item_share(item=shared_item, by=gerda)
    meeting = services.meeting_create(
        trajectory=trajectory, by=world.facilitator, date=datetime.date(2026, 1, 5), step=Step.EXPLORE,
        group=MeetingGroup.JOINT,
    )
    action = services.action_create(
        trajectory=trajectory, by=lead, what="Medicijnronde verplaatsen", owner=lead,
        due_date=timezone.localdate() + datetime.timedelta(days=10), agenda_item=shared_item,
    )
    location = Location.objects.create(organisation=world.organisation, name="De Tuin")
    live_session = live_services.live_session_open(trajectory=trajectory, by=world.facilitator, title="Huiskamer")
    method = method_services.method_create(
        organisation=world.organisation, by=world.facilitator, name="Fotowandeling", purpose="Kijken", steps=[1],
        group="clients", suits=[], duration_minutes=30, how_to="Loop",
    )
    return SimpleNamespace(
        method=method, world=world, trajectory=trajectory, lead=lead, topic=topic, private_item=private_item,
        shared_item=shared_item, meeting=meeting, action=action, location=location, live=live_session,
    )


def all_objects(world):
    """``trajectory_objects``, with what the other forms need on top: a second action and session, a
    template, topics to vote on and merge, a goal, people to add, a second factor and a matrix project."""
    objects = trajectory_objects(world)
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


def matrix_objects(world):
    """A participation project with one group (few grid fields), an agreement and someone to add."""
    location = Location.objects.create(organisation=world.organisation, name="De Tuin")
    project = make_project(world, name="Meedoen", start=60, location=location, trajectory=world.trajectory)
    assess(project, AssessmentKind.AGREEMENT, by=world.facilitator, date=days_ago(30))
    candidate = factories.person(world.organisation, username="kandidaat", first_name="Karin")
    return SimpleNamespace(world=world, project=project, location=location, candidate=candidate)


class Users(dict):
    """A logged-in test client per role; the anonymous visitor gets a fresh one each time."""

    def __init__(self, world, otp_user=None):
        super().__init__()
        self.world, self.otp_user = world, otp_user

    def user(self, role):
        return self.otp_user if role == "otp" else self.world.user(role)

    def __missing__(self, role):
        if role == "anonymous":
            return Client()
        http = Client()
        http.force_login(self.user(role))
        self[role] = http
        return http


# --- checks -----------------------------------------------------------------------------------



def assert_no_live_markup(content: str, where: str) -> None:
    assert SCRIPT not in content, f"a raw <script> on {where}"
    assert "<img src=x onerror" not in content, f"a raw <img onerror> on {where}"


def control_message() -> str:
    with override("nl"):  # the page's language; Dutch once the catalogue has it
        return gettext(CONTROL_MESSAGE)


def rows(models) -> list:
    return [(model.__name__, row) for model in models for row in model.objects.order_by("pk").values_list()]


def nothing_saved_contains(spec: Spec, value: str) -> bool:
    return not any(value in str(cell) for _model, row in rows(spec.models) for cell in row)


def assert_nothing_unprintable_saved(spec: Spec) -> None:
    """NUL bytes break PostgreSQL; control characters make every page that shows them invalid HTML."""
    for model, row in rows(spec.models):
        for value in row:
            if isinstance(value, str):
                assert not CONTROL_CHARACTERS.search(value), f"{spec.name}: {model} saved {value[:80]!r}"


def send(spec: Spec, o, users, data: dict, *, show=True):
    """Send ``data``; no server error; nothing typed lost; no off-site redirect; the pages that show what
    was saved (unless ``show`` is false) still work and carry no live markup; nothing unprintable saved."""
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


def check_saved_markup_is_shown_as_text(spec: Spec, o, users) -> None:
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


def check_a_post_without_csrf_token_is_refused(spec: Spec, o, users) -> None:
    http = Client(enforce_csrf_checks=True)
    user = users.user(spec.role)
    if user is not None:
        http.force_login(user)
    spec.prepare(o)
    before = rows(spec.models)
    data = spec.valid_data(o)
    if spec.name != "login":  # the login keeps its right password: without a token it must still fail
        for name in spec.hostile_text_fields(o):
            data[name] = "Zonder token"
    response = http.post(spec.url(o), data)
    assert response.status_code == 403, spec.name
    assert rows(spec.models) == before, spec.name
    assert nothing_saved_contains(spec, "Zonder token"), spec.name
    assert "_auth_user_id" not in http.session or user is not None


# Hypothesis settings of the random-input tests. The fixtures are made once per test, not per example
# (each example only posts); the same test runs from a test class per area (one executor each),
# which is safe because no example database is replayed.
RANDOM = dict(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.differing_executors],
)


def break_some_fields(spec: Spec, o, data) -> dict:
    """Valid data with some fields (drawn) replaced by hostile values."""
    values = spec.valid_data(o)
    for name, field_spec in spec.fields_for(o).items():
        if data.draw(st.booleans(), label=f"break {name}"):
            values[name] = data.draw(HOSTILE_BY_KIND[field_spec.kind], label=name)
    return values


# --- the tests, for a module to run over its forms ----------------------------------------------


class FormTests:
    """Base of the hostile-input test classes. A subclass lists its forms in ``SPECS``; each test runs
    for the specs that ``APPLIES`` lets through (every spec if it names no rule), and a test that
    applies to none of them is left out."""

    SPECS: list = []
    APPLIES: dict = {}
    build = None  # world -> the objects the forms refer to (a namespace with the world in it)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "SPECS" not in cls.__dict__:
            return
        assert len({spec.name for spec in cls.SPECS}) == len(cls.SPECS), f"{cls.__name__}: two specs share a name"
        for name in dir(cls):
            if name.startswith("test_") and name in cls.APPLIES and not cls.specs_for(name):
                setattr(cls, name, None)

    @classmethod
    def specs_for(cls, test_name: str) -> list:
        applies = cls.APPLIES.get(test_name, lambda spec: True)
        return [spec for spec in cls.SPECS if applies(spec)]

    @pytest.fixture(scope="class")
    @classmethod
    def shared(cls, django_db_setup, django_db_blocker, tmp_path_factory):
        """The world and the objects, made once for the class (``tests/shared.py``): each test runs in
        a transaction of its own that is rolled back, so what a form saved never reaches the next."""
        yield from kept(django_db_blocker, tmp_path_factory, lambda: cls.build(build_world()))

    @pytest.fixture
    def o(self, db, shared):
        return fresh(shared)

    @pytest.fixture
    def world(self, o):
        return o.world

    @pytest.fixture
    def users(self, world, o):
        return Users(world, otp_user=getattr(o, "otp_user", None))

    def pytest_generate_tests(self, metafunc):
        if "spec" in metafunc.fixturenames:
            specs = self.specs_for(metafunc.function.__name__)
            metafunc.parametrize("spec", specs, ids=[spec.name for spec in specs])

    def test_a_post_without_csrf_token_is_refused(self, spec, o, users):
        check_a_post_without_csrf_token_is_refused(spec, o, users)


def _saves_text(spec):
    return spec.shows_saved_text


class TextFormTests(FormTests):
    """Forms that save text (``form``): the hostile texts, NUL bytes, control characters, tabs and
    emoji in their text fields; wrong types in the others; saved markup shown as text."""

    APPLIES = {
        "test_hostile_text_in_every_text_field": _saves_text,
        "test_nul_bytes_get_a_form_error_and_nothing_is_saved": _saves_text,
        "test_control_characters_get_a_form_error": _saves_text,
        "test_tabs_newlines_and_emoji_are_saved_and_shown_as_valid_html": _saves_text,
        "test_wrong_types_in_number_choice_and_date_fields": Spec.may_have_other_fields,
        "test_saved_markup_is_shown_as_text": _saves_text,
    }

    def test_hostile_text_in_every_text_field(self, spec, o, users):
        for value in HOSTILE_TEXTS:
            data = spec.valid_data(o)
            for name in spec.typed_fields(o):
                data[name] = value
            send(spec, o, users, data)

    def test_nul_bytes_get_a_form_error_and_nothing_is_saved(self, spec, o, users):
        for name in spec.typed_fields(o):
            before = spec.count()
            data = spec.valid_data(o)
            data[name] = NUL_TEXT
            response = send(spec, o, users, data)
            assert response.status_code == 200, f"{spec.name}: a NUL byte in {name!r} was accepted"
            assert spec.count() == before
            assert nothing_saved_contains(spec, "\x00")

    def test_control_characters_get_a_form_error(self, spec, o, users):
        """Saved, they would make every page that shows them invalid HTML (and NUL breaks PostgreSQL)."""
        message = control_message()
        for name in spec.typed_fields(o):
            for value in CONTROL_TEXTS:
                data = spec.valid_data(o)
                data[name] = value
                response = users[spec.role].post(spec.url(o), data)
                assert response.status_code == 200, f"{spec.name}: {value!r} in {name!r} was accepted"
                assert value in body(response), f"{spec.name}: {value!r} in {name!r} is gone"
                assert message in body(response), f"{spec.name}: no message for {value!r} in {name!r}"

    def test_tabs_newlines_and_emoji_are_saved_and_shown_as_valid_html(self, spec, o, users):
        data = spec.valid_data(o)
        for name in spec.typed_fields(o):
            data[name] = TABS_AND_EMOJI
        response = send(spec, o, users, data)
        assert response.status_code == 302, body(response)[:3000]
        for role, url in spec.show(o, response):
            page = users[role].get(url)
            assert "Eerst\tdit," in page.content.decode()
            assert_valid_html(page)

    def test_wrong_types_in_number_choice_and_date_fields(self, spec, o, users):
        for name, field_spec in spec.other_fields(o).items():
            values = MULTI_HOSTILE if field_spec.kind == MULTI else SCALAR_HOSTILE
            for value in values:
                data = spec.valid_data(o)
                data[name] = value
                send(spec, o, users, data)

    def test_saved_markup_is_shown_as_text(self, spec, o, users):
        check_saved_markup_is_shown_as_text(spec, o, users)

    @settings(max_examples=12, **RANDOM)
    @given(data=st.data())
    def test_random_input_never_breaks_a_form(self, spec, o, users, data):
        response = send(spec, o, users, break_some_fields(spec, o, data))
        event(f"answered {response.status_code}")


class TrajectoryTextForms(TextFormTests):
    """The trajectory's forms that save text, on ``trajectory_objects``."""

    build = staticmethod(trajectory_objects)


class MatrixTextForms(TextFormTests):
    """The participation matrix's forms, on ``matrix_objects``; their numbers must also refuse huge values."""

    build = staticmethod(matrix_objects)

    def test_huge_numbers_are_refused(self, spec, o, users):
        for name, field_spec in spec.other_fields(o).items():
            if name in {"start_date", "date"}:
                continue
            for value in HUGE:
                before = spec.count()
                data = spec.valid_data(o)
                data[name] = [value] if field_spec.kind == MULTI else value
                response = send(spec, o, users, data)
                assert response.status_code == 200, f"{spec.name}: {value[:30]} in {name!r} was accepted"
                assert spec.count() == before


class OtherForms(FormTests):
    """Every other form (``Spec``), on ``all_objects``: the classic values in every field and each
    field left out, random input that also leaves fields out, the valid input really valid."""

    APPLIES = {
        # A code from the authenticator app cannot be made up; ``tests/test_security.py`` sends right ones.
        "test_the_valid_input_really_is_valid": lambda spec: spec.method == "post"
        and not spec.name.startswith("two_factor"),
        "test_saved_markup_is_shown_as_text": _saves_text,
        "test_a_post_without_csrf_token_is_refused": lambda spec: spec.method == "post",
    }

    build = staticmethod(all_objects)

    def test_classic_hostile_values_in_every_field(self, spec, o, users):
        text_fields = spec.hostile_text_fields(o)
        for value in HOSTILE_TEXTS if text_fields else []:
            data = spec.valid_data(o)
            for name in text_fields:
                data[name] = value
            send(spec, o, users, data)
        for name, field_spec in spec.fields_for(o).items():
            for value in FIXED_BY_KIND.get(field_spec.kind, []):
                data = spec.valid_data(o)
                data[name] = value
                send(spec, o, users, data, show=False)
            data = spec.valid_data(o)
            del data[name]
            send(spec, o, users, data, show=False)

    def test_the_valid_input_really_is_valid(self, spec, o, users):
        """The other tests break one thing at a time in valid data: it must be accepted as it is."""
        spec.prepare(o)
        before = rows(spec.models)
        response = send(spec, o, users, spec.valid_data(o))
        assert response.status_code == 302, body(response)[:3000]
        assert not spec.models or rows(spec.models) != before, f"{spec.name}: nothing was saved"

    def test_saved_markup_is_shown_as_text(self, spec, o, users):
        check_saved_markup_is_shown_as_text(spec, o, users)

    @settings(max_examples=8, **RANDOM)
    @given(data=st.data())
    def test_random_input_never_breaks_a_form(self, spec, o, users, data):
        values = spec.valid_data(o)
        for name, field_spec in spec.fields_for(o).items():
            what = data.draw(st.sampled_from(["keep", "break", "leave out"]), label=f"{name}?")
            if what == "break":
                values[name] = data.draw(STRATEGY_BY_KIND[field_spec.kind], label=name)
            elif what == "leave out":
                del values[name]
        response = send(spec, o, users, values)
        event(f"answered {response.status_code}")
