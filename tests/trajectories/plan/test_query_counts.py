"""The action plan's pages run the same number of queries for 2 rows as for 20 (no N+1), and no more
than their ceiling (``tests/query_counts.py``)."""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.query_counts import Scenario, assert_query_counts
from tests.trajectories.rows import build_dialogue, in_days, shared_items
from trajectories.core import services
from trajectories.plan import services as plan_services

SIZES = (2, 20)


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world


def build_plan(world, n):
    """The dialogue's actions with co-owners and progress, an agreed version 1 and a changed draft."""
    marker = build_dialogue(world, n)
    lead = world.membership(world.facilitator)
    client = world.membership(world.client)
    for action in world.trajectory.actions.all():
        action.co_owners.add(client)
        plan_services.action_progress_add(action=action, by=lead, date=timezone.localdate(), text="Gestart")
    for side, member in (("clients", client), ("staff", world.membership(world.staff))):
        plan_services.plan_signoff(trajectory=world.trajectory, side=side, member=member, recorded_by=world.facilitator)
    services.action_create(
        trajectory=world.trajectory, by=lead, what=f"Nieuwe actie {n:02d}", owner=client, due_date=in_days(n)
    )
    return marker


def build_action_progress(world, n):
    """One action with co-owners, ``n`` progress notes by different people and ``n`` reviews."""
    lead = world.membership(world.facilitator)
    gerda, henk = world.membership(world.client), world.membership(world.client2)
    sanne = world.membership(world.staff)
    item = shared_items(world, 1)[0]
    action = services.action_create(
        trajectory=world.trajectory, by=lead, what="Gevolgde actie", owner=sanne, co_owners=[gerda, henk],
        due_date=in_days(1), agenda_item=item, steps="Stap een\nStap twee", review_date=in_days(30),
    )
    authors = itertools.cycle([lead, sanne, gerda, henk])
    for i, author in zip(range(1, n + 1), authors):
        plan_services.action_progress_add(
            action=action, by=author, date=timezone.localdate() - datetime.timedelta(days=n - i),
            text=f"Voortgang {i:02d}",
        )
        plan_services.review_create(
            trajectory=world.trajectory, by=lead, date=timezone.localdate() - datetime.timedelta(days=n - i),
            title=f"Evaluatie {i:02d}", outcomes={action.pk: ("in_progress", f"Veranderd {i:02d}")},
        )
    return f"Voortgang {n:02d}"


def build_review(world, n):
    """One review with an outcome for each of ``n`` actions, each with co-owners."""
    lead = world.membership(world.facilitator)
    owners = [lead, world.membership(world.staff), world.membership(world.client), world.membership(world.client2)]
    items = shared_items(world, 2)
    outcomes = {}
    for i in range(1, n + 1):
        action = services.action_create(
            trajectory=world.trajectory, by=lead, what=f"Actie {i:02d}", owner=owners[i % 4],
            co_owners=[owners[(i + 1) % 4]], due_date=in_days(i), agenda_item=items[i % 2] if i % 3 else None,
        )
        outcomes[action.pk] = ("done" if i % 2 else "in_progress", f"Veranderd {i:02d}")
    plan_services.review_create(
        trajectory=world.trajectory, by=lead, date=timezone.localdate(), title="Na 3 maanden",
        summary="Rustiger aan tafel", outcomes=outcomes,
    )
    return f"Veranderd {n:02d}"


def _action_kwargs(world):
    return {"action_pk": world.trajectory.actions.get(what="Gevolgde actie").pk}


def _review_kwargs(world):
    return {"review_pk": world.trajectory.reviews.get().pk}


def page(name, kwargs=lambda world: {}):
    """The trajectory's page ``name``, with more URL arguments than its pk from ``kwargs(world)``."""
    return lambda world, target: reverse(f"trajectories:{name}", kwargs={"pk": world.trajectory.pk, **kwargs(world)})


# (name, role, builder, url, ceiling: the most queries the page may run, today's count + 3)
SCENARIOS = [
    Scenario("plan-as-facilitator", "facilitator", build_plan, page("plan"), 35,
             extra_markers=lambda n: [f"Nieuwe actie {n:02d}"]),
    Scenario("plan-as-client", "client", build_plan, page("plan"), 34),
    Scenario("plan-as-quality", "quality", build_plan, page("plan"), 33),
    Scenario("plan_print-as-client", "client", build_plan, page("plan_print"), 31),
    Scenario("plan_outcomes-as-client", "client", build_plan, page("plan_outcomes"), 32),
    Scenario("action_detail-as-facilitator", "facilitator", build_action_progress,
             page("action_detail", _action_kwargs), 20, extra_markers=lambda n: ["Voortgang 01"]),
    Scenario("action_detail-as-client", "client", build_action_progress, page("action_detail", _action_kwargs), 20,
             extra_markers=lambda n: [f"Veranderd {n:02d}"]),
    Scenario("action_detail-as-quality", "quality", build_action_progress, page("action_detail", _action_kwargs), 19),
    Scenario("review_detail-as-client", "client", build_review, page("review_detail", _review_kwargs), 20,
             extra_markers=lambda n: ["Actie 01"]),
    Scenario("review_detail-as-quality", "quality", build_review, page("review_detail", _review_kwargs), 19),
    Scenario("review_create-as-facilitator", "facilitator", build_dialogue, page("review_create"), 19,
             extra_markers=lambda n: [f"Losse actie {n:02d}"]),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[scenario.id for scenario in SCENARIOS])
def test_query_count_does_not_grow_with_rows(scenario, world, client_for):
    assert_query_counts(scenario, world, client_for, SIZES)
