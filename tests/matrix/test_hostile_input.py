"""Hostile input on every form of the participation matrix, through the harness of ``tests/hostile.py``:
never a server error, nothing typed is lost, NUL bytes and control characters are refused with
a form error, huge numbers are refused, and whatever is saved comes back as escaped text."""

from django.urls import reverse

from matrix import models as matrix_models
from matrix import services
from tests import factories
from tests.hostile import (
    DATE,
    MULTI,
    XSS,
    Field,
    MatrixTextForms,
    OtherForms,
    Spec,
    assert_no_live_markup,
    form,
    scalar,
    text,
)
from tests.html import assert_valid_html
from tests.matrix.helpers import assess, days_ago, make_project


def project_url(name, **kwargs):
    return lambda o: reverse(f"matrix:{name}", kwargs={"pk": o.project.pk, **kwargs})


def newest_project_detail(o):
    return reverse("matrix:project_detail", kwargs={"pk": matrix_models.Project.objects.order_by("-pk").first().pk})


def newest_assessment_detail(o):
    newest = matrix_models.Assessment.objects.order_by("-pk").first()
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
    return {**project_fields(o), "groups": Field(MULTI, lambda o: [matrix_models.GroupKind.CLIENTS, matrix_models.GroupKind.RELATIVES])}


def group_fields(o):
    return {"kind": scalar(lambda o: matrix_models.GroupKind.OTHER), "name": text("Bewonerspanel")}


def member_fields(o):
    return {"user": scalar(lambda o: str(o.candidate.pk)), "role": scalar(lambda o: "member")}


def assessment_fields(o):
    fields = {
        "date": scalar(lambda o: days_ago(1).isoformat()),
        "discussed_with": text("De cliëntenraad"),
        "note": text(""),
    }
    for group in o.project.groups.all():
        for phase in matrix_models.Phase.values:
            prefix = f"cell-{group.pk}-{phase}"
            fields[f"{prefix}-desired"] = scalar(lambda o: "4")
            fields[f"{prefix}-agreed"] = scalar(lambda o: "3")
            fields[f"{prefix}-actual"] = scalar(lambda o: "2")
            fields[f"{prefix}-activities"] = text("Samen koken")
            fields[f"{prefix}-note"] = text("")
    return fields


class TestTextForms(MatrixTextForms):
    SPECS = [
        form(
            "project_create", "facilitator", lambda o: reverse("matrix:project_create"), project_create_fields,
            newest_project_detail, "facilitator", (matrix_models.Project, matrix_models.ParticipantGroup),
        ),
        form(
            "project_edit", "facilitator", project_url("project_edit"), project_fields,
            project_url("project_detail"), "quality", (matrix_models.Project,),
        ),
        form(
            "group_add", "facilitator", project_url("groups"), group_fields,
            project_url("groups"), "quality", (matrix_models.ParticipantGroup,),
        ),
        form(
            "member_add", "facilitator", project_url("members"), member_fields,
            project_url("members"), "quality", (matrix_models.ProjectMembership,), shows_saved_text=False,
        ),
        form(
            "assessment_create", "facilitator",
            lambda o: reverse("matrix:assessment_create", kwargs={"pk": o.project.pk, "kind": matrix_models.AssessmentKind.INTERIM}),
            assessment_fields, newest_assessment_detail, "quality", (matrix_models.Assessment, matrix_models.Cell),
        ),
    ]

    def test_markup_in_names_is_escaped_everywhere_it_shows(self, world, o, users):
        """Names typed by users come back in headings, lists, confirmation sentences, the overview and the CSV."""
        project = make_project(world, name=XSS, start=60, location=o.location)
        group = services.group_add(project=project, kind=matrix_models.GroupKind.OTHER, name=XSS[:100], by=world.facilitator)
        marked = factories.person(world.organisation, username="markup", first_name=XSS[:150])
        membership = services.project_member_add(project=project, user=marked, role="member", by=world.facilitator)
        assessment = assess(project, matrix_models.AssessmentKind.INTERIM, by=world.facilitator, date=days_ago(1), agreed=4, actual=1,
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
            (users["facilitator"], reverse("matrix:assessment_create", kwargs={"pk": pk, "kind": matrix_models.AssessmentKind.INTERIM})),
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


class TestOtherForms(OtherForms):
    SPECS = [
        Spec(
            "matrix_overview_filter", "quality", lambda o: reverse("matrix:overview"),
            lambda o: {"location": scalar(lambda o: str(o.location.pk)),
                       "date_from": Field(DATE, lambda o: days_ago(90).isoformat()),
                       "date_to": Field(DATE, lambda o: days_ago(0).isoformat())},
            method="get",
        ),
    ]
