"""Hostile input on every form of the participation matrix, as in ``tests/test_hostile_input.py``:
never a server error, nothing typed is lost, NUL bytes and control characters are refused with
a form error, huge numbers are refused, and whatever is saved comes back as escaped text.

Run it against PostgreSQL too, which refuses NUL bytes in text:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/partner_hostile \\
        .venv/bin/python -m pytest tests/matrix/test_hostile_input.py
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext, override
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from matrix import services
from matrix.models import (
    Assessment,
    AssessmentKind,
    Cell,
    GroupKind,
    ParticipantGroup,
    Phase,
    Project,
    ProjectMembership,
)
from tests import factories
from tests.html import assert_valid_html
from tests.matrix.helpers import assess, days_ago, make_project
from tests.test_hostile_input import (
    CONTROL_MESSAGE,
    ESCAPED_SCRIPT,
    HOSTILE_BY_KIND,
    HOSTILE_TEXTS,
    MULTI_HOSTILE,
    SCALAR_HOSTILE,
    XSS,
    assert_no_live_markup,
    body,
)
from trajectories.models import Location

TEXT, SCALAR, MULTI = "text", "scalar", "multi"
HUGE = ["99999999999999999999", "-99999999999999999999", "9" * 400, str(2**63), str(2**64)]


@dataclass(frozen=True)
class Field:
    kind: str
    valid: Callable  # objects -> a valid value


def text(value="Gewone tekst"):
    return Field(TEXT, lambda o: value)


def scalar(valid):
    return Field(SCALAR, valid)


@dataclass(frozen=True)
class FormSpec:
    """One form: who posts it where, its fields (they can depend on the objects), and where what it saved shows."""

    name: str
    role: str
    url: Callable  # objects -> url
    fields: Callable  # objects -> {name: Field}
    show_url: Callable  # objects -> the page that shows what was saved
    show_role: str
    models: tuple  # the models whose rows it saves

    def valid_data(self, o) -> dict:
        return {name: spec.valid(o) for name, spec in self.fields(o).items()}

    def text_fields(self, o) -> list[str]:
        return [name for name, spec in self.fields(o).items() if spec.kind == TEXT]

    def other_fields(self, o) -> dict:
        return {name: spec for name, spec in self.fields(o).items() if spec.kind != TEXT}

    def count(self) -> list[int]:
        return [model.objects.count() for model in self.models]


def project_url(name, **kwargs):
    return lambda o: reverse(f"matrix:{name}", kwargs={"pk": o.project.pk, **kwargs})


def newest_project_detail(o):
    return reverse("matrix:project_detail", kwargs={"pk": Project.objects.order_by("-pk").first().pk})


def newest_assessment_detail(o):
    newest = Assessment.objects.order_by("-pk").first()
    return reverse("matrix:assessment_detail", kwargs={"pk": newest.project_id, "assessment_pk": newest.pk})


def project_fields(o):
    return {
        "name": text("Meedoen aan tafel"),
        "description": text(""),
        "start_date": scalar(lambda o: days_ago(60).isoformat()),
        "location": scalar(lambda o: str(o.location.pk)),
        "trajectory": scalar(lambda o: str(o.world.trajectory.pk)),
    }


def project_create_fields(o):
    return {**project_fields(o), "groups": Field(MULTI, lambda o: [GroupKind.CLIENTS, GroupKind.RELATIVES])}


def group_fields(o):
    return {"kind": scalar(lambda o: GroupKind.OTHER), "name": text("Bewonerspanel")}


def member_fields(o):
    return {"user": scalar(lambda o: str(o.candidate.pk)), "role": scalar(lambda o: "member")}


def assessment_fields(o):
    fields = {
        "date": scalar(lambda o: days_ago(1).isoformat()),
        "discussed_with": text("De cliëntenraad"),
        "note": text(""),
    }
    for group in o.project.groups.all():
        for phase in Phase.values:
            prefix = f"cell-{group.pk}-{phase}"
            fields[f"{prefix}-desired"] = scalar(lambda o: "4")
            fields[f"{prefix}-agreed"] = scalar(lambda o: "3")
            fields[f"{prefix}-actual"] = scalar(lambda o: "2")
            fields[f"{prefix}-activities"] = text("Samen koken")
            fields[f"{prefix}-note"] = text("")
    return fields


FORMS = [
    FormSpec(
        "project_create", "facilitator", lambda o: reverse("matrix:project_create"), project_create_fields,
        newest_project_detail, "facilitator", (Project, ParticipantGroup),
    ),
    FormSpec(
        "project_edit", "facilitator", project_url("project_edit"), project_fields,
        project_url("project_detail"), "quality", (Project,),
    ),
    FormSpec(
        "group_add", "facilitator", project_url("groups"), group_fields,
        project_url("groups"), "quality", (ParticipantGroup,),
    ),
    FormSpec(
        "member_add", "facilitator", project_url("members"), member_fields,
        project_url("members"), "quality", (ProjectMembership,),
    ),
    FormSpec(
        "assessment_create", "facilitator",
        lambda o: reverse("matrix:assessment_create", kwargs={"pk": o.project.pk, "kind": AssessmentKind.INTERIM}),
        assessment_fields, newest_assessment_detail, "quality", (Assessment, Cell),
    ),
]
FORM_IDS = [spec.name for spec in FORMS]
WITH_TEXT = [spec for spec in FORMS if spec.name != "member_add"]
WITH_TEXT_IDS = [spec.name for spec in WITH_TEXT]


@pytest.fixture
def objects(world):
    location = Location.objects.create(organisation=world.organisation, name="De Tuin")
    # One group keeps the number of grid fields small; an assessment makes the history real.
    project = make_project(world, name="Meedoen", start=60, location=location, trajectory=world.trajectory)
    assess(project, AssessmentKind.AGREEMENT, by=world.facilitator, date=days_ago(30))
    candidate = factories.person(world.organisation, username="kandidaat", first_name="Karin")
    return SimpleNamespace(world=world, project=project, location=location, candidate=candidate)


@pytest.fixture
def users(world, client_for):
    return {role: client_for(world.user(role)) for role in ("facilitator", "quality")}


def post_and_check(spec: FormSpec, o, http, data: dict, viewers: dict) -> int:
    """POST ``data``; no server error; typed text kept on errors; saved text shown escaped."""
    response = http.post(spec.url(o), data)
    assert response.status_code < 500, f"{spec.name}: server error for {data!r:.300}"
    assert response.status_code in (200, 302), f"{spec.name}: unexpected {response.status_code}"
    if response.status_code == 200:
        page = body(response)
        for name in spec.text_fields(o):
            value = data[name]
            assert value in page, f"{spec.name}: what was typed in {name!r} is gone: {value[:80]!r}"
        assert_no_live_markup(response.content.decode(), f"the re-shown {spec.name} form")
    else:
        url = spec.show_url(o)
        page = viewers[spec.show_role].get(url)
        assert page.status_code == 200, url
        assert_no_live_markup(page.content.decode(), url)
    return response.status_code


def no_nul_saved(spec: FormSpec) -> bool:
    rows = [row for model in spec.models for row in model.objects.values_list()]
    return not any("\x00" in str(value) for row in rows for value in row)


@pytest.mark.parametrize("spec", WITH_TEXT, ids=WITH_TEXT_IDS)
def test_hostile_text_in_every_text_field(spec, objects, users):
    for value in HOSTILE_TEXTS:
        data = spec.valid_data(objects)
        for name in spec.text_fields(objects):
            data[name] = value
        post_and_check(spec, objects, users[spec.role], data, users)


@pytest.mark.parametrize("spec", WITH_TEXT, ids=WITH_TEXT_IDS)
def test_nul_bytes_get_a_form_error_and_nothing_is_saved(spec, objects, users):
    for name in spec.text_fields(objects):
        before = spec.count()
        data = spec.valid_data(objects)
        data[name] = "Rust\x00aan tafel"
        status = post_and_check(spec, objects, users[spec.role], data, users)
        assert status == 200, f"{spec.name}: a NUL byte in {name!r} was accepted"
        assert spec.count() == before
        assert no_nul_saved(spec)


@pytest.mark.parametrize("spec", WITH_TEXT, ids=WITH_TEXT_IDS)
def test_control_characters_get_a_form_error(spec, objects, users):
    with override("nl"):
        message = gettext(CONTROL_MESSAGE)
    for name in spec.text_fields(objects):
        for value in ["Belletje\x07 en escape\x1b[31m", "Verticale\x0btab", "C1\x85midden", "Niet\ufffe", "\x7f"]:
            data = spec.valid_data(objects)
            data[name] = value
            response = users[spec.role].post(spec.url(objects), data)
            assert response.status_code == 200, f"{spec.name}: {value!r} in {name!r} was accepted"
            assert value in body(response), f"{spec.name}: {value!r} in {name!r} is gone"
            assert message in body(response), f"{spec.name}: no message for {value!r} in {name!r}"


@pytest.mark.parametrize("spec", WITH_TEXT, ids=WITH_TEXT_IDS)
def test_tabs_newlines_and_emoji_are_saved_and_shown_as_valid_html(spec, objects, users):
    data = spec.valid_data(objects)
    for name in spec.text_fields(objects):
        data[name] = "Eerst\tdit,\r\ndan dat\nen zo 😀 \u2028 klaar"
    assert post_and_check(spec, objects, users[spec.role], data, users) == 302
    page = users[spec.show_role].get(spec.show_url(objects))
    assert "Eerst\tdit," in page.content.decode()
    assert_valid_html(page)


@pytest.mark.parametrize("spec", FORMS, ids=FORM_IDS)
def test_wrong_types_in_number_choice_and_date_fields(spec, objects, users):
    http = users[spec.role]
    for name, field_spec in spec.other_fields(objects).items():
        values = MULTI_HOSTILE if field_spec.kind == MULTI else SCALAR_HOSTILE
        for value in values:
            data = spec.valid_data(objects)
            data[name] = value
            post_and_check(spec, objects, http, data, users)


@pytest.mark.parametrize("spec", FORMS, ids=FORM_IDS)
def test_huge_numbers_are_refused(spec, objects, users):
    http = users[spec.role]
    for name, field_spec in spec.other_fields(objects).items():
        if name in {"start_date", "date"}:
            continue
        for value in HUGE:
            before = spec.count()
            data = spec.valid_data(objects)
            data[name] = [value] if field_spec.kind == MULTI else value
            status = post_and_check(spec, objects, http, data, users)
            assert status == 200, f"{spec.name}: {value[:30]} in {name!r} was accepted"
            assert spec.count() == before


@pytest.mark.parametrize("spec", WITH_TEXT, ids=WITH_TEXT_IDS)
def test_saved_markup_is_shown_as_text(spec, objects, users):
    data = spec.valid_data(objects)
    for name in spec.text_fields(objects):
        data[name] = XSS
    response = users[spec.role].post(spec.url(objects), data)
    assert response.status_code == 302, body(response)[:3000]
    page = users[spec.show_role].get(spec.show_url(objects))
    assert page.status_code == 200
    content = page.content.decode()
    assert ESCAPED_SCRIPT in content
    assert_no_live_markup(content, spec.name)


def test_markup_in_names_is_escaped_everywhere_it_shows(world, objects, users):
    """Names typed by users come back in headings, lists, confirmation sentences, the overview and the CSV."""
    project = make_project(world, name=XSS, start=60, location=objects.location)
    group = services.group_add(project=project, kind=GroupKind.OTHER, name=XSS[:100], by=world.facilitator)
    marked = factories.person(world.organisation, username="markup", first_name=XSS[:150])
    membership = services.project_member_add(project=project, user=marked, role="member", by=world.facilitator)
    assessment = assess(project, AssessmentKind.INTERIM, by=world.facilitator, date=days_ago(1), agreed=4, actual=1,
                        activities=XSS, note=XSS)
    pk = project.pk
    pages = [
        (users["facilitator"], reverse("matrix:project_list")),
        (users["facilitator"], reverse("matrix:project_detail", kwargs={"pk": pk})),
        (users["facilitator"], reverse("matrix:history", kwargs={"pk": pk})),
        (users["facilitator"], reverse("matrix:groups", kwargs={"pk": pk})),
        (users["facilitator"], reverse("matrix:members", kwargs={"pk": pk})),
        (users["facilitator"], reverse("matrix:group_remove", kwargs={"pk": pk, "group_pk": group.pk})),
        (users["facilitator"], reverse("matrix:member_remove", kwargs={"pk": pk, "member_pk": membership.pk})),
        (users["facilitator"], reverse("matrix:assessment_create", kwargs={"pk": pk, "kind": AssessmentKind.INTERIM})),
        (users["quality"], reverse("matrix:assessment_detail", kwargs={"pk": pk, "assessment_pk": assessment.pk})),
        (users["quality"], reverse("matrix:assessment_print", kwargs={"pk": pk, "assessment_pk": assessment.pk})),
        (users["quality"], reverse("matrix:overview")),
    ]
    for http, url in pages:
        response = http.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert "&lt;script&gt;" in content, url
        assert_no_live_markup(content, url)
        assert_valid_html(response)


def test_a_post_without_csrf_token_is_refused(objects, world):
    for spec in FORMS:
        http = Client(enforce_csrf_checks=True)
        http.force_login(world.user(spec.role))
        before = spec.count()
        data = spec.valid_data(objects)
        for name in spec.text_fields(objects):
            data[name] = "Zonder token"
        assert http.post(spec.url(objects), data).status_code == 403, spec.name
        assert spec.count() == before, spec.name


@pytest.mark.parametrize("spec", FORMS, ids=FORM_IDS)
@settings(
    max_examples=10,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_input_never_breaks_a_form(spec, objects, users, data):
    values = spec.valid_data(objects)
    for name, field_spec in spec.fields(objects).items():
        if data.draw(st.booleans(), label=f"break {name}"):
            values[name] = data.draw(HOSTILE_BY_KIND[field_spec.kind], label=name)
    status = post_and_check(spec, objects, users[spec.role], values, users)
    event(f"answered {status}")
