"""A real task worker for the tests: ``manage.py db_worker`` as a separate process on this test
run's PostgreSQL database (the database backend of django-tasks), as production runs it.

Only PostgreSQL can be reached from another process (the SQLite test database lives in memory):
without it the tests that need a worker are skipped, except in CI, where that is a failure.
"""

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.live_helpers import database_url

PROJECT = Path(__file__).resolve().parent.parent


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        message = "the task worker tests need PostgreSQL (set DATABASE_URL)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@contextlib.contextmanager
def db_worker(*, smtp=None, env: dict | None = None):
    """Start ``manage.py db_worker`` on the test database (e-mail to ``smtp`` when given)."""
    require_postgresql()
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),
        "DJANGO_DEBUG": "1",
        "DJANGO_CONN_MAX_AGE": "0",
        # Its files go where this test's settings point (``tests/conftest.py`` private_media).
        "PARTNER_PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
    }
    if smtp is not None:
        environment.update({
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "DJANGO_EMAIL_HOST": smtp.host,
            "DJANGO_EMAIL_PORT": str(smtp.port),
        })
    environment.update(env or {})
    process = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"],
        cwd=PROJECT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        if os.environ.get("PARTNER_SHOW_WORKER_LOG"):
            print(output)


def wait_until(condition, *, timeout: float = 60, what: str = "the worker") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} did not finish within {timeout} s")
