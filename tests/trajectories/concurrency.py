"""Two people change the same thing at the same time: the agenda item and the action everybody edits
(``Setup``), and calls run in their own threads and database connections at the same moment
(``run_at_once``, PostgreSQL only)."""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from tests import factories
from tests.world import Cast
from trajectories.core import services


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


class Setup(Cast):
    """Gerda and Henk (clients) share the client agenda; Fien facilitates the action plan."""

    def __init__(self, world):
        super().__init__(world)
        self.topic = factories.topic(self.trajectory, self.gerda, title="Lauwe soep")
        self.item = services.agenda_item_create(
            trajectory=self.trajectory, by=self.gerda, title="Warm eten", why="Het eten is vaak lauw.",
            topics=[self.topic],
        )
        shared = services.agenda_item_create(trajectory=self.trajectory, by=self.gerda, title="Rustig eten")
        self.shared = services.agenda_item_share(item=shared, by=self.gerda)
        self.action = services.action_create(
            trajectory=self.trajectory, by=self.lead, agenda_item=self.shared, what="Medicijnronde verplaatsen",
            owner=self.sanne, due_date=days(14), steps="Apotheek bellen",
        )

    def action_fields(self, action=None, **changes):
        return factories.action_fields(action or self.action, **changes)

    def action_post(self, version, **changes):
        data = {
            "version": version,
            "what": "Medicijnronde verplaatsen",
            "steps": "Apotheek bellen",
            "agenda_item": self.shared.pk,
            "owner": self.sanne.pk,
            "due_date": days(14).isoformat(),
            "status": "proposed",
            "status_reason": "",
            "review_date": "",
        }
        data.update(changes)
        return data


def run_at_once(*calls):
    """Run each call in its own thread (and so its own database connection), all at the same moment.

    Each thread first reads what its page would show, then all wait at a barrier and save together.
    The one that gets the row lock first keeps it a moment longer, so the other really waits on it.
    Returns per call "saved" or the ValidationError's code.
    """
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def worker(index, call):
        try:
            read = call.read()
            barrier.wait(timeout=10)
            try:
                with transaction.atomic():
                    call.save(read)
                    time.sleep(0.3)  # hold the lock while the other one tries
                results[index] = "saved"
            except ValidationError as error:
                results[index] = error.code
        except Exception as error:  # noqa: BLE001 - reported in the assertion below
            results[index] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    close_old_connections()
    return results


class Edit:
    def __init__(self, read, save):
        self.read, self.save = read, save


def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("Two simultaneous connections with row locks: this test needs PostgreSQL (set DATABASE_URL).")
