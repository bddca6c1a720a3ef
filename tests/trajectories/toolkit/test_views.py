"""The facilitator's toolkit through its pages: library, planning with methods and the card,
tailoring, templates, copies, goals, lessons and the evaluation report."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests import factories
from tests.html import assert_valid_html
from trajectories.core import services
from trajectories.models import (
    EvaluationReport,
    Goal,
    Lesson,
    Meeting,
    MeetingGroup,
    Method,
    StepTransition,
    Trajectory,
    TrajectoryTemplate,
)
from trajectories.toolkit import learning_services, method_services, tailoring_services

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world


def text(response) -> str:
    return response.content.decode()


def pdf_text(response) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(response.content))
    return reader, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def library(db):
    method_services.starting_library_sync()
    tailoring_services.starting_templates_sync()


def method_post(**changes):
    data = {
        "name": "Onze fotowandeling", "purpose": "Samen kijken", "steps": ["1", "2"], "group": "clients",
        "suits": ["dementia"], "duration_minutes": "45", "materials": "", "how_to": "Loop samen\nMaak foto's",
        "tips": "", "accessibility": "",
    }
    data.update(changes)
    return data


class TestLibraryPages:
    def test_facilitators_add_and_adapt_methods(self, world, library, client_for):
        http = client_for(world.facilitator)
        refused = http.post(reverse("trajectories:method_create"), method_post(name="", how_to="x" * 3001))
        assert refused.status_code == 200
        assert "Dit veld is verplicht" in text(refused) or "Vul dit in" in text(refused)
        assert "Samen kijken" in text(refused), "what was typed stays"
        response = http.post(reverse("trajectories:method_create"), method_post())
        method = Method.objects.get(organisation=world.organisation)
        assert response["Location"] == reverse("trajectories:method_detail", kwargs={"method_pk": method.pk})
        builtin = Method.objects.get(builtin_key="life-stories")
        copied = http.post(reverse("trajectories:method_copy", kwargs={"method_pk": builtin.pk}))
        copy = Method.objects.get(based_on=builtin)
        assert copied["Location"] == reverse("trajectories:method_edit", kwargs={"method_pk": copy.pk})
        assert copy.name.startswith("Levensverhalen")
        # Quality staff read the library but change nothing.
        quality = client_for(world.quality)
        assert quality.get(reverse("trajectories:method_detail", kwargs={"method_pk": copy.pk})).status_code == 200
        assert quality.get(reverse("trajectories:method_edit", kwargs={"method_pk": copy.pk})).status_code == 404
        assert quality.post(reverse("trajectories:method_create"), method_post(name="Niet")).status_code == 404

    @pytest.mark.parametrize("query", [
        "?step=3", "?group=staff", "?suits=dementia&suits=low_literacy", "?q=foto", "?step=9", "?step=abc",
        "?suits=%3Cscript%3E", "?q=" + "x" * 500, "?group=%00",
    ])
    def test_filters_never_break_the_page(self, world, library, client_for, query):
        response = client_for(world.facilitator).get(reverse("trajectories:methods") + query)
        assert response.status_code == 200
        assert_valid_html(response)
        assert SCRIPT not in text(response)

    def test_the_library_is_in_english_for_english_users(self, world, library, client_for):
        http = client_for(world.facilitator)
        http.post(reverse("set_language"), {"language": "en", "next": "/"})
        page = text(http.get(reverse("trajectories:methods")))
        assert "Life stories" in page and "Levensverhalen" not in page


class TestPlanningWithMethods:
    def test_a_session_with_two_methods_shows_their_guides_and_prints_a_one_page_card(self, world, library,
                                                                                     client_for):
        http = client_for(world.facilitator)
        first, second = Method.objects.get(builtin_key="photovoice"), Method.objects.get(builtin_key="walk-along")
        response = http.post(reverse("trajectories:meeting_create", kwargs={"pk": world.trajectory.pk}), {
            "kind": "session", "title": "Foto's en een wandeling", "date": timezone.localdate().isoformat(),
            "step": "1", "group": "clients", "methods": [first.pk, second.pk], "method": "", "notes": "",
        })
        assert response.status_code == 302
        meeting = Meeting.objects.get(title="Foto's en een wandeling")
        assert {p.method for p in meeting.planned_methods.all()} == {first, second}
        detail = http.get(reverse("trajectories:meeting_detail", kwargs={"pk": world.trajectory.pk,
                                                                         "meeting_pk": meeting.pk}))
        assert_valid_html(detail)
        assert "Wandelgesprek" in text(detail) and "Zo doe je het" in text(detail)
        card = http.get(reverse("trajectories:meeting_card", kwargs={"pk": world.trajectory.pk,
                                                                     "meeting_pk": meeting.pk}))
        assert card["Content-Type"] == "application/pdf"
        reader, words = pdf_text(card)
        assert len(reader.pages) == 1
        assert "Wandelgesprek" in words and "Foto's met een onderschrift" in words
        assert reader.trailer["/Root"]["/Lang"] == "nl" and "/StructTreeRoot" in reader.trailer["/Root"]
        # Clients read the session's methods too; the card is the facilitator's.
        client = client_for(world.client)
        assert client.get(reverse("trajectories:meeting_card", kwargs={"pk": world.trajectory.pk,
                                                                       "meeting_pk": meeting.pk})).status_code == 404

    def test_a_method_of_another_organisation_cannot_be_picked(self, world, library, client_for):
        theirs = method_services.method_create(
            organisation=world.other_organisation, by=world.other_facilitator, name="Elders", purpose="x",
            steps=[1], group="clients", suits=[], duration_minutes=30, how_to="x",
        )
        response = client_for(world.facilitator).post(
            reverse("trajectories:meeting_create", kwargs={"pk": world.trajectory.pk}),
            {"kind": "session", "date": timezone.localdate().isoformat(), "step": "1", "group": "clients",
             "methods": [theirs.pk]},
        )
        assert response.status_code == 200 and not Meeting.objects.exists()


class TestTailoringPages:
    def test_groups_and_step_wording_show_on_the_step_pages(self, world, client_for):
        http = client_for(world.facilitator)
        http.post(reverse("trajectories:tailor", kwargs={"pk": world.trajectory.pk}), {
            "participant_groups": ["clients", "client_council"], "step_1": "Bewoners vertellen met foto's.",
            "step_2": "", "step_3": "", "step_4": "",
        })
        trajectory = Trajectory.objects.get(pk=world.trajectory.pk)
        assert trajectory.participant_groups == ["clients", "client_council"]
        explore = text(client_for(world.client).get(reverse("trajectories:explore", kwargs={"pk": trajectory.pk})))
        assert "Bewoners vertellen met foto&#x27;s." in explore

    def test_skipping_a_step_without_a_reason_says_why(self, world, client_for):
        http = client_for(world.facilitator)
        url = reverse("trajectories:step_skip", kwargs={"pk": world.trajectory.pk})
        refused = http.post(url, {"expected_step": "1", "reason": ""}, follow=True)
        assert "Zeg waarom deze stap wordt overgeslagen." in text(refused)
        assert Trajectory.objects.get(pk=world.trajectory.pk).current_step == 1
        http.post(url, {"expected_step": "1", "reason": "We kiezen meteen samen."})
        assert Trajectory.objects.get(pk=world.trajectory.pk).current_step == 3
        detail = text(http.get(reverse("trajectories:detail", kwargs={"pk": world.trajectory.pk})))
        assert "We kiezen meteen samen." in detail

    def test_start_from_a_template_and_copy_a_trajectory(self, world, library, client_for):
        http = client_for(world.facilitator)
        template = tailoring_services.template_from_trajectory(
            trajectory=world.trajectory, by=world.facilitator, name="Ons sjabloon"
        )
        product = TrajectoryTemplate.objects.get(builtin_key="disability-care")
        page = http.get(reverse("trajectories:template_detail", kwargs={"template_pk": product.pk}))
        assert_valid_html(page)
        response = http.post(reverse("trajectories:template_detail", kwargs={"template_pk": product.pk}),
                             {"title": "Mijn zeggenschap", "start_date": "2027-02-01", "location": ""})
        created = Trajectory.objects.get(title="Mijn zeggenschap")
        assert response["Location"] == reverse("trajectories:members", kwargs={"pk": created.pk})
        assert created.meetings.count() == len(product.sessions)
        copied = http.post(reverse("trajectories:copy", kwargs={"pk": created.pk}),
                           {"title": "Volgend jaar", "start_date": "2028-02-01"})
        assert copied.status_code == 302
        assert Trajectory.objects.get(title="Volgend jaar").meetings.count() == len(product.sessions)
        # Another organisation's template is not found, and cannot be used.
        other = factories.person(world.other_organisation, username="fac3", role="facilitator")
        elsewhere = client_for(other)
        assert elsewhere.get(reverse("trajectories:template_detail", kwargs={"template_pk": template.pk})).status_code == 404
        assert elsewhere.post(reverse("trajectories:template_detail", kwargs={"template_pk": template.pk}),
                              {"title": "Niet", "start_date": "2027-01-01"}).status_code == 404
        assert not Trajectory.objects.filter(title="Niet").exists()


class TestGoalsPages:
    def test_a_client_writes_a_goal_and_looks_back(self, world, client_for):
        http = client_for(world.client)
        url = reverse("trajectories:goals", kwargs={"pk": world.trajectory.pk})
        empty = http.post(url, {"text": "   "})
        assert empty.status_code == 200 and not Goal.objects.exists()
        http.post(url, {"text": "Dat ik gehoord word"})
        goal = Goal.objects.get()
        assert goal.member == world.membership(world.client)
        assert "Dat ik gehoord word" not in text(client_for(world.client2).get(url))
        assert "Dat ik gehoord word" not in text(client_for(world.staff).get(url))
        assert "Dat ik gehoord word" in text(client_for(world.facilitator).get(url))
        evaluate = reverse("trajectories:goal_evaluate", kwargs={"pk": world.trajectory.pk, "goal_pk": goal.pk})
        assert client_for(world.client2).get(evaluate).status_code == 404
        http.post(evaluate, {"outcome": "achieved", "note": "Ja, echt."})
        assert Goal.objects.get().outcome == "achieved"


class TestLessonsPages:
    @pytest.fixture
    def closed(self, world):
        services.trajectory_close(trajectory=world.trajectory, by=world.facilitator)
        return world.trajectory

    def test_a_lesson_naming_a_client_is_refused_and_the_text_kept(self, world, closed, client_for):
        http = client_for(world.facilitator)
        url = reverse("trajectories:lesson_create", kwargs={"pk": closed.pk})
        refused = http.post(url, {"what_worked": "Gerda vertelde veel over haar man.", "themes": ["food"]})
        assert refused.status_code == 200
        assert "Hier staat de naam van een cliënt (Gerda)" in text(refused)
        assert "Gerda vertelde veel over haar man." in text(refused)
        assert not Lesson.objects.exists()
        http.post(url, {"what_worked": "Verhalen aan tafel werkten goed.", "themes": ["food"]})
        lesson = Lesson.objects.get()
        # Facilitators and quality staff of the organisation find it by theme; nobody else.
        for user in (world.facilitator, world.quality):
            page = text(client_for(user).get(reverse("trajectories:lessons") + "?theme=food"))
            assert "Verhalen aan tafel werkten goed." in page
        assert "Verhalen aan tafel" not in text(client_for(world.facilitator).get(
            reverse("trajectories:lessons") + "?theme=safety"))
        elsewhere = client_for(world.other_facilitator)
        assert "Verhalen aan tafel" not in text(elsewhere.get(reverse("trajectories:lessons")))
        assert elsewhere.get(reverse("trajectories:lesson_detail", kwargs={"lesson_pk": lesson.pk})).status_code == 404
        for user in (world.client, world.staff):
            assert client_for(user).get(reverse("trajectories:lessons")).status_code == 404

    def test_lessons_never_show_client_identities(self, world, closed, client_for):
        learning_services.lesson_create(trajectory=closed, by=world.facilitator, what_worked="Foto's werkten.")
        for path in (reverse("trajectories:lessons"), reverse("trajectories:learning_overview"),
                     reverse("trajectories:lesson_detail", kwargs={"lesson_pk": Lesson.objects.get().pk})):
            page = text(client_for(world.quality).get(path))
            for name in ("Gerda", "Henk", "cli2", ">cli<"):
                assert name not in page, f"{name} on {path}"


class TestEvaluationReport:
    def test_a_draft_from_the_record_then_a_tagged_pdf_with_user_text_as_text(self, world, library, client_for):
        http = client_for(world.facilitator)
        learning_services.goal_create(trajectory=world.trajectory, by=world.membership(world.facilitator),
                                      text="Samen één stem vinden", group="clients")
        edit = reverse("trajectories:report_edit", kwargs={"pk": world.trajectory.pk})
        draft = text(http.get(edit))
        assert "Samen één stem vinden" in draft
        http.post(edit, {"aim": "Bewoners een stem geven", "methods": "Foto's en gesprekken",
                         "results": f"Eén agenda {SCRIPT}", "outcomes": "Meer zeggenschap, ook voor Zoë",
                         "reflection": "Te weinig tijd voor de nachtdienst"})
        assert EvaluationReport.objects.get().results.endswith(SCRIPT)
        page = http.get(reverse("trajectories:report", kwargs={"pk": world.trajectory.pk}))
        assert SCRIPT not in text(page) and "&lt;script&gt;" in text(page)
        response = client_for(world.quality).get(reverse("trajectories:report_pdf", kwargs={"pk": world.trajectory.pk}))
        reader, words = pdf_text(response)
        assert SCRIPT in words and "Meer zeggenschap, ook voor Zoë" in words and "Kritische reflectie" in words
        assert reader.trailer["/Root"]["/Lang"] == "nl" and reader.metadata.title.startswith("Evaluatierapport")

    def test_no_pdf_before_there_is_a_report(self, world, client_for):
        assert client_for(world.facilitator).get(
            reverse("trajectories:report_pdf", kwargs={"pk": world.trajectory.pk})
        ).status_code == 404


def test_the_site_menu_shows_on_confirmation_pages(world, client_for):
    """Confirmation pages keep the site's header and menu."""
    meeting = services.meeting_create(trajectory=world.trajectory, by=world.facilitator,
                                      date=timezone.localdate(), step=1, group=MeetingGroup.JOINT)
    page = text(client_for(world.facilitator).get(
        reverse("trajectories:meeting_delete", kwargs={"pk": world.trajectory.pk, "meeting_pk": meeting.pk})
    ))
    assert reverse("logout") in page and reverse("trajectories:methods") in page
    assert StepTransition.objects.count() == 0


@pytest.mark.parametrize("value", [SCRIPT, "x" * 6000, "Bel\x07", "\x00", "ë" * 50, "'; DROP TABLE x; --", ""])
def test_hostile_lesson_texts_never_break_and_markup_stays_text(world, client_for, value):
    services.trajectory_close(trajectory=world.trajectory, by=world.facilitator)
    http = client_for(world.facilitator)
    response = http.post(reverse("trajectories:lesson_create", kwargs={"pk": world.trajectory.pk}),
                         {"what_worked": value, "advice": value, "themes": ["food"]})
    assert response.status_code in (200, 302)
    assert "<script>alert(1)" not in text(response)
    if value == SCRIPT:
        assert response.status_code == 302, "markup is text, and is saved as such"
    if response.status_code == 200:
        assert not Lesson.objects.exists()
    else:
        page = text(client_for(world.quality).get(reverse("trajectories:lessons")))
        assert "<script>alert(1)" not in page
        if value == SCRIPT:
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
