"""The matrix as a PDF: through the permission-checked view, in Dutch, with user text as text."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from matrix import services
from matrix.models import AssessmentKind, GroupKind, Phase, Role
from matrix.services import CellInput
from tests.pdf_checks import assert_fonts_embedded


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world


def make_project(world, name):
    today = timezone.localdate()
    project = services.project_create(
        organisation=world.organisation,
        by=world.facilitator,
        name=name,
        start_date=today - datetime.timedelta(days=60),
        trajectory=world.trajectory,
        groups=[(GroupKind.CLIENTS, "")],
    )
    group = project.groups.get()
    cells = {
        (group.pk, phase): CellInput(
            desired_role=Role.PARTNER,
            agreed_role=Role.PARTNER,
            actual_role=Role.THINKER if phase == Phase.EXECUTION else Role.PARTNER,
            activities="<i>Samen</i> koken",
        )
        for phase in Phase.values
    }
    assessment = services.assessment_create(
        project=project, by=world.facilitator, kind=AssessmentKind.EVALUATION, date=today, cells=cells
    )
    return project, assessment


def pdf_url(project, assessment):
    return reverse("matrix:assessment_pdf", kwargs={"pk": project.pk, "assessment_pk": assessment.pk})


def test_quality_staff_download_the_matrix_as_an_accessible_dutch_pdf(world, client_for):
    project, assessment = make_project(world, "Koken <script>alert(1)</script>")
    response = client_for(world.quality).get(pdf_url(project, assessment))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="participatiematrix-koken-scriptalert1script-{assessment.date:%Y-%m-%d}.pdf"'
    )
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.metadata.title.startswith("Participatiematrix: Koken <script>alert(1)</script>")
    assert_fonts_embedded(reader)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Koken <script>alert(1)</script>" in text
    assert "<i>Samen</i> koken" in text
    assert "Meedenker" in text and "Partner" in text
    assert "Uitvoering: afgesproken Partner, werkelijk Meedenker" in text  # the shortfall
    assert "▼" in text


def test_the_pdf_is_in_english_for_someone_who_works_in_english(world, client_for):
    project, assessment = make_project(world, "Cooking")
    http = client_for(world.facilitator)
    http.cookies["django_language"] = "en"
    reader = PdfReader(io.BytesIO(http.get(pdf_url(project, assessment)).content))
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "Co-thinker" in reader.pages[0].extract_text()


def test_nobody_else_gets_the_pdf(world, client_for):
    project, assessment = make_project(world, "Koken")
    for user in (world.client, world.staff, world.outsider, world.other_facilitator, world.admin):
        assert client_for(user).get(pdf_url(project, assessment)).status_code == 404
