"""Rows made once and shared by the tests of a module or class, instead of once per test.

A fixture with a wider scope builds them through ``kept``: inside a transaction that stays open
until the fixture ends and is then rolled back, so no other module ever sees them. Each test still
runs in a transaction of its own (pytest-django's ``db``, nested in the one that holds the rows)
that is rolled back, so what a test changes never reaches the next; and each test gets ``fresh``
copies of the objects, read again from the database, so nothing a test changed in memory carries
over either. Works with pytest-xdist (each worker builds its own) on PostgreSQL and SQLite.

    @pytest.fixture(scope="module")
    def shared(django_db_setup, django_db_blocker, tmp_path_factory):
        yield from kept(django_db_blocker, tmp_path_factory, lambda: build_objects(build_world()))

    @pytest.fixture
    def objects(db, shared):
        return fresh(shared)
"""

import sys
from dataclasses import fields, is_dataclass, replace
from types import SimpleNamespace

from django.db import models, transaction
from django.test import override_settings

# What ``tests/conftest.py`` sets per test, set here while the shared rows are made (that runs
# before any per-test fixture): a fast password hasher, and a photo folder of their own.
FAST_HASHING = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def kept(django_db_blocker, tmp_path_factory, build):
    """For a fixture to ``yield from``: ``build()`` in a transaction held until the fixture ends.

    Photos saved while building go to a folder of their own; the value comes with it as
    ``.private_media`` when it is a namespace (a test that shows them points its
    ``PRIVATE_MEDIA_ROOT`` there).
    """
    media = tmp_path_factory.mktemp("private-media")
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHING, PRIVATE_MEDIA_ROOT=media):
        holder = transaction.atomic()
        holder.__enter__()
        try:
            value = build()
        except BaseException:
            transaction.set_rollback(True)
            holder.__exit__(*sys.exc_info())
            raise
    if isinstance(value, SimpleNamespace):
        value.private_media = media
    try:
        yield value
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            holder.__exit__(None, None, None)


def fresh(value, _seen=None):
    """``value`` with every model instance in it read again from the database (namespaces, dataclasses,
    lists, tuples and dicts are copied; everything else is kept). A row that is in it twice comes back
    as one object, as it was."""
    seen = {} if _seen is None else _seen
    if isinstance(value, models.Model):
        key = (type(value), value.pk)
        if key not in seen:
            seen[key] = type(value)._base_manager.get(pk=value.pk)
        return seen[key]
    if isinstance(value, SimpleNamespace):
        return SimpleNamespace(**{name: fresh(item, seen) for name, item in vars(value).items()})
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{field.name: fresh(getattr(value, field.name), seen) for field in fields(value)})
    if isinstance(value, (list, tuple)):
        return type(value)(fresh(item, seen) for item in value)
    if isinstance(value, dict):
        return {key: fresh(item, seen) for key, item in value.items()}
    return value
