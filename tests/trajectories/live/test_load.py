"""Live sessions under load, the small version for CI: 10 clients join at once and add 5 topics each.

On PostgreSQL (CI, where DATABASE_URL is set) the requests go to a real gunicorn started on the
test database, all at once; on SQLite (the in-memory test database of a local ``make test``) to
pytest-django's ``live_server``, one request at a time (its threads share one database
connection, so overlapping transactions would break each other). The clients are those of
``bench/live_load.py`` (standard library only), which runs the same with 50 clients and measures
the board's poll.
"""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from bench import live_load
from tests.live_helpers import gunicorn_on_the_test_database
from trajectories.live import services as live_services
from trajectories.models import Membership, Topic

CLIENTS = 10
TOPICS = 5


@pytest.fixture
def base_url(request, world):
    """Where the clients send their requests. Depends on ``world`` so the server stops before the flush."""
    if connection.vendor != "postgresql":
        yield request.getfixturevalue("live_server").url
        return
    # Same secret key as this process: the facilitator's session made here must be valid there.
    with gunicorn_on_the_test_database(workers=2, threads=4, env={"DJANGO_SECRET_KEY": settings.SECRET_KEY}) as server:
        yield server.base_url


def facilitator_board(base_url: str, user) -> live_load.Browser:
    """A browser logged in as ``user``. The session is made here: the test settings hash passwords
    with MD5, which gunicorn's settings do not accept for a login through the form."""
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return live_load.Browser(base_url, cookies={name: client.cookies[name].value})


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_clients_join_at_once_and_every_topic_reaches_the_database_and_the_board(world, base_url):
    session = live_services.live_session_open(trajectory=world.trajectory, by=world.facilitator, title="In de zaal")

    # Django's live server on in-memory SQLite shares one database connection between its threads:
    # there the clients take turns per request. Against gunicorn and PostgreSQL they really overlap.
    load = live_load.run_clients(
        base_url, session.join_code, clients=CLIENTS, topics=TOPICS,
        one_request_at_a_time=connection.vendor != "postgresql",
    )

    assert load.errors == []
    assert len(load.sent) == CLIENTS * TOPICS
    assert {client.session_pk for client in load.clients} == {session.pk}
    assert Membership.objects.filter(joined_session=session).count() == CLIENTS
    assert Topic.objects.filter(live_session=session).count() == CLIENTS * TOPICS
    titles = [topic.title for number in range(1, CLIENTS + 1) for topic in live_load.topics_for(number, TOPICS)]
    assert sorted(Topic.objects.filter(live_session=session).values_list("title", flat=True)) == sorted(titles)

    board = facilitator_board(base_url, world.facilitator)
    path = live_load.board_path(world.trajectory.pk, session.pk)
    response = board.get(path)
    assert live_load.titles_missing(response.body, titles) == []
    assert live_load.board_count(response.body) == CLIENTS * TOPICS
    # Nothing changed since: the poll is answered without the board.
    not_modified = board.get(path, expect=304, headers={"If-None-Match": response.header("ETag")})
    assert not_modified.body == ""
    # The board's own poll brings its signed token and is answered from one query.
    quick = board.get(path, expect=304, headers={
        "If-None-Match": response.header("ETag"), "X-Board-Poll": live_load.poll_token(response.body),
    })
    assert quick.body == ""
