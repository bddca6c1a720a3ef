"""The live-session pages run the same number of queries for 2 rows as for 20 (no N+1)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from tests.live_helpers import join, photo_bytes, topic
from tests.query_counts import assert_same_count, measure_get
from trajectories.live import services as live_services
from trajectories.live.photos import process_photo
from trajectories.models import LiveSession, Theme

SMALL, LARGE = 2, 20
THEMES = [Theme.FOOD, Theme.SAFETY, Theme.HEARD, Theme.AT_HOME]


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


PAGES = [
    # (id, url name, role, builder, url kwargs)
    ("board", "trajectories:live_board", "facilitator", build_board, "facilitator"),
    ("board-voting", "trajectories:live_board", "facilitator", build_board_voting, "facilitator"),
    ("board-poll", "trajectories:live_board_partial", "facilitator", build_board, "facilitator"),
    ("console", "trajectories:live_console", "facilitator", build_board, "facilitator"),
    ("console-voting", "trajectories:live_console", "facilitator", build_board_voting, "facilitator"),
    ("sessions", "trajectories:live_sessions", "facilitator", build_sessions, "list"),
    ("client-home", "trajectories:live_client", "client", build_own_topics, "client"),
    ("client-vote", "trajectories:live_vote", "client", build_own_topics, "client"),
]


def _url(name, kind, world, session):
    if kind == "list":
        return reverse(name, kwargs={"pk": world.trajectory.pk})
    if kind == "client":
        return reverse(name, kwargs={"pk": session.pk})
    return reverse(name, kwargs={"pk": world.trajectory.pk, "session_pk": session.pk})


def count(world, client_for, name, role, build, kind, n):
    with transaction.atomic():
        session, marker = build(world, n)
        http = client_for(world.user(role))
        counted = measure_get(http, _url(name, kind, world, session), [marker], what=f"{name} with {n} rows")
        transaction.set_rollback(True)
    return counted


@pytest.mark.parametrize("page", PAGES, ids=[page[0] for page in PAGES])
def test_live_pages_query_count_does_not_grow_with_rows(page, world, client_for):
    page_id, name, role, build, kind = page
    small = count(world, client_for, name, role, build, kind, SMALL)
    large = count(world, client_for, name, role, build, kind, LARGE)
    assert_same_count(page_id, small, large, (SMALL, LARGE))
