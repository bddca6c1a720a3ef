"""Hostile input on the action plan's forms (progress, reviews, the quality staff's filter), and
markup typed into the plan's forms that must be text in the plan's PDFs."""

from django.urls import reverse
from django.utils import timezone

from tests.hostile import (
    BOOL,
    DATE,
    Field,
    OtherForms,
    Spec,
    TrajectoryTextForms,
    form,
    in_days,
    scalar,
    text,
    traj,
)
from tests.pdf_checks import pdf_words, squash
from trajectories.core import services
from trajectories.models import Action, ActionProgress, Review, ReviewOutcome, Theme
from trajectories.plan.forms import ReviewForm

PROGRESS_FIELDS = {
    "date": scalar(lambda o: in_days(0)),
    "text": text("De kok doet mee."),
}


class TestTextForms(TrajectoryTextForms):
    SPECS = [
        form(
            "action_progress", "facilitator", lambda o: traj("action_detail", action_pk=o.action.pk)(o),
            PROGRESS_FIELDS, lambda o: traj("action_detail", action_pk=o.action.pk)(o), "quality",
            ActionProgress,
        ),
    ]


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


# Markup typed into forms whose text ends up in the plan's PDFs.
MARKUP = {
    "trajectory title": "Plan <script>alert(1)</script>",
    "agenda title": "<b>Vet</b> eten",
    "agenda why": '"><img src=x onerror=alert(2)>',
    "dialogue agreed": "</td></tr></table><h1>Weg</h1>",
    "staff summary": "<svg onload=alert(3)>samen",
    "action steps": "<a href='javascript:alert(4)'>stap</a>",
    "action reason": "&lt;al ontsnapt&gt; <i>niet</i>",
}


class TestOtherForms(OtherForms):
    SPECS = [
        Spec(
            "action_filter", "quality", lambda o: reverse("trajectories:plans_overview"),
            lambda o: {"location": scalar(lambda o: str(o.location.pk)), "status": scalar(lambda o: "proposed"),
                       "theme": scalar(lambda o: Theme.FOOD), "overdue": Field(BOOL, lambda o: "on")},
            method="get",
        ),
        Spec(
            "review_create", "facilitator", traj("review_create"), review_fields,
            show=lambda o, r: [("quality", r["Location"])], models=(Review, ReviewOutcome, Action),
            shows_saved_text=True,
        ),
    ]

    def test_markup_typed_into_the_plan_forms_is_text_in_the_plan_pdf_and_the_combined_pdf(self, o, users):
        """``tests/trajectories/plan/test_plan.py`` checks an action's "what" (made by the service); this sends
        the other texts of the plan through their forms, and also reads the combined PDF of quality staff."""
        facilitator, client, staff = users["facilitator"], users["client"], users["staff"]
        edited = facilitator.post(traj("edit")(o), {
            "title": MARKUP["trajectory title"], "subject": "Eten", "care_context": "elderly", "location": "",
            "description": "", "start_date": "2026-01-01", "end_date": "2026-12-31",
        })
        assert edited.status_code == 302
        assert client.post(
            traj("agenda")(o), {"title": MARKUP["agenda title"], "why": MARKUP["agenda why"]}
        ).status_code == 302
        item = o.trajectory.agenda_items.get(title=MARKUP["agenda title"])
        services.agenda_item_share(item=item, by=o.gerda)
        assert facilitator.post(traj("dialogue_edit", item_pk=item.pk)(o),
                                {"heard": "Het is druk", "agreed": MARKUP["dialogue agreed"]}).status_code == 302
        summary = {"summary": "1", "summary-text": MARKUP["staff summary"]}
        assert staff.post(traj("staff")(o), summary).status_code == 302
        services.staff_summary_share(trajectory=o.trajectory, by=o.lead)
        action = o.action
        assert facilitator.post(traj("action_edit", action_pk=action.pk)(o), {
            "what": action.what, "steps": MARKUP["action steps"], "agenda_item": str(item.pk),
            "owner": str(o.lead.pk), "co_owners": [], "due_date": action.due_date.isoformat(), "status": "adjusted",
            "status_reason": MARKUP["action reason"], "review_date": "", "version": str(action.version),
        }).status_code == 302
        own = pdf_words(facilitator.get(traj("plan_pdf")(o)))
        combined = pdf_words(users["quality"].get(reverse("trajectories:plans_pdf") + f"?traject={o.trajectory.pk}"))
        for where, value in MARKUP.items():
            assert squash(value) in own, f"the plan PDF lost the {where}: {value!r}"
            assert squash(value) in combined, f"the combined PDF lost the {where}: {value!r}"
