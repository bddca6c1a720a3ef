"""The toolkit's lists run the same number of queries for 5 rows as for 50 (no N+1), and no more than
their ceiling (``tests/query_counts.py``)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.query_counts import Scenario, assert_query_counts
from trajectories.core import services
from trajectories.models import MeetingGroup, Method
from trajectories.toolkit import learning_services, method_services, tailoring_services

SIZES = (5, 50)


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world


def _method(world, i):
    return method_services.method_create(
        organisation=world.organisation, by=world.facilitator, name=f"Werkvorm {i:02d}", purpose=f"Doel {i:02d}",
        steps=[1 + i % 4], group=["clients", "staff", "joint"][i % 3], suits=["dementia"] if i % 5 == 0 or i % 2 else [],
        duration_minutes=30, how_to="Stap een\nStap twee",
    )


def build_methods(world, n):
    for i in range(1, n + 1):
        _method(world, i)
    return f"Werkvorm {n:02d}"


def build_lessons(world, n):
    methods = [_method(world, i) for i in range(1, 4)]
    for i in range(1, n + 1):
        trajectory = factories.trajectory_for(world.facilitator, world.organisation, title=f"Traject {i:02d}")
        services.trajectory_close(trajectory=trajectory, by=world.facilitator)
        learning_services.lesson_create(
            trajectory=trajectory, by=world.facilitator, what_worked=f"Les {i:02d}", themes=["food", "heard"],
            method_ratings={methods[i % 3]: 1 + i % 5, methods[(i + 1) % 3]: 3},
        )
    return f"Les {n:02d}"


def build_overview(world, n):
    build_lessons(world, n)
    for trajectory in world.organisation.trajectories.all()[:n]:
        method = Method.objects.filter(organisation=world.organisation).first()
        services.trajectory_reopen(trajectory=trajectory, by=world.facilitator)
        services.meeting_create(trajectory=trajectory, by=world.facilitator, date=timezone.localdate(), step=1,
                                group=MeetingGroup.CLIENTS, methods=[method])
    return "Werkvorm 0"


def build_templates(world, n):
    for i in range(1, n + 1):
        tailoring_services.template_from_trajectory(trajectory=world.trajectory, by=world.facilitator,
                                                    name=f"Sjabloon {i:02d}")
    return f"Sjabloon {n:02d}"


def build_goals(world, n):
    members = [world.membership(u) for u in (world.client, world.client2, world.staff)]
    lead = world.membership(world.facilitator)
    for i in range(1, n + 1):
        if i % 4 == 0:
            learning_services.goal_create(trajectory=world.trajectory, by=lead, text=f"Doel {i:02d}", group="joint")
        else:
            learning_services.goal_create(trajectory=world.trajectory, by=members[i % 3], text=f"Doel {i:02d}")
    return "Doel 04"


def build_meetings(world, n):
    methods = [_method(world, i) for i in range(1, 4)]
    for i in range(1, n + 1):
        services.meeting_create(
            trajectory=world.trajectory, by=world.facilitator, date=timezone.localdate() + datetime.timedelta(days=i),
            step=1, group=MeetingGroup.JOINT, title=f"Bijeenkomst {i:02d}", methods=methods[: 1 + i % 3],
        )
    return f"Bijeenkomst {n:02d}"


def build_meeting_methods(world, n):
    methods = [_method(world, i) for i in range(1, n + 1)]
    services.meeting_create(trajectory=world.trajectory, by=world.facilitator, date=timezone.localdate(), step=1,
                            group=MeetingGroup.JOINT, title="Veel werkvormen", methods=methods)
    return f"Werkvorm {n:02d}"


def _meeting_url(world):
    meeting = world.trajectory.meetings.get(title="Veel werkvormen")
    return reverse("trajectories:meeting_detail", kwargs={"pk": world.trajectory.pk, "meeting_pk": meeting.pk})


def page(name):
    """The trajectory's page ``name``."""
    return lambda world, target: reverse(f"trajectories:{name}", kwargs={"pk": world.trajectory.pk})


def address(url):
    """A page outside the trajectories, with its query string."""
    return lambda world, target: url


# (name, role, builder, url, ceiling: the most queries the page may run, today's count + 3)
SCENARIOS = [
    Scenario("library", "facilitator", build_methods, address(reverse("trajectories:methods")), 14),
    Scenario("library-filtered", "quality", build_methods,
             address(reverse("trajectories:methods") + "?group=joint&q=werkvorm&suits=dementia"), 14),
    Scenario("lessons", "quality", build_lessons, address(reverse("trajectories:lessons")), 16),
    Scenario("lessons-filtered", "facilitator", build_lessons,
             address(reverse("trajectories:lessons") + "?theme=food&q=les"), 16),
    Scenario("learning-overview", "quality", build_overview, address(reverse("trajectories:learning_overview")), 18),
    Scenario("templates", "facilitator", build_templates, address(reverse("trajectories:templates")), 14),
    Scenario("goals-facilitator", "facilitator", build_goals, page("goals"), 17),
    Scenario("goals-client", "client", build_goals, page("goals"), 17),
    Scenario("meetings", "facilitator", build_meetings, page("meetings"), 19),
    Scenario("meeting-detail", "client", build_meeting_methods, lambda world, target: _meeting_url(world), 18),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[scenario.id for scenario in SCENARIOS])
def test_toolkit_pages_query_count_does_not_grow_with_rows(scenario, world, client_for):
    method_services.starting_library_sync()
    assert_query_counts(scenario, world, client_for, SIZES)
