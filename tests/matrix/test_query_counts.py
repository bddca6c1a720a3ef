"""Every matrix page runs the same number of queries for 5 rows as for 50 (no N+1).

As in ``tests/trajectories/test_query_counts.py``: each scenario builds ``n`` rows through the
services and returns texts that only show when the last row really renders; the page is fetched
once to warm up, then the queries of one GET are counted, and everything is rolled back.
"""

from dataclasses import dataclass
from typing import Callable

import pytest
from django.db import transaction
from django.urls import reverse

from matrix import services
from matrix.models import AssessmentKind, GroupKind, ProjectRole
from tests import factories
from tests.matrix.helpers import assess, days_ago, make_project
from tests.query_counts import assert_same_count, measure_get
from trajectories.models import Location

SMALL, LARGE = 5, 50


def _project(world):
    return make_project(world, name="Meedoen", start=400, trajectory=world.trajectory)


def build_assessments(world, n):
    """One project with ``n`` assessments of every kind, each by someone else."""
    project = _project(world)
    kinds = [AssessmentKind.AGREEMENT, AssessmentKind.INTERIM, AssessmentKind.EVALUATION]
    for i in range(1, n + 1):
        author = world.facilitator
        if i % 2 == 0:
            author = factories.person(world.organisation, username=f"invuller{i}", first_name=f"Invuller {i:02d}")
            services.project_member_add(project=project, user=author, role=ProjectRole.OWNER, by=world.facilitator)
        assessment = assess(project, kinds[i % 3], by=author, date=days_ago(300 - i * 5), agreed=3, actual=i % 6)
        assessment.discussed_with = f"Overleg {i:02d}"
        assessment.save(update_fields=["discussed_with"])
    return project, [f"Overleg {n:02d}"]


def build_groups(world, n):
    """One project with ``n`` groups and two assessments over all of them."""
    project = _project(world)
    for i in range(1, n):
        services.group_add(project=project, kind=GroupKind.OTHER, name=f"Groep {i:02d}", by=world.facilitator)
    services.group_add(project=project, kind=GroupKind.OTHER, name=f"Laatste groep {n:02d}", by=world.facilitator)
    assess(project, AssessmentKind.AGREEMENT, by=world.facilitator, date=days_ago(30), activities="Afgesproken")
    assess(project, AssessmentKind.INTERIM, by=world.facilitator, date=days_ago(3), agreed=3, actual=1,
           activities="Gedaan")
    return project, [f"Laatste groep {n:02d}"]


def build_members(world, n):
    project = _project(world)
    for i in range(1, n + 1):
        user = factories.person(world.organisation, username=f"lid{i}", first_name=f"Lid {i:02d}")
        role = ProjectRole.OWNER if i % 3 == 0 else ProjectRole.MEMBER
        services.project_member_add(project=project, user=user, role=role, by=world.facilitator)
    factories.person(world.organisation, username="nog-niet", first_name="Nog Niet")
    return project, [f"Lid {n:02d}"]


def build_projects(world, n):
    """``n`` projects in two locations, each with an agreement and an interim check that falls short."""
    north = Location.objects.create(organisation=world.organisation, name="Noord")
    for i in range(1, n + 1):
        project = make_project(
            world, name=f"Project {i:02d}", start=400, location=north if i % 2 else None,
            trajectory=world.trajectory if i % 3 == 0 else None,
            groups=[(GroupKind.CLIENTS, ""), (GroupKind.RELATIVES, "")] if i % 2 else [(GroupKind.CLIENTS, "")],
        )
        assess(project, AssessmentKind.AGREEMENT, by=world.facilitator, date=days_ago(300 - i))
        assess(project, AssessmentKind.INTERIM, by=world.facilitator, date=days_ago(200 - i), agreed=4, actual=1)
    return None, [f"Project {n:02d}"]


@dataclass(frozen=True)
class Scenario:
    page: str
    role: str
    build: Callable
    markers: Callable | None = None  # n -> texts, instead of the builder's

    @property
    def id(self) -> str:
        return f"{self.page}-{self.build.__name__.removeprefix('build_')}-as-{self.role}"


SCENARIOS = [
    Scenario("project_detail", "facilitator", build_assessments),
    Scenario("project_detail", "quality", build_assessments),
    Scenario("project_detail", "facilitator", build_groups),
    Scenario("history", "facilitator", build_assessments, lambda n: [f"{days_ago(300 - n * 5):%-d-%-m-%Y}"]),
    Scenario("history", "quality", build_groups),
    Scenario("groups", "facilitator", build_groups),
    Scenario("members", "facilitator", build_members),
    Scenario("assessment_create", "facilitator", build_groups),
    Scenario("assessment_detail", "quality", build_groups),
    Scenario("assessment_print", "facilitator", build_groups),
    Scenario("project_list", "facilitator", build_projects),
    Scenario("project_list", "quality", build_projects),
    Scenario("overview", "quality", build_projects),
]


def page_url(scenario: Scenario, project) -> str:
    if project is None:
        return reverse(f"matrix:{scenario.page}")
    if scenario.page == "assessment_create":
        return reverse("matrix:assessment_create", kwargs={"pk": project.pk, "kind": AssessmentKind.EVALUATION})
    if scenario.page.startswith("assessment_"):
        latest = project.assessments.order_by("-date").first()
        return reverse(f"matrix:{scenario.page}", kwargs={"pk": project.pk, "assessment_pk": latest.pk})
    return reverse(f"matrix:{scenario.page}", kwargs={"pk": project.pk})


def count_queries(scenario: Scenario, world, client_for, n: int) -> tuple[int, list[str]]:
    with transaction.atomic():
        project, markers = scenario.build(world, n)
        if scenario.markers is not None:
            markers = scenario.markers(n)
        http = client_for(world.user(scenario.role))
        url = page_url(scenario, project)
        counted = measure_get(http, url, markers, what=f"the {scenario.page} page of {scenario.role} ({n} rows)")
        transaction.set_rollback(True)
    return counted


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[scenario.id for scenario in SCENARIOS])
def test_query_count_does_not_grow_with_rows(scenario, world, client_for):
    small = count_queries(scenario, world, client_for, SMALL)
    large = count_queries(scenario, world, client_for, LARGE)
    assert_same_count(scenario.id, small, large, (SMALL, LARGE))
