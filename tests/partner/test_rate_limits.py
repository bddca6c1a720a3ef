"""Limits that hold under parallel requests: wrong passwords and wrong join codes sent all at once
are counted one by one, so no more are tried than the limit allows.

Against a real gunicorn (threaded workers) on the PostgreSQL test database, with every request
released at the same moment; on SQLite there is no server that runs them in parallel (see
``tests/trajectories/live/test_load.py``), so these run in CI.
"""

import threading

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection  # noqa: F401 - read by the skip condition below

from bench import live_load
from tests.live_helpers import gunicorn_on_the_test_database, open_session
from trajectories.models import JoinAttempt

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="parallel requests need PostgreSQL (CI)"),
]

JOIN_LIMIT = 10
LOGIN_LIMIT = 5


@pytest.fixture
def server(world):
    """gunicorn on the test database, with the lockout on and its limits as the test expects."""
    env = {
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "PARTNER_LIVE_JOIN_MAX_FAILURES": str(JOIN_LIMIT),
        "PARTNER_LOGIN_MAX_FAILURES": str(LOGIN_LIMIT),
    }
    with gunicorn_on_the_test_database(workers=2, threads=8, env=env) as running:
        yield running


def all_at_once(base_url: str, count: int, path: str, data: dict) -> list[live_load.Response]:
    """``count`` browsers, each with its own CSRF cookie, post ``data`` to ``path`` at the same moment."""
    browsers = [live_load.Browser(base_url) for _ in range(count)]
    for browser in browsers:
        browser.get(path)
    start = threading.Barrier(count)
    answers: list = [None] * count

    def send(number: int) -> None:
        start.wait()
        answers[number] = browsers[number].request(
            "POST", path, {**data, "csrfmiddlewaretoken": browsers[number].cookie("csrftoken")}
        )

    threads = [threading.Thread(target=send, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def test_sixteen_wrong_codes_at_once_try_no_more_than_ten(world, server):
    session = open_session(world)
    wrong = "QQQQQQ" if session.join_code != "QQQQQQ" else "ZZZZZZ"
    answers = all_at_once(server.base_url, 16, "/meedoen/", {"code": wrong})
    statuses = sorted(answer.status for answer in answers)
    assert statuses == [200] * JOIN_LIMIT + [429] * (16 - JOIN_LIMIT), statuses
    assert sum("Deze code kennen we niet" in answer.body for answer in answers) == JOIN_LIMIT
    assert JoinAttempt.objects.filter(succeeded=False).count() == JOIN_LIMIT


def test_nine_wrong_passwords_at_once_try_no_more_than_five(world, server):
    # gunicorn runs with the real settings (Argon2), not the tests' fast hasher.
    world.facilitator.password = Argon2PasswordHasher().encode("partner-test", Argon2PasswordHasher().salt())
    world.facilitator.save(update_fields=["password"])
    answers = all_at_once(server.base_url, 9, "/inloggen/", {"username": "fac", "password": "fout"})
    statuses = sorted(answer.status for answer in answers)
    # Four wrong passwords are checked and answered; the fifth locks; the rest are refused unchecked.
    assert statuses == [200] * (LOGIN_LIMIT - 1) + [429] * (9 - LOGIN_LIMIT + 1), statuses
    # Only the passwords actually checked are counted, and that is exactly the limit.
    assert AccessAttempt.objects.get(username="fac").failures_since_start == LOGIN_LIMIT
    right = all_at_once(server.base_url, 1, "/inloggen/", {"username": "fac", "password": "partner-test"})
    assert right[0].status == 429  # locked: even the right password waits
