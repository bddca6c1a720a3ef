"""The participation matrix in the demo's action plan PDF: words are never split across lines
("Afgesproke|n"), a marker stays on one line inside its column, and a group's heading never stands
alone at the foot of a page (its table follows it on the same page)."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from matrix.models import Phase, Role
from trajectories.models import Trajectory

# The words of the grid that the old layout broke in two.
GRID_WORDS = ["afgesproken", "Afgesproken", "werkelijk", "gewenst", "Implementatie", "Voorbereiding",
              "Toehoorder", "Meedenker", "Regisseur", "betrokken"]


@pytest.fixture
def plan_pages(db, client):
    call_command("seed_demo")
    meal = Trajectory.objects.get(title="Eten en drinken op De Linde")
    client.force_login(get_user_model().objects.get(username="facilitator"))
    response = client.get(reverse("trajectories:plan_pdf", kwargs={"pk": meal.pk}))
    assert response.status_code == 200
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


def test_no_word_of_the_matrix_is_split_over_two_lines(plan_pages):
    text = "\n".join(plan_pages)
    for word in GRID_WORDS:
        for cut in range(2, len(word) - 1):
            assert not re.search(rf"{re.escape(word[:cut])}\s*\n\s*{re.escape(word[cut:])}\b", text), (
                f"“{word}” is split after “{word[:cut]}”"
            )
    # A marker is its shape and its word on one line.
    assert "■ afgesproken" in text and "● werkelijk" in text


def test_a_group_heading_is_on_the_same_page_as_its_table(plan_pages):
    groups = 0
    for page in plan_pages:
        for match in re.finditer(r"Groep: \w+", page):
            groups += 1
            rest = page[match.end():]
            assert str(Phase.IMPLEMENTATION.label) in rest, f"“{match.group()}” stands at the foot of a page"
    assert groups >= 2


def test_role_names_are_whole_in_the_headings(plan_pages):
    text = "\n".join(plan_pages)
    for role in (Role.LISTENER, Role.THINKER, Role.ADVISER, Role.PARTNER, Role.DIRECTOR):
        assert str(role.label).capitalize() in text
