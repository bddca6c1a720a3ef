"""Locks that make "check a limit, then act, then count" one step under parallel requests."""

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


def _lock_number(key: str) -> int:
    """A signed 64-bit number for ``key``, as PostgreSQL's advisory locks take."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)


@contextmanager
def serialized(key: str) -> Iterator[None]:
    """Run the block in a transaction that holds the lock named ``key`` until it commits.

    Requests that use the same key run one after the other, each seeing what the previous one
    wrote: a limit checked inside the block cannot be overrun by requests sent in parallel.
    On PostgreSQL a transaction-level advisory lock; on SQLite (the local default, configured to
    start every transaction with ``BEGIN IMMEDIATE``) the database's own write lock does the same.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_lock_number(key)])
        yield
