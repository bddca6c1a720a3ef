"""The live-session pages run the same number of queries for 2 rows as for 20 (no N+1), and no more
than their ceiling (``tests/query_counts.py``)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.live_helpers import join, photo_bytes, topic
from tests.query_counts import Scenario, assert_query_counts
from trajectories.live import services as live_services
from trajectories.live.photos import process_photo
from trajectories.models import LiveSession, Theme

SIZES = (2, 20)
THEMES = [Theme.FOOD, Theme.SAFETY, Theme.HEARD, Theme.AT_HOME]


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world


def _photo():
    return process_photo(SimpleUploadedFile("f.jpg", photo_bytes(size=(64, 64)), content_type="image/jpeg"))


def build_board(world, n, *, reveal=True):
    """A session with ``n`` guests and ``n`` topics: photos, merges, names, dots, all revealed."""
    session = live_services.live_session_open(trajectory=world.trajectory, by=world.facilitator, title="Huiskamer")
    lead = world.membership(world.facilitator)
    client = world.membership(world.client)
    guests = [join(session, name=f"Gast {i:02d}", anonymous=i % 3 == 0) for i in range(1, n + 1)]
    topics = []
    for i, guest in enumerate(guests, start=1):
        topics.append(topic(
            world, guest, session, title=f"Onderwerp {i:02d}", theme=THEMES[i % 4], story=f"Verhaal {i:02d}",
            photo=_photo() if i % 2 else None, is_anonymous=i % 4 == 0,
        ))
    topic(world, lead, session, title="Namens iemand", on_behalf_of_name="Mevrouw Jansen")
    topic(world, client, session, title="Van Gerda")
    # Every fourth topic is a duplicate of the first.
    for duplicate in topics[3::4]:
        live_services.topic_merge(session=session, duplicate=duplicate, into=topics[0], by=lead)
    live_services.live_names_set(session=session, by=world.facilitator, show=True)
    live_services.live_voting_open(session=session, by=world.facilitator, dots_per_client=3, max_dots_per_topic=2)
    for guest, target in zip(guests, topics[:3] * n):
        live_services.vote_add(session=LiveSession.objects.get(pk=session.pk), topic=target, by=guest)
    if reveal:
        live_services.live_votes_reveal(session=session, by=world.facilitator)
    return session, f"Onderwerp {n:02d}"


def build_board_voting(world, n):
    return build_board(world, n, reveal=False)


def build_sessions(world, n):
    """``n`` sessions: all closed but the last."""
    for i in range(1, n + 1):
        session = live_services.live_session_open(trajectory=world.trajectory, by=world.facilitator, title=f"Sessie {i:02d}")
        join(session, name=f"Gast {i:02d}")
        if i < n:
            live_services.live_session_close(session=session, by=world.facilitator)
    return session, f"Sessie {n:02d}"


def build_own_topics(world, n):
    """A client with ``n`` topics of their own in the session (some with a photo, some merged)."""
    session = live_services.live_session_open(trajectory=world.trajectory, by=world.facilitator, title="Huiskamer")
    client = world.membership(world.client)
    first = None
    for i in range(1, n + 1):
        added = topic(world, client, session, title=f"Eigen {i:02d}", photo=_photo() if i % 2 else None)
        first = first or added
        if i % 5 == 3:
            live_services.topic_merge(session=session, duplicate=added, into=first, by=world.membership(world.facilitator))
    live_services.live_voting_open(session=session, by=world.facilitator, dots_per_client=3, max_dots_per_topic=2)
    return session, f"Eigen {n:02d}"


def session_page(name):
    """A page of the session the builder made, as the facilitator opens it."""
    return lambda world, session: reverse(name, kwargs={"pk": world.trajectory.pk, "session_pk": session.pk})


def client_page(name):
    """A page of the session the builder made, as a client opens it."""
    return lambda world, session: reverse(name, kwargs={"pk": session.pk})


def sessions(world, session):
    return reverse("trajectories:live_sessions", kwargs={"pk": world.trajectory.pk})


# (name, role, builder, url, ceiling: the most queries the page may run, today's count + 3)
SCENARIOS = [
    Scenario("board", "facilitator", build_board, session_page("trajectories:live_board"), 24),
    Scenario("board-voting", "facilitator", build_board_voting, session_page("trajectories:live_board"), 24),
    Scenario("board-poll", "facilitator", build_board, session_page("trajectories:live_board_partial"), 23),
    Scenario("console", "facilitator", build_board, session_page("trajectories:live_console"), 26),
    Scenario("console-voting", "facilitator", build_board_voting, session_page("trajectories:live_console"), 30),
    Scenario("sessions", "facilitator", build_sessions, sessions, 18),
    Scenario("client-home", "client", build_own_topics, client_page("trajectories:live_client"), 20),
    Scenario("client-vote", "client", build_own_topics, client_page("trajectories:live_vote"), 20),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[scenario.id for scenario in SCENARIOS])
def test_live_pages_query_count_does_not_grow_with_rows(scenario, world, client_for):
    assert_query_counts(scenario, world, client_for, SIZES)
