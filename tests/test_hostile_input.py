"""Hostile input on every form that takes text: never a server error, nothing typed is lost,
and whatever is saved comes back as escaped text.

Random values come from hypothesis; the classic nasty ones (NUL bytes, control characters,
script tags, SQL, 10 000 characters, impossible dates, huge numbers) are always sent as
well. Run it against PostgreSQL too, which refuses NUL bytes in text:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/partner_hostile \\
        .venv/bin/python -m pytest tests/test_hostile_input.py
"""

import datetime
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests import factories
from tests.html import assert_valid_html
from trajectories.core import services
from trajectories.live import services as live_services
from trajectories.models import (
    Action,
    ActionProgress,
    AgendaItem,
    Dialogue,
    EvaluationReport,
    Goal,
    Location,
    Meeting,
    MeetingGroup,
    Method,
    StaffReflection,
    StaffSummary,
    Step,
    Theme,
    Topic,
    Trajectory,
    TrajectoryTemplate,
)
from trajectories.toolkit import method_services

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


def in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


# --- the forms ------------------------------------------------------------------------------

TEXT, SCALAR, MULTI, BOOL = "text", "scalar", "multi", "bool"


@dataclass(frozen=True)
class Field:
    kind: str
    valid: Callable  # objects -> a valid value


@dataclass(frozen=True)
class FormSpec:
    """One form: who posts it where, its fields, and where what it saved is shown."""

    name: str
    role: str
    url: Callable  # objects -> url
    fields: dict[str, Field]
    show_url: Callable  # objects -> the page that shows what was saved
    show_role: str
    model: type
    fixed: dict = field(default_factory=dict)

    def valid_data(self, objects) -> dict:
        return {**self.fixed, **{name: spec.valid(objects) for name, spec in self.fields.items()}}

    def text_fields(self) -> list[str]:
        return [name for name, spec in self.fields.items() if spec.kind == TEXT]


def text(value="Gewone tekst"):
    return Field(TEXT, lambda o: value)


def scalar(valid):
    return Field(SCALAR, valid)


def trajectory_url(name, **kwargs):
    return lambda o: reverse(f"trajectories:{name}", kwargs={"pk": o.trajectory.pk, **kwargs})


def newest_trajectory_detail(o):
    return reverse("trajectories:detail", kwargs={"pk": Trajectory.objects.order_by("-pk").first().pk})


TRAJECTORY_FIELDS = {
    "title": text("Eten en drinken"),
    "subject": text("Eten"),
    "care_context": scalar(lambda o: "elderly"),
    "location": scalar(lambda o: str(o.location.pk)),
    "description": text(""),
    "start_date": scalar(lambda o: "2026-01-01"),
    "end_date": scalar(lambda o: "2026-12-31"),
}
MEETING_FIELDS = {
    "kind": scalar(lambda o: "visit"),
    "title": text("Bezoek aan De Lindeboom"),
    "methods": Field(MULTI, lambda o: [str(o.method.pk)]),
    "date": scalar(lambda o: in_days(3)),
    "step": scalar(lambda o: str(Step.EXPLORE.value)),
    "group": scalar(lambda o: MeetingGroup.JOINT),
    "method": text("Fotokaarten"),
    "notes": text(""),
}
TOPIC_FIELDS = {
    "title": text("Rust aan tafel"),
    "theme": scalar(lambda o: Theme.FOOD),
    "story": text(""),
    "is_anonymous": Field(BOOL, lambda o: ""),
}
AGENDA_FIELDS = {
    "title": text("Rustig eten"),
    "why": text(""),
    "topics": Field(MULTI, lambda o: [str(o.topic.pk)]),
}
ACTION_FIELDS = {
    "what": text("Menukaart maken"),
    "agenda_item": scalar(lambda o: str(o.shared_item.pk)),
    "owner": scalar(lambda o: str(o.lead.pk)),
    "due_date": scalar(lambda o: in_days(30)),
    "status": scalar(lambda o: "proposed"),
    "steps": text("Eerst de kok bellen"),
    "co_owners": Field(MULTI, lambda o: [str(o.world.membership(o.world.client).pk)]),
    "status_reason": text(""),
    "review_date": scalar(lambda o: in_days(60)),
}
PROGRESS_FIELDS = {
    "date": scalar(lambda o: in_days(0)),
    "text": text("De kok doet mee."),
}

FORMS = [
    FormSpec(
        "trajectory_create", "facilitator", lambda o: reverse("trajectories:create"), TRAJECTORY_FIELDS,
        newest_trajectory_detail, "facilitator", Trajectory,
    ),
    FormSpec(
        "trajectory_edit", "facilitator", trajectory_url("edit"), TRAJECTORY_FIELDS,
        trajectory_url("detail"), "client", Trajectory,
    ),
    FormSpec(
        "meeting_create", "facilitator", trajectory_url("meeting_create"), MEETING_FIELDS,
        trajectory_url("meetings"), "client", Meeting,
    ),
    FormSpec(
        "meeting_edit", "facilitator", lambda o: trajectory_url("meeting_edit", meeting_pk=o.meeting.pk)(o),
        MEETING_FIELDS, trajectory_url("meetings"), "staff", Meeting,
    ),
    FormSpec(
        "topic_create_by_client", "client", trajectory_url("explore"), TOPIC_FIELDS,
        trajectory_url("explore"), "client2", Topic,
    ),
    FormSpec(
        "topic_create_by_facilitator", "facilitator", trajectory_url("explore"),
        {
            "on_behalf_of": scalar(lambda o: ""),
            "on_behalf_of_name": text("Mevrouw Jansen"),
            **TOPIC_FIELDS,
        },
        trajectory_url("explore"), "facilitator", Topic,
    ),
    FormSpec(
        "topic_edit", "client", lambda o: trajectory_url("topic_edit", topic_pk=o.topic.pk)(o), TOPIC_FIELDS,
        trajectory_url("explore"), "client", Topic,
    ),
    FormSpec(
        "agenda_item_create", "client", trajectory_url("agenda"), AGENDA_FIELDS,
        trajectory_url("agenda"), "client2", AgendaItem,
    ),
    FormSpec(
        "agenda_item_edit", "client", lambda o: trajectory_url("agenda_item_edit", item_pk=o.private_item.pk)(o),
        AGENDA_FIELDS, trajectory_url("agenda"), "facilitator", AgendaItem,
    ),
    FormSpec(
        "staff_reflection_create", "staff", trajectory_url("staff"),
        {
            "reflection-agenda_item": scalar(lambda o: str(o.shared_item.pk)),
            "reflection-text": text("Wij herkennen dit."),
            "reflection-is_anonymous": Field(BOOL, lambda o: ""),
        },
        trajectory_url("staff"), "facilitator", StaffReflection, fixed={"reflection": "1"},
    ),
    FormSpec(
        "staff_summary", "staff", trajectory_url("staff"), {"summary-text": text("Onze samenvatting")},
        trajectory_url("staff"), "staff", StaffSummary, fixed={"summary": "1"},
    ),
    FormSpec(
        "dialogue_edit", "facilitator", lambda o: trajectory_url("dialogue_edit", item_pk=o.shared_item.pk)(o),
        {"heard": text("Het is druk"), "agreed": text("")},
        trajectory_url("dialogue"), "client", Dialogue,
    ),
    FormSpec(
        "action_create", "facilitator", trajectory_url("action_create"), ACTION_FIELDS,
        trajectory_url("dialogue"), "quality", Action,
    ),
    FormSpec(
        "action_edit", "facilitator", lambda o: trajectory_url("action_edit", action_pk=o.action.pk)(o),
        ACTION_FIELDS, trajectory_url("dialogue"), "staff", Action,
    ),
    FormSpec(
        "action_progress", "facilitator", lambda o: trajectory_url("action_detail", action_pk=o.action.pk)(o),
        PROGRESS_FIELDS, lambda o: trajectory_url("action_detail", action_pk=o.action.pk)(o), "quality",
        ActionProgress,
    ),
]
LIVE_TOPIC_FIELDS = {
    "theme": scalar(lambda o: Theme.FOOD),
    "title": text("Lauw eten"),
    "story": text(""),
    "is_anonymous": Field(BOOL, lambda o: ""),
}
FORMS += [
    # The facilitator's toolkit.
    FormSpec(
        "method_create", "facilitator", lambda o: reverse("trajectories:method_create"),
        {
            "name": text("Onze fotowandeling"), "purpose": text("Samen kijken"),
            "steps": Field(MULTI, lambda o: ["1", "2"]), "group": scalar(lambda o: "clients"),
            "suits": Field(MULTI, lambda o: ["dementia"]), "duration_minutes": scalar(lambda o: "45"),
            "materials": text(""), "how_to": text("Loop samen"), "tips": text(""), "accessibility": text(""),
        },
        lambda o: reverse("trajectories:methods"), "quality", Method,
    ),
    FormSpec(
        "tailor", "facilitator", trajectory_url("tailor"),
        {
            "participant_groups": Field(MULTI, lambda o: ["clients", "relatives"]),
            "step_1": text("Bewoners vertellen met foto's."), "step_2": text(""), "step_3": text(""),
            "step_4": text(""),
        },
        trajectory_url("explore"), "client", Trajectory,
    ),
    FormSpec(
        "goal", "client", trajectory_url("goals"), {"text": text("Gehoord worden")},
        trajectory_url("goals"), "facilitator", Goal,
    ),
    FormSpec(
        "report_edit", "facilitator", trajectory_url("report_edit"),
        {name: text("Een deel van het rapport") for name in ("aim", "methods", "results", "outcomes", "reflection")},
        trajectory_url("report"), "quality", EvaluationReport,
    ),
    FormSpec(
        "save_as_template", "facilitator", trajectory_url("save_as_template"), {"name": text("Ons sjabloon")},
        lambda o: reverse("trajectories:templates"), "facilitator", TrajectoryTemplate,
    ),
    # The live session's one-question-per-screen form, sent from its last screen (as without JavaScript).
    FormSpec(
        "live_topic_by_client", "client", lambda o: reverse("trajectories:live_topic", kwargs={"pk": o.live.pk}),
        LIVE_TOPIC_FIELDS, lambda o: trajectory_url("live_board", session_pk=o.live.pk)(o), "facilitator", Topic,
        fixed={"step": "photo"},
    ),
    # The facilitator types in a topic for a client from the session's console.
    FormSpec(
        "live_topic_on_behalf", "facilitator", lambda o: trajectory_url("live_console", session_pk=o.live.pk)(o),
        {
            "namens-on_behalf_of": scalar(lambda o: ""),
            "namens-on_behalf_of_name": text("Mevrouw Jansen"),
            "namens-title": text("Een eigen tuintje"),
            "namens-theme": scalar(lambda o: Theme.AT_HOME),
            "namens-story": text(""),
            "namens-is_anonymous": Field(BOOL, lambda o: ""),
        },
        lambda o: trajectory_url("live_board", session_pk=o.live.pk)(o), "facilitator", Topic,
        fixed={"form": "topic"},
    ),
]
FORM_IDS = [spec.name for spec in FORMS]


@pytest.fixture
def objects(world):
    """A trajectory with one of everything the forms refer to."""
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
    live = live_services.live_session_open(trajectory=trajectory, by=world.facilitator, title="Huiskamer")
    method = method_services.method_create(
        organisation=world.organisation, by=world.facilitator, name="Fotowandeling", purpose="Kijken", steps=[1],
        group="clients", suits=[], duration_minutes=30, how_to="Loop",
    )
    return SimpleNamespace(method=method, 
        world=world, trajectory=trajectory, lead=lead, topic=topic, private_item=private_item,
        shared_item=shared_item, meeting=meeting, action=action, location=location, live=live,
    )


# --- checks -------------------------------------------------------------------------------


def body(response) -> str:
    return html.unescape(response.content.decode())


def assert_no_live_markup(content: str, where: str) -> None:
    assert SCRIPT not in content, f"a raw <script> on {where}"
    assert "<img src=x onerror" not in content, f"a raw <img onerror> on {where}"


def post_and_check(spec: FormSpec, objects, http, data: dict, viewers: dict[str, Client]) -> int:
    """POST ``data``; no server error; typed text kept on errors; saved text shown escaped."""
    response = http.post(spec.url(objects), data)
    assert response.status_code < 500, f"{spec.name}: server error for {data!r:.300}"
    assert response.status_code in (200, 302), f"{spec.name}: unexpected {response.status_code}"
    if response.status_code == 200:
        page = body(response)
        for name in spec.text_fields():
            value = data[name]
            assert value in page, f"{spec.name}: what was typed in {name!r} is gone: {value[:80]!r}"
        assert_no_live_markup(response.content.decode(), f"the re-shown {spec.name} form")
    elif response.status_code == 302:
        viewer = viewers[spec.show_role]
        url = spec.show_url(objects)
        page = viewer.get(url)
        assert page.status_code == 200, url
        assert_no_live_markup(page.content.decode(), url)
    return response.status_code


@pytest.fixture
def users(world, client_for):
    return {role: client_for(world.user(role)) for role in ("facilitator", "client", "client2", "staff", "quality")}


# --- the classics, always sent ---------------------------------------------------------------


@pytest.mark.parametrize("spec", FORMS, ids=FORM_IDS)
def test_hostile_text_in_every_text_field(spec, objects, users):
    http = users[spec.role]
    for value in HOSTILE_TEXTS:
        data = spec.valid_data(objects)
        for name in spec.text_fields():
            data[name] = value
        post_and_check(spec, objects, http, data, users)


@pytest.mark.parametrize("spec", FORMS, ids=FORM_IDS)
def test_nul_bytes_get_a_form_error_and_nothing_is_saved(spec, objects, users):
    for name in spec.text_fields():
        before = spec.model.objects.count()
        data = spec.valid_data(objects)
        data[name] = "Rust\x00aan tafel"
        status = post_and_check(spec, objects, users[spec.role], data, users)
        assert status == 200, f"{spec.name}: a NUL byte in {name!r} was accepted"
        assert spec.model.objects.count() == before
        assert not any("\x00" in str(value) for row in spec.model.objects.values_list() for value in row)


@pytest.mark.parametrize("spec", FORMS, ids=FORM_IDS)
def test_control_characters_get_a_form_error(spec, objects, users):
    """Saved, they would make every page that shows them invalid HTML (and NUL breaks PostgreSQL)."""
    for name in spec.text_fields():
        for value in ["Belletje\x07 en escape\x1b[31m", "Verticale\x0btab", "C1\x85midden", "Niet\ufffe", "\x7f"]:
            data = spec.valid_data(objects)
            data[name] = value
            response = users[spec.role].post(spec.url(objects), data)
            assert response.status_code == 200, f"{spec.name}: {value!r} in {name!r} was accepted"
            assert value in body(response), f"{spec.name}: {value!r} in {name!r} is gone"
            with override("nl"):  # the page's language; Dutch once the catalogue has it
                message = gettext(CONTROL_MESSAGE)
            assert message in body(response)


@pytest.mark.parametrize("spec", FORMS, ids=FORM_IDS)
def test_tabs_newlines_and_emoji_are_saved_and_shown_as_valid_html(spec, objects, users):
    data = spec.valid_data(objects)
    for name in spec.text_fields():
        data[name] = "Eerst\tdit,\r\ndan dat\nen zo 😀 \u2028 klaar"
    assert post_and_check(spec, objects, users[spec.role], data, users) == 302
    page = users[spec.show_role].get(spec.show_url(objects))
    assert "Eerst\tdit," in page.content.decode()
    assert_valid_html(page)


@pytest.mark.parametrize("spec", [spec for spec in FORMS if any(f.kind != TEXT for f in spec.fields.values())],
                         ids=[spec.name for spec in FORMS if any(f.kind != TEXT for f in spec.fields.values())])
def test_wrong_types_in_number_choice_and_date_fields(spec, objects, users):
    http = users[spec.role]
    for name, field_spec in spec.fields.items():
        if field_spec.kind == TEXT:
            continue
        values = MULTI_HOSTILE if field_spec.kind == MULTI else SCALAR_HOSTILE
        for value in values:
            data = spec.valid_data(objects)
            data[name] = value
            post_and_check(spec, objects, http, data, users)


@pytest.mark.parametrize("spec", FORMS, ids=FORM_IDS)
def test_saved_markup_is_shown_as_text(spec, objects, users):
    data = spec.valid_data(objects)
    for name in spec.text_fields():
        data[name] = XSS
    response = users[spec.role].post(spec.url(objects), data)
    assert response.status_code == 302, body(response)[:3000]
    page = users[spec.show_role].get(spec.show_url(objects))
    assert page.status_code == 200
    content = page.content.decode()
    assert ESCAPED_SCRIPT in content
    assert_no_live_markup(content, spec.name)


def test_markup_in_titles_is_escaped_on_confirmation_pages(objects, users):
    """Titles typed by users come back inside translated sentences ("Remove “%(title)s”?")."""
    gerda = objects.world.membership(objects.world.client)
    topic = services.topic_create(trajectory=objects.trajectory, by=gerda, title=XSS, theme=Theme.FOOD)
    item = services.agenda_item_create(trajectory=objects.trajectory, by=gerda, title=XSS, topics=[topic])
    services.action_update(
        action=objects.action, by=objects.lead, what=XSS, owner=objects.lead,
        due_date=objects.action.due_date, status="proposed", agenda_item=None,
    )
    pages = [
        (users["client"], trajectory_url("topic_delete", topic_pk=topic.pk)(objects)),
        (users["client"], trajectory_url("agenda_item_delete", item_pk=item.pk)(objects)),
        (users["client"], trajectory_url("agenda_item_share", item_pk=item.pk)(objects)),
        (users["facilitator"], trajectory_url("action_delete", action_pk=objects.action.pk)(objects)),
        (users["client"], trajectory_url("agenda")(objects)),
        (users["facilitator"], trajectory_url("dialogue")(objects)),
    ]
    for http, url in pages:
        response = http.get(url)
        assert response.status_code == 200, url
        assert ESCAPED_SCRIPT in response.content.decode(), url
        assert_no_live_markup(response.content.decode(), url)


@pytest.mark.parametrize("item", ["abc", "99999999999999999999", "²", "٣", "-1", SCRIPT, "\x00", "9" * 400])
def test_hostile_item_in_the_action_link(item, objects, users):
    response = users["facilitator"].get(trajectory_url("action_create")(objects), {"item": item})
    assert response.status_code == 200
    assert_no_live_markup(response.content.decode(), "the new action form")


@pytest.mark.parametrize("spec", FORMS, ids=FORM_IDS)
def test_a_post_without_csrf_token_is_refused(spec, objects, world):
    http = Client(enforce_csrf_checks=True)
    http.force_login(world.user(spec.role))
    before = spec.model.objects.count()
    data = spec.valid_data(objects)
    for name in spec.text_fields():
        data[name] = "Zonder token"
    response = http.post(spec.url(objects), data)
    assert response.status_code == 403
    assert spec.model.objects.count() == before
    assert not any("Zonder token" in str(value) for row in spec.model.objects.values_list() for value in row)


# --- random input (hypothesis) -----------------------------------------------------------------

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


@pytest.mark.parametrize("spec", FORMS, ids=FORM_IDS)
@settings(
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_input_never_breaks_a_form(spec, objects, users, data):
    values = spec.valid_data(objects)
    for name, field_spec in spec.fields.items():
        if data.draw(st.booleans(), label=f"break {name}"):
            values[name] = data.draw(HOSTILE_BY_KIND[field_spec.kind], label=name)
    status = post_and_check(spec, objects, users[spec.role], values, users)
    event(f"answered {status}")
