"""Hostile input on the live session's forms: the client's one-question-per-screen form, the
facilitator's console (topics and dots for a client, merging, opening a session) and the room
screen's controls (timer, voting, focus)."""

from django.urls import reverse
from django.utils import timezone

from tests.hostile import (
    BOOL,
    Field,
    OtherForms,
    Spec,
    TrajectoryTextForms,
    form,
    live,
    scalar,
    text,
    traj,
)
from trajectories.models import LiveSession, Theme, Topic, Vote

LIVE_TOPIC_FIELDS = {
    "theme": scalar(lambda o: Theme.FOOD),
    "title": text("Lauw eten"),
    "story": text(""),
    "is_anonymous": Field(BOOL, lambda o: ""),
}


class TestTextForms(TrajectoryTextForms):
    SPECS = [
        # The live session's one-question-per-screen form, sent from its last screen (as without JavaScript).
        form(
            "live_topic_by_client", "client", lambda o: reverse("trajectories:live_topic", kwargs={"pk": o.live.pk}),
            LIVE_TOPIC_FIELDS, live("live_board"), "facilitator", Topic,
            fixed={"step": "photo"},
        ),
        # The facilitator types in a topic for a client from the session's console.
        form(
            "live_topic_on_behalf", "facilitator", live("live_console"),
            {
                "namens-on_behalf_of": scalar(lambda o: ""),
                "namens-on_behalf_of_name": text("Mevrouw Jansen"),
                "namens-title": text("Een eigen tuintje"),
                "namens-theme": scalar(lambda o: Theme.AT_HOME),
                "namens-story": text(""),
                "namens-is_anonymous": Field(BOOL, lambda o: ""),
            },
            live("live_board"), "facilitator", Topic,
            fixed={"form": "topic"},
        ),
    ]


def console(o, response):
    return [("facilitator", live("live_console")(o))]


def console_and_board(o, response):
    return [("facilitator", live("live_console")(o)), ("facilitator", live("live_board")(o))]


def unmerged_topics(o) -> list[Topic]:
    return list(Topic.objects.filter(trajectory=o.trajectory, merged_into__isnull=True).order_by("pk"))


def no_votes(o):
    Vote.objects.filter(live_session=o.live).delete()


def no_merges(o):
    Topic.objects.filter(trajectory=o.trajectory).update(merged_into=None, merged_at=None, merged_by=None)


def no_open_session(o):
    LiveSession.objects.filter(trajectory=o.trajectory, closed_at__isnull=True).update(
        closed_at=timezone.now(), join_code=None
    )


class TestOtherForms(OtherForms):
    SPECS = [
        Spec(
            "live_session_open", "facilitator", traj("live_sessions"),
            lambda o: {"title": text("Huiskamergesprek"), "dots_per_client": scalar(lambda o: "3"),
                       "max_dots_per_topic": scalar(lambda o: "2")},
            prepare=no_open_session,
            show=lambda o, r: [("facilitator", r["Location"]), ("facilitator", traj("live_sessions")(o))],
            models=(LiveSession,), shows_saved_text=True,
        ),
        Spec(
            "live_vote_on_behalf", "facilitator", live("live_console"),
            lambda o: {"op": scalar(lambda o: "add"), "stem-voter": scalar(lambda o: ""),
                       "stem-voter_name": text("Mevrouw Jansen"),
                       "stem-topic": scalar(lambda o: str(o.topics[0].pk))},
            fixed={"form": "vote"}, prepare=no_votes, show=console, models=(Vote,),
        ),
        Spec(
            "live_merge", "facilitator", live("live_console"),
            lambda o: {"samen-duplicate": scalar(lambda o: str(unmerged_topics(o)[0].pk)),
                       "samen-into": scalar(lambda o: str(unmerged_topics(o)[1].pk))},
            fixed={"form": "merge"}, prepare=no_merges, show=console_and_board, models=(Topic,),
        ),
        Spec(
            "live_timer", "facilitator", live("live_control"),
            lambda o: {"action": scalar(lambda o: "timer_start"), "timer-minutes": scalar(lambda o: "5"),
                       "next": scalar(lambda o: "board")},
            show=console_and_board, models=(LiveSession,),
        ),
        Spec(
            "live_voting_open", "facilitator", live("live_control"),
            lambda o: {"action": scalar(lambda o: "voting_open"), "stemmen-dots_per_client": scalar(lambda o: "5"),
                       "stemmen-max_dots_per_topic": scalar(lambda o: "2")},
            prepare=no_votes, show=console_and_board, models=(LiveSession,),
        ),
        Spec(
            "live_focus", "facilitator", live("live_control"),
            lambda o: {"action": scalar(lambda o: "focus"), "focus-topic": scalar(lambda o: str(o.topics[1].pk)),
                       "next": scalar(lambda o: "board")},
            show=console_and_board, models=(LiveSession,),
        ),
    ]
