"""The trajectory's list and step pages run the same number of queries for 2 rows as for 20 (no N+1),
and no more than their ceiling (``tests/query_counts.py``).

Each builder makes ``n`` rows through the services and factories and returns a text that only shows
when the last row really renders.
"""

import itertools

import pytest
from django.urls import reverse

from tests import factories
from tests.query_counts import Scenario, assert_query_counts
from tests.trajectories.rows import build_dialogue, in_days, shared_items
from trajectories.core import services
from trajectories.models import Location, MeetingGroup, MemberRole, Step, Theme

SIZES = (2, 20)

THEMES = [Theme.FOOD, Theme.SAFETY, Theme.HEARD, Theme.SOCIAL, Theme.OTHER]


# --- builders: each makes ``n`` rows and returns the text of the last one -----------------


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world


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


def build_reflections(world, n):
    sanne = world.membership(world.staff)
    lead = world.membership(world.facilitator)
    colleague = factories.person(world.organisation, username="collega", first_name="Collega")
    colleague_membership = factories.add_member(world.trajectory, colleague, MemberRole.STAFF, by=world.facilitator)
    items = shared_items(world, n)
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


# --- the scenarios ----------------------------------------------------------------------------


def page(name):
    """The trajectory's page ``name`` (objects -> url)."""
    return lambda world, target: reverse(f"trajectories:{name}", kwargs={"pk": world.trajectory.pk})


def dashboard(world, target):
    return reverse("trajectories:dashboard")


# (name, role, builder, url, ceiling: the most queries the page may run, today's count + 3)
SCENARIOS = [
    Scenario("dashboard-as-facilitator", "facilitator", build_trajectories_for_facilitator, dashboard, 14),
    Scenario("dashboard-as-client", "client", build_trajectories_for_facilitator, dashboard, 14),
    Scenario("dashboard-as-quality", "quality", build_trajectories_for_facilitator, dashboard, 14),
    Scenario("detail-as-facilitator", "facilitator", build_detail, page("detail"), 24),
    # A client sees the start page with tiles instead (client mode): see the client's start scenarios.
    Scenario("detail-as-staff", "staff", build_detail, page("detail"), 23),
    Scenario("members-as-facilitator", "facilitator", build_members, page("members"), 20),
    Scenario("meetings-as-facilitator", "facilitator", build_meetings, page("meetings"), 18,
             extra_markers=lambda n: [f"Werkvorm {n:02d}", f"Notities {n:02d}"]),
    Scenario("meetings-as-client", "client", build_meetings, page("meetings"), 18,
             extra_markers=lambda n: [f"Werkvorm {n:02d}"]),
    Scenario("meetings-as-staff", "staff", build_meetings, page("meetings"), 18),
    Scenario("explore-as-client", "client", build_topics, page("explore"), 18),
    Scenario("explore-as-facilitator", "facilitator", build_topics, page("explore"), 18),
    Scenario("agenda-as-client", "client", build_agenda, page("agenda"), 20),
    Scenario("agenda-as-facilitator", "facilitator", build_agenda, page("agenda"), 19),
    Scenario("staff-as-staff", "staff", build_reflections, page("staff"), 20),
    Scenario("staff-as-facilitator", "facilitator", build_reflections, page("staff"), 20),
    Scenario("dialogue-as-facilitator", "facilitator", build_dialogue, page("dialogue"), 23,
             extra_markers=lambda n: [f"Losse actie {n:02d}", f"Afgesproken {n - 1:02d}"]),
    Scenario("dialogue-as-client", "client", build_dialogue, page("dialogue"), 23,
             extra_markers=lambda n: [f"Gedeeld punt {n:02d}"]),
    Scenario("dialogue-as-staff", "staff", build_dialogue, page("dialogue"), 23),
    Scenario("dialogue-as-quality", "quality", build_dialogue, page("dialogue"), 22),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[scenario.id for scenario in SCENARIOS])
def test_query_count_does_not_grow_with_rows(scenario, world, client_for):
    assert_query_counts(scenario, world, client_for, SIZES)
