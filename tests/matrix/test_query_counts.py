"""Every matrix page runs the same number of queries for 5 rows as for 50 (no N+1), and no more than
its ceiling (``tests/query_counts.py``): each builder makes ``n`` rows through the services and
returns the project and texts that only show when the last row really renders.
"""


import pytest
from django.urls import reverse

from matrix import services
from matrix.models import AssessmentKind, GroupKind, ProjectRole
from tests import factories
from tests.matrix.helpers import assess, days_ago, make_project
from tests.query_counts import Scenario, assert_query_counts
from trajectories.models import Location

SIZES = (5, 50)


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world


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


def page(name):
    """The page ``name`` of the project the builder made (or, without one, the page of all projects)."""

    def url(world, project):
        if project is None:
            return reverse(f"matrix:{name}")
        if name == "assessment_create":
            return reverse("matrix:assessment_create", kwargs={"pk": project.pk, "kind": AssessmentKind.EVALUATION})
        if name.startswith("assessment_"):
            latest = project.assessments.order_by("-date").first()
            return reverse(f"matrix:{name}", kwargs={"pk": project.pk, "assessment_pk": latest.pk})
        return reverse(f"matrix:{name}", kwargs={"pk": project.pk})

    return url


# (name, role, builder, url, ceiling: the most queries the page may run, today's count + 3)
SCENARIOS = [
    Scenario("project_detail-assessments-as-facilitator", "facilitator", build_assessments, page("project_detail"), 19),
    Scenario("project_detail-assessments-as-quality", "quality", build_assessments, page("project_detail"), 19),
    Scenario("project_detail-groups-as-facilitator", "facilitator", build_groups, page("project_detail"), 19),
    Scenario("history-assessments-as-facilitator", "facilitator", build_assessments, page("history"), 19,
             markers=lambda n: [f"{days_ago(300 - n * 5):%-d-%-m-%Y}"]),
    Scenario("history-groups-as-quality", "quality", build_groups, page("history"), 19),
    Scenario("groups-groups-as-facilitator", "facilitator", build_groups, page("groups"), 17),
    Scenario("members-members-as-facilitator", "facilitator", build_members, page("members"), 19),
    Scenario("assessment_create-groups-as-facilitator", "facilitator", build_groups, page("assessment_create"), 19),
    Scenario("assessment_detail-groups-as-quality", "quality", build_groups, page("assessment_detail"), 19),
    Scenario("assessment_print-groups-as-facilitator", "facilitator", build_groups, page("assessment_print"), 19),
    Scenario("project_list-projects-as-facilitator", "facilitator", build_projects, page("project_list"), 15),
    Scenario("project_list-projects-as-quality", "quality", build_projects, page("project_list"), 15),
    Scenario("overview-projects-as-quality", "quality", build_projects, page("overview"), 16),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[scenario.id for scenario in SCENARIOS])
def test_query_count_does_not_grow_with_rows(scenario, world, client_for):
    assert_query_counts(scenario, world, client_for, SIZES)
