"""Every list and step page runs the same number of queries for 2 rows as for 20 (no N+1).

Each scenario builds ``n`` rows through the services and factories and returns a text that
only shows when the last row really renders. The page is fetched once to warm up the
session, the content types and guardian's caches, then counted for one GET.
"""

import datetime
import itertools
from dataclasses import dataclass
from typing import Callable

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.query_counts import assert_same_count, measure_get
from trajectories.core import services
from trajectories.models import Location, MeetingGroup, MemberRole, Step, Theme
from trajectories.plan import services as plan_services

SMALL, LARGE = 2, 20

THEMES = [Theme.FOOD, Theme.SAFETY, Theme.HEARD, Theme.SOCIAL, Theme.OTHER]


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


# --- builders: each makes ``n`` rows and returns the text of the last one -----------------


def build_trajectories_for_facilitator(world, n):
    location = Location.objects.create(organisation=world.organisation, name="De Tuin")
    for i in range(1, n + 1):
        trajectory = factories.trajectory_for(
            world.facilitator,
            world.organisation,
            title=f"Traject {i:02d}",
            subject=f"Onderwerp {i:02d}",
            location=location if i % 2 else None,
        )
        factories.add_member(trajectory, world.client, MemberRole.CLIENT, by=world.facilitator)
        if i % 3 == 0:
            factories.add_member(trajectory, world.staff, MemberRole.STAFF, by=world.facilitator)
        if i % 4 == 0:
            services.trajectory_close(trajectory=trajectory, by=world.facilitator)
    return f"Traject {n:02d}"


def build_members(world, n):
    roles = itertools.cycle([MemberRole.CLIENT, MemberRole.STAFF, MemberRole.CLIENT, MemberRole.FACILITATOR])
    for i, role in zip(range(1, n + 1), roles):
        user = factories.person(world.organisation, username=f"deelnemer{i}", first_name=f"Deelnemer {i:02d}")
        factories.add_member(
            world.trajectory, user, role, by=world.facilitator, is_relative=role == MemberRole.CLIENT and i % 3 == 0
        )
    # Someone left to add keeps the "add someone" form on the page.
    factories.person(world.organisation, username="nog-niet", first_name="Nog Niet")
    return f"Deelnemer {n:02d}"


def build_meetings(world, n):
    groups = itertools.cycle([MeetingGroup.JOINT, MeetingGroup.CLIENTS, MeetingGroup.STAFF])
    for i, group in zip(range(1, n + 1), groups):
        services.meeting_create(
            trajectory=world.trajectory,
            by=world.facilitator,
            date=in_days(i),
            step=Step.EXPLORE,
            group=group,
            method=f"Werkvorm {i:02d}",
            notes=f"Notities {i:02d}",
        )
    # The last one is joint, so every member sees it.
    services.meeting_create(
        trajectory=world.trajectory,
        by=world.facilitator,
        date=in_days(n + 1),
        step=Step.EXPLORE,
        group=MeetingGroup.JOINT,
        method=f"Werkvorm laatste {n:02d}",
    )
    return f"Werkvorm laatste {n:02d}"


def build_detail(world, n):
    """The overview lists sessions and (for the facilitator) the step history."""
    build_meetings(world, n)
    trajectory = world.trajectory
    for _ in range(n):
        services.step_advance(trajectory=trajectory, by=world.facilitator, expected_step=Step.EXPLORE)
        services.step_back(trajectory=trajectory, by=world.facilitator, expected_step=Step.CLIENT_AGENDA)
    return f"Werkvorm laatste {n:02d}"


def build_topics(world, n):
    gerda = world.membership(world.client)
    henk = world.membership(world.client2)
    lead = world.membership(world.facilitator)
    trajectory = world.trajectory
    for i in range(1, n + 1):
        title = f"Onderwerp {i:02d}"
        theme = THEMES[i % len(THEMES)]
        kind = i % 5
        if kind == 0:
            services.topic_create(trajectory=trajectory, by=gerda, title=title, theme=theme, story=f"Verhaal {i}")
        elif kind == 1:
            services.topic_create(trajectory=trajectory, by=henk, title=title, theme=theme, is_anonymous=True)
        elif kind == 2:
            services.topic_create(trajectory=trajectory, by=lead, title=title, theme=theme, on_behalf_of=henk)
        elif kind == 3:
            services.topic_create(
                trajectory=trajectory, by=lead, title=title, theme=theme, on_behalf_of_name=f"Mevrouw {i}",
                is_anonymous=i % 2 == 0,
            )
        else:
            services.topic_create(trajectory=trajectory, by=lead, title=title, theme=theme)
    return f"Onderwerp {n:02d}"


def build_agenda(world, n):
    gerda = world.membership(world.client)
    trajectory = world.trajectory
    topics = [
        factories.topic(trajectory, gerda, title=f"Bron {i}", theme=THEMES[i % len(THEMES)]) for i in range(3)
    ]
    for i in range(1, n + 1):
        item = services.agenda_item_create(
            trajectory=trajectory,
            by=gerda,
            title=f"Agendapunt {i:02d}",
            why=f"Omdat {i}",
            topics=topics[: 1 + i % 3],
        )
        if i % 2:
            services.agenda_item_share(item=item, by=gerda)
    return f"Agendapunt {n:02d}"


def _shared_items(world, n):
    gerda = world.membership(world.client)
    topic = factories.topic(world.trajectory, gerda)
    items = []
    for i in range(1, n + 1):
        item = services.agenda_item_create(
            trajectory=world.trajectory, by=gerda, title=f"Gedeeld punt {i:02d}", why=f"Waarom {i}", topics=[topic]
        )
        items.append(services.agenda_item_share(item=item, by=gerda))
    # A private item must not change anything for staff.
    services.agenda_item_create(trajectory=world.trajectory, by=gerda, title="Nog privé")
    return items


def build_reflections(world, n):
    sanne = world.membership(world.staff)
    lead = world.membership(world.facilitator)
    colleague = factories.person(world.organisation, username="collega", first_name="Collega")
    colleague_membership = factories.add_member(world.trajectory, colleague, MemberRole.STAFF, by=world.facilitator)
    items = _shared_items(world, n)
    authors = itertools.cycle([sanne, colleague_membership, lead])
    for i, author in zip(range(1, n + 1), authors):
        services.staff_reflection_create(
            trajectory=world.trajectory,
            by=author,
            agenda_item=items[i - 1] if i % 4 else None,
            text=f"Reflectie {i:02d}",
            is_anonymous=i % 3 == 0,
        )
    services.staff_summary_save(trajectory=world.trajectory, by=sanne, text="Onze samenvatting")
    return f"Reflectie {n:02d}"


def build_dialogue(world, n):
    lead = world.membership(world.facilitator)
    owners = [lead, world.membership(world.staff), world.membership(world.client), world.membership(world.client2)]
    items = _shared_items(world, n)
    for i, item in enumerate(items, start=1):
        if i % 2:
            services.dialogue_save(agenda_item=item, by=lead, heard=f"Gehoord {i:02d}", agreed=f"Afgesproken {i:02d}")
        services.action_create(
            trajectory=world.trajectory,
            by=lead,
            what=f"Actie {i:02d}",
            owner=owners[i % len(owners)],
            due_date=in_days(i),
            agenda_item=item,
        )
        # Actions that belong to no agenda item ("other actions").
        services.action_create(
            trajectory=world.trajectory, by=lead, what=f"Losse actie {i:02d}", owner=owners[(i + 1) % len(owners)],
            due_date=in_days(i),
        )
    services.staff_summary_save(trajectory=world.trajectory, by=world.membership(world.staff), text="Samenvatting")
    services.staff_summary_share(trajectory=world.trajectory, by=world.membership(world.staff))
    return f"Actie {n:02d}"


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
    item = _shared_items(world, 1)[0]
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
    items = _shared_items(world, 2)
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


# --- the scenarios ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    page: str
    role: str
    build: Callable
    extra_markers: Callable = lambda n: []
    url_kwargs: Callable = lambda world: {}  # more URL arguments than the trajectory's pk

    @property
    def id(self) -> str:
        return f"{self.page}-as-{self.role}"


SCENARIOS = [
    Scenario("dashboard", "facilitator", build_trajectories_for_facilitator),
    Scenario("dashboard", "client", build_trajectories_for_facilitator),
    Scenario("dashboard", "quality", build_trajectories_for_facilitator),
    Scenario("detail", "facilitator", build_detail),
    Scenario("detail", "client", build_detail),
    Scenario("members", "facilitator", build_members),
    Scenario("meetings", "facilitator", build_meetings, lambda n: [f"Werkvorm {n:02d}", f"Notities {n:02d}"]),
    Scenario("meetings", "client", build_meetings, lambda n: [f"Werkvorm {n:02d}"]),
    Scenario("meetings", "staff", build_meetings),
    Scenario("explore", "client", build_topics),
    Scenario("explore", "facilitator", build_topics),
    Scenario("agenda", "client", build_agenda),
    Scenario("agenda", "facilitator", build_agenda),
    Scenario("staff", "staff", build_reflections),
    Scenario("staff", "facilitator", build_reflections),
    Scenario("dialogue", "facilitator", build_dialogue, lambda n: [f"Losse actie {n:02d}", f"Afgesproken {n - 1:02d}"]),
    Scenario("dialogue", "client", build_dialogue, lambda n: [f"Gedeeld punt {n:02d}"]),
    Scenario("dialogue", "staff", build_dialogue),
    Scenario("dialogue", "quality", build_dialogue),
    Scenario("plan", "facilitator", build_plan, lambda n: [f"Nieuwe actie {n:02d}"]),
    Scenario("plan", "client", build_plan),
    Scenario("plan", "quality", build_plan),
    Scenario("plan_print", "client", build_plan),
    Scenario("plan_outcomes", "client", build_plan),
    Scenario("action_detail", "facilitator", build_action_progress, lambda n: ["Voortgang 01"], _action_kwargs),
    Scenario("action_detail", "client", build_action_progress, lambda n: [f"Veranderd {n:02d}"], _action_kwargs),
    Scenario("action_detail", "quality", build_action_progress, lambda n: [], _action_kwargs),
    Scenario("review_detail", "client", build_review, lambda n: ["Actie 01"], _review_kwargs),
    Scenario("review_detail", "quality", build_review, lambda n: [], _review_kwargs),
    Scenario("review_create", "facilitator", build_dialogue, lambda n: [f"Losse actie {n:02d}"]),
]


def page_url(scenario: Scenario, world) -> str:
    if scenario.page == "dashboard":
        return reverse("trajectories:dashboard")
    return reverse(f"trajectories:{scenario.page}", kwargs={"pk": world.trajectory.pk, **scenario.url_kwargs(world)})


def count_queries(scenario: Scenario, world, client_for, n: int) -> tuple[int, list[str]]:
    """Build ``n`` rows, warm up, then count the queries of one GET. Everything is rolled back."""
    with transaction.atomic():
        marker = scenario.build(world, n)
        http = client_for(world.user(scenario.role))
        url = page_url(scenario, world)
        counted = measure_get(
            http, url, [marker, *scenario.extra_markers(n)], what=f"the {scenario.page} page of {scenario.role} ({n} rows)"
        )
        transaction.set_rollback(True)
    world.trajectory.refresh_from_db()
    return counted


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[scenario.id for scenario in SCENARIOS])
def test_query_count_does_not_grow_with_rows(scenario, world, client_for):
    small = count_queries(scenario, world, client_for, SMALL)
    large = count_queries(scenario, world, client_for, LARGE)
    assert_same_count(scenario.id, small, large, (SMALL, LARGE))
