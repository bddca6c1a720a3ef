"""Hostile input on the trajectory's own forms (trajectory, members, steps, sessions, topics, agenda,
staff space, dialogue and actions), through the harness of ``tests/hostile.py``."""

import pytest
from django.urls import reverse

from tests.hostile import (
    BOOL,
    ESCAPED_SCRIPT,
    MULTI,
    SCRIPT,
    XSS,
    Field,
    OtherForms,
    Spec,
    TrajectoryTextForms,
    assert_no_live_markup,
    form,
    in_days,
    scalar,
    text,
    traj,
)
from trajectories import models
from trajectories.core import services


def newest_trajectory_detail(o):
    return reverse("trajectories:detail", kwargs={"pk": models.Trajectory.objects.order_by("-pk").first().pk})


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
    "start_time": scalar(lambda o: "10:00"),
    "end_time": scalar(lambda o: "11:30"),
    "place": text("Huiskamer De Linde"),
    "step": scalar(lambda o: str(models.Step.EXPLORE.value)),
    "group": scalar(lambda o: models.MeetingGroup.JOINT),
    "method": text("Fotokaarten"),
    "notes": text(""),
}
TOPIC_FIELDS = {
    "title": text("Rust aan tafel"),
    "theme": scalar(lambda o: models.Theme.FOOD),
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


class TestTextForms(TrajectoryTextForms):
    SPECS = [
        form(
            "trajectory_create", "facilitator", lambda o: reverse("trajectories:create"), TRAJECTORY_FIELDS,
            newest_trajectory_detail, "facilitator", models.Trajectory,
        ),
        form(
            "trajectory_edit", "facilitator", traj("edit"), TRAJECTORY_FIELDS,
            traj("detail"), "client", models.Trajectory,
        ),
        form(
            "meeting_create", "facilitator", traj("meeting_create"), MEETING_FIELDS,
            traj("meetings"), "client", models.Meeting,
        ),
        form(
            "meeting_edit", "facilitator", lambda o: traj("meeting_edit", meeting_pk=o.meeting.pk)(o),
            MEETING_FIELDS, traj("meetings"), "staff", models.Meeting,
        ),
        form(
            "topic_create_by_client", "client", traj("explore"), TOPIC_FIELDS,
            traj("explore"), "client2", models.Topic,
        ),
        form(
            "topic_create_by_facilitator", "facilitator", traj("explore"),
            {
                "on_behalf_of": scalar(lambda o: ""),
                "on_behalf_of_name": text("Mevrouw Jansen"),
                **TOPIC_FIELDS,
            },
            traj("explore"), "facilitator", models.Topic,
        ),
        form(
            "topic_edit", "client", lambda o: traj("topic_edit", topic_pk=o.topic.pk)(o), TOPIC_FIELDS,
            traj("explore"), "client", models.Topic,
        ),
        form(
            "agenda_item_create", "client", traj("agenda"), AGENDA_FIELDS,
            traj("agenda"), "client2", models.AgendaItem,
        ),
        form(
            "agenda_item_edit", "client", lambda o: traj("agenda_item_edit", item_pk=o.private_item.pk)(o),
            AGENDA_FIELDS, traj("agenda"), "facilitator", models.AgendaItem,
        ),
        form(
            "staff_reflection_create", "staff", traj("staff"),
            {
                "reflection-agenda_item": scalar(lambda o: str(o.shared_item.pk)),
                "reflection-text": text("Wij herkennen dit."),
                "reflection-is_anonymous": Field(BOOL, lambda o: ""),
            },
            traj("staff"), "facilitator", models.StaffReflection, fixed={"reflection": "1"},
        ),
        form(
            "staff_summary", "staff", traj("staff"), {"summary-text": text("Onze samenvatting")},
            traj("staff"), "staff", models.StaffSummary, fixed={"summary": "1"},
        ),
        form(
            "dialogue_edit", "facilitator", lambda o: traj("dialogue_edit", item_pk=o.shared_item.pk)(o),
            {"heard": text("Het is druk"), "agreed": text("")},
            traj("dialogue"), "client", models.Dialogue,
        ),
        form(
            "action_create", "facilitator", traj("action_create"), ACTION_FIELDS,
            traj("dialogue"), "quality", models.Action,
        ),
        form(
            "action_edit", "facilitator", lambda o: traj("action_edit", action_pk=o.action.pk)(o),
            ACTION_FIELDS, traj("dialogue"), "staff", models.Action,
        ),
    ]

    def test_markup_in_titles_is_escaped_on_confirmation_pages(self, o, users):
        """Titles typed by users come back inside translated sentences ("Remove “%(title)s”?")."""
        gerda = o.world.membership(o.world.client)
        topic = services.topic_create(trajectory=o.trajectory, by=gerda, title=XSS, theme=models.Theme.FOOD)
        item = services.agenda_item_create(trajectory=o.trajectory, by=gerda, title=XSS, topics=[topic])
        services.action_update(
            action=o.action, by=o.lead, what=XSS, owner=o.lead,
            due_date=o.action.due_date, status="proposed", agenda_item=None,
        )
        pages = [
            (users["client"], traj("topic_delete", topic_pk=topic.pk)(o)),
            (users["client"], traj("agenda_item_delete", item_pk=item.pk)(o)),
            (users["client"], traj("agenda_item_share", item_pk=item.pk)(o)),
            (users["facilitator"], traj("action_delete", action_pk=o.action.pk)(o)),
            (users["client"], traj("agenda")(o)),
            (users["facilitator"], traj("dialogue")(o)),
        ]
        for http, url in pages:
            response = http.get(url)
            assert response.status_code == 200, url
            assert ESCAPED_SCRIPT in response.content.decode(), url
            assert_no_live_markup(response.content.decode(), url)

    @pytest.mark.parametrize("item", ["abc", "99999999999999999999", "²", "٣", "-1", SCRIPT, "\x00", "9" * 400])
    def test_hostile_item_in_the_action_link(self, item, o, users):
        response = users["facilitator"].get(traj("action_create")(o), {"item": item})
        assert response.status_code == 200
        assert_no_live_markup(response.content.decode(), "the new action form")


def free_candidate(o) -> str:
    taken = set(models.Membership.objects.filter(trajectory=o.trajectory).values_list("user_id", flat=True))
    return next((str(user.pk) for user in o.candidates if user.pk not in taken), "")


def put_candidates_back(o):
    models.Membership.objects.filter(trajectory=o.trajectory, user__in=o.candidates).delete()


def at_step(step):
    def prepare(o):
        models.Trajectory.objects.filter(pk=o.trajectory.pk).update(current_step=step)

    return prepare


def step_fields(step):
    return lambda o: {"expected_step": scalar(lambda o: str(step)), "reason": text("We doen het nog eens.")}


class TestOtherForms(OtherForms):
    SPECS = [
        Spec(
            "member_add", "facilitator", traj("members"),
            lambda o: {"user": scalar(free_candidate), "role": scalar(lambda o: "client"),
                       "is_relative": Field(BOOL, lambda o: "")},
            prepare=put_candidates_back, show=lambda o, r: [("facilitator", traj("members")(o))],
            models=(models.Membership,),
        ),
        Spec(
            "step_back", "facilitator", traj("step_back"), step_fields(2), prepare=at_step(2),
            show=lambda o, r: [("facilitator", traj("detail")(o))], models=(models.StepTransition, models.Trajectory),
            shows_saved_text=True,
        ),
        Spec(
            "step_skip", "facilitator", traj("step_skip"), step_fields(1), prepare=at_step(1),
            show=lambda o, r: [("facilitator", traj("detail")(o))], models=(models.StepTransition, models.Trajectory),
            shows_saved_text=True,
        ),
    ]
