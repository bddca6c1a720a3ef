"""Shared test setup: one organisation with a trajectory and a person in every role."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the
# same thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from hypothesis import settings as hypothesis_settings  # noqa: E402

from tests.mailbox import smtp_controller, smtp_server  # noqa: E402, F401 - the real SMTP server fixtures
from tests.shared import fresh, kept  # noqa: E402
from tests.world import build_world  # noqa: E402

# In CI the property-based tests replay the same examples on every run, so a landing never
# depends on luck; locally they explore new random input each time.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    hypothesis_settings.load_profile("ci")


# Slow tests in files that carry no marks of their own (``tests/test_packaging.py`` belongs to the
# packaging work): ``make test-fast`` leaves them out.
SLOW_ELSEWHERE = {"tests/test_packaging.py::test_pip_builds_a_wheel_with_the_three_packages"}


def _uses_the_database(item) -> bool:
    names = getattr(item, "fixturenames", ())
    return item.get_closest_marker("django_db") is not None or any(
        name in names for name in ("db", "transactional_db", "live_server")
    )


def pytest_collection_modifyitems(items):
    """Marks the slow tests listed above; then the slow tests that need no database (gunicorn on its
    own database, pip-audit, building the wheel) go first, so they run next to the rest instead of
    last, while one worker waits (pytest-django put the tests without a database at the end)."""
    for item in items:
        if item.nodeid in SLOW_ELSEWHERE:
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: 0 if item.get_closest_marker("slow") and not _uses_the_database(item) else 1)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Password hashing is not under test here; a fast hasher keeps fixtures cheap.

    (``tests/test_security.py`` checks the real setting: Argon2.)
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def login_lockout_off(settings):
    """django-axes counts wrong passwords per test run; its own tests turn it on (``test_security.py``).

    Django's test client logs in without a request, which axes refuses, so it is off elsewhere.
    """
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploaded photos go to a fresh folder per test, never into the project."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def world(db):
    """A fresh world per test (see ``tests/world.py``)."""
    return build_world()


@pytest.fixture(scope="module")
def module_world_rows(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from kept(django_db_blocker, tmp_path_factory, build_world)


@pytest.fixture
def module_world(request, db, module_world_rows):
    """The world made once for the module, read again for each test (``tests/shared.py``).

    A module whose tests only need the world to be there overrides ``world`` with it. Each test
    runs in a transaction of its own that is rolled back, so it starts from the same rows as with
    a fresh world; a test that needs committed rows (``transaction=True``, a live server) cannot
    share them and keeps a world of its own.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    assert not transactional, f"{request.node.nodeid} needs committed rows: give it a world of its own"
    return fresh(module_world_rows)


@pytest.fixture
def client_for(client):
    """``client_for(user)``: a Django test client logged in as ``user`` (or anonymous for None)."""
    from django.test import Client

    def make(user):
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make
