"""Reading and exporting the participation matrix is recorded in the audit trail, with the
project's organisation (the matrix holds who takes part how: personal data of clients)."""

import pytest
from django.urls import reverse

from matrix.models import AssessmentKind
from tests.matrix.helpers import assess, days_ago, make_project
from trajectories.models import AuditAction, AuditEvent


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world


def events():
    return [(e.action, e.object_type, e.status) for e in AuditEvent.objects.order_by("pk")]


class TestTheMatrix:
    def test_reading_and_exporting_a_project_are_recorded_with_its_organisation(self, world, client_for):
        project = make_project(world)
        assessment = assess(project, AssessmentKind.AGREEMENT, by=world.facilitator, date=days_ago(10))
        http = client_for(world.quality)
        http.get(reverse("matrix:project_detail", kwargs={"pk": project.pk}))
        http.get(reverse("matrix:project_csv", kwargs={"pk": project.pk}))
        http.get(reverse("matrix:assessment_pdf", kwargs={"pk": project.pk, "assessment_pk": assessment.pk}))
        http.get(reverse("matrix:overview"))
        http.get(reverse("matrix:overview_csv"))
        assert events() == [
            (AuditAction.READ, "matrix:project_detail", 200),
            (AuditAction.EXPORT, "matrix:project_csv", 200),
            (AuditAction.EXPORT, "matrix:assessment_pdf", 200),
            (AuditAction.READ, "matrix:overview", 200),
            (AuditAction.EXPORT, "matrix:overview_csv", 200),
        ]
        for event in AuditEvent.objects.all():
            assert event.organisation_id == world.organisation.pk and event.user_id == world.quality.pk
        assert AuditEvent.objects.order_by("pk").first().trajectory_label == project.name

    def test_a_refused_project_is_recorded_as_an_attempt(self, world, client_for):
        project = make_project(world)
        client_for(world.other_facilitator).get(reverse("matrix:project_detail", kwargs={"pk": project.pk}))
        assert events() == [(AuditAction.READ, "matrix:project_detail", 404)]
