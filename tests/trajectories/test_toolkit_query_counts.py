"""The toolkit's lists run the same number of queries for 5 rows as for 50 (no N+1)."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.query_counts import assert_same_count, measure_get
from trajectories.core import services
from trajectories.models import MeetingGroup, Method
from trajectories.toolkit import learning_services, method_services, tailoring_services

SMALL, LARGE = 5, 50


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


PAGES = [
    # (id, role, builder, url)
    ("library", "facilitator", build_methods, lambda w: reverse("trajectories:methods")),
    ("library-filtered", "quality", build_methods,
     lambda w: reverse("trajectories:methods") + "?group=joint&q=werkvorm&suits=dementia"),
    ("lessons", "quality", build_lessons, lambda w: reverse("trajectories:lessons")),
    ("lessons-filtered", "facilitator", build_lessons, lambda w: reverse("trajectories:lessons") + "?theme=food&q=les"),
    ("learning-overview", "quality", build_overview, lambda w: reverse("trajectories:learning_overview")),
    ("templates", "facilitator", build_templates, lambda w: reverse("trajectories:templates")),
    ("goals-facilitator", "facilitator", build_goals, lambda w: reverse("trajectories:goals", kwargs={"pk": w.trajectory.pk})),
    ("goals-client", "client", build_goals, lambda w: reverse("trajectories:goals", kwargs={"pk": w.trajectory.pk})),
    ("meetings", "facilitator", build_meetings, lambda w: reverse("trajectories:meetings", kwargs={"pk": w.trajectory.pk})),
    ("meeting-detail", "client", build_meeting_methods, _meeting_url),
]


def count(world, client_for, role, build, url, n):
    with transaction.atomic():
        marker = build(world, n)
        counted = measure_get(client_for(world.user(role)), url(world), [marker], what=f"{url(world)} with {n} rows")
        transaction.set_rollback(True)
    return counted


@pytest.mark.parametrize("page", PAGES, ids=[page[0] for page in PAGES])
def test_toolkit_pages_query_count_does_not_grow_with_rows(page, world, client_for):
    page_id, role, build, url = page
    method_services.starting_library_sync()
    small = count(world, client_for, role, build, url, SMALL)
    large = count(world, client_for, role, build, url, LARGE)
    assert_same_count(page_id, small, large, (SMALL, LARGE))
