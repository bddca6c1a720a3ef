"""Hostile input on the toolkit's forms (methods, tailoring, goals, the evaluation report, templates
and copies, the filters of the library and the lessons), and markup typed into a method and a
session that must be text on the facilitator's card."""

from django.urls import reverse
from django.utils import timezone

from tests.hostile import (
    DATE,
    MULTI,
    Field,
    OtherForms,
    Spec,
    TrajectoryTextForms,
    body,
    form,
    scalar,
    text,
    traj,
)
from tests.pdf_checks import pdf_words, squash
from trajectories.models import (
    EvaluationReport,
    Goal,
    Meeting,
    MeetingGroup,
    Method,
    Theme,
    Trajectory,
    TrajectoryTemplate,
)


class TestTextForms(TrajectoryTextForms):
    SPECS = [
        form(
            "method_create", "facilitator", lambda o: reverse("trajectories:method_create"),
            {
                "name": text("Onze fotowandeling"), "purpose": text("Samen kijken"),
                "steps": Field(MULTI, lambda o: ["1", "2"]), "group": scalar(lambda o: "clients"),
                "suits": Field(MULTI, lambda o: ["dementia"]), "duration_minutes": scalar(lambda o: "45"),
                "materials": text(""), "how_to": text("Loop samen"), "tips": text(""), "accessibility": text(""),
            },
            lambda o: reverse("trajectories:methods"), "quality", Method,
        ),
        form(
            "tailor", "facilitator", traj("tailor"),
            {
                "participant_groups": Field(MULTI, lambda o: ["clients", "relatives"]),
                "step_1": text("Bewoners vertellen met foto's."), "step_2": text(""), "step_3": text(""),
                "step_4": text(""),
            },
            traj("explore"), "client", Trajectory,
        ),
        form(
            "goal", "client", traj("goals"), {"text": text("Gehoord worden")},
            traj("goals"), "facilitator", Goal,
        ),
        form(
            "report_edit", "facilitator", traj("report_edit"),
            {name: text("Een deel van het rapport") for name in ("aim", "methods", "results", "outcomes", "reflection")},
            traj("report"), "quality", EvaluationReport,
        ),
        form(
            "save_as_template", "facilitator", traj("save_as_template"), {"name": text("Ons sjabloon")},
            lambda o: reverse("trajectories:templates"), "facilitator", TrajectoryTemplate,
        ),
    ]


def redirect_target(o, response):
    return [("facilitator", response["Location"])]


class TestOtherForms(OtherForms):
    SPECS = [
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
            "goal_evaluate", "client", lambda o: traj("goal_evaluate", goal_pk=o.goal.pk)(o),
            lambda o: {"outcome": scalar(lambda o: "partly"), "note": text("Ik werd gehoord.")},
            show=lambda o, r: [("facilitator", traj("goals")(o)), ("client", traj("goals")(o))], models=(Goal,),
            shows_saved_text=True,
        ),
        Spec(
            "trajectory_from_template", "facilitator",
            lambda o: reverse("trajectories:template_detail", kwargs={"template_pk": o.template.pk}),
            lambda o: {"title": text("Nieuw traject"),
                       "start_date": Field(DATE, lambda o: timezone.localdate().isoformat()),
                       "location": scalar(lambda o: str(o.location.pk))},
            show=redirect_target, models=(Trajectory, Meeting), shows_saved_text=True,
        ),
        Spec(
            "trajectory_copy", "facilitator", traj("copy"),
            lambda o: {"title": text("Kopie"), "start_date": Field(DATE, lambda o: timezone.localdate().isoformat())},
            show=redirect_target, models=(Trajectory, Meeting), shows_saved_text=True,
        ),
    ]

    def test_markup_typed_into_a_method_and_a_session_is_text_on_the_facilitator_card(self, o, users):
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
