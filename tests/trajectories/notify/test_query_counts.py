"""The inbox runs the same number of queries for 2 notifications as for 20, under its ceiling."""

import pytest
from django.urls import reverse

from tests.query_counts import Scenario, assert_query_counts
from trajectories.models import NotificationKind
from trajectories.notify import services as notify_services


@pytest.fixture
def world(module_world):
    return module_world


def build_notifications(world, n):
    for number in range(1, n + 1):
        notify_services.notify(
            users=[world.client], kind=NotificationKind.STEP_MOVED, event_key=f"count:{number}",
            trajectory=world.trajectory, title=f"Traject {number:02d}", target="/",
        )
    return [f"Traject {n:02d}"]


SCENARIOS = [
    Scenario("inbox-as-client", "client", build_notifications, lambda world, target: reverse("trajectories:inbox"), 11),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.id)
def test_query_count_does_not_grow_with_rows(scenario, world, client_for):
    assert_query_counts(scenario, world, client_for)
