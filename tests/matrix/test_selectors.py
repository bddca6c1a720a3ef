"""Selectors of the participation matrix: who sees which projects, and the organisation overview."""

import datetime

import pytest

from matrix import selectors, services
from matrix.models import AssessmentKind, GroupKind, Phase, ProjectRole, Role
from matrix.selectors import OverviewFilter
from tests import factories
from tests.matrix.helpers import assess, days_ago, make_project
from trajectories.models import Location, OrganisationRole

pytestmark = pytest.mark.django_db

R = Role


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world


def names(projects) -> list[str]:
    return [project.name for project in projects]


class TestProjectList:
    @pytest.fixture
    def projects(self, world):
        own = make_project(world, name="A eigen", by=world.facilitator)
        # Started by quality staff and linked to the facilitator's trajectory.
        linked = make_project(world, name="B gekoppeld", by=world.quality, trajectory=world.trajectory)
        policy = make_project(world, name="C beleid", by=world.quality)
        services.project_member_add(project=policy, user=world.staff, role=ProjectRole.MEMBER, by=world.quality)
        elsewhere = make_project(
            world, name="D elders", by=world.other_facilitator, organisation=world.other_organisation
        )
        return own, linked, policy, elsewhere

    @pytest.mark.parametrize(
        "role, expected",
        [
            ("facilitator", ["A eigen", "B gekoppeld"]),  # owner, and facilitator of the linked trajectory
            ("staff", ["C beleid"]),  # member
            ("quality", ["A eigen", "B gekoppeld", "C beleid"]),  # the whole organisation
            ("other_facilitator", ["D elders"]),
            ("client", []),  # in the trajectory, but not in any project
            ("outsider", []),
            ("admin", []),
        ],
    )
    def test_who_sees_which_projects(self, world, projects, role, expected):
        assert names(selectors.project_list_for_user(user=world.user(role))) == expected

    def test_quality_staff_of_another_organisation_see_only_their_own(self, world, projects):
        elsewhere = factories.person(world.other_organisation, username="qua2", role=OrganisationRole.QUALITY)
        assert names(selectors.project_list_for_user(user=elsewhere)) == ["D elders"]

    def test_anonymous_sees_nothing(self, world, projects):
        from django.contrib.auth.models import AnonymousUser

        assert list(selectors.project_list_for_user(user=AnonymousUser())) == []

    def test_each_project_once_with_its_count_and_last_date(self, world, projects):
        own, linked, _policy, _elsewhere = projects
        # The facilitator is both owner and trajectory facilitator of this one; another owner joins.
        services.project_member_add(project=linked, user=world.facilitator, role=ProjectRole.OWNER, by=world.quality)
        services.project_member_add(project=linked, user=world.client, role=ProjectRole.MEMBER, by=world.quality)
        assess(linked, AssessmentKind.AGREEMENT, by=world.facilitator, date=days_ago(30))
        assess(linked, AssessmentKind.INTERIM, by=world.facilitator, date=days_ago(5))
        visible = selectors.project_list_for_user(user=world.facilitator)
        rows = {p.name: (p.assessment_count, p.last_assessed) for p in visible}
        assert rows == {"A eigen": (0, None), "B gekoppeld": (2, days_ago(5))}

    def test_a_facilitator_who_left_the_trajectory_no_longer_sees_it(self, world, projects):
        from trajectories.models import MemberRole

        successor = factories.person(world.organisation, username="opvolger", role=OrganisationRole.FACILITATOR)
        factories.add_member(world.trajectory, successor, MemberRole.FACILITATOR, by=world.facilitator)
        assert names(selectors.project_list_for_user(user=successor)) == ["B gekoppeld"]
        from trajectories.core import services as trajectory_services

        trajectory_services.membership_remove(membership=world.membership(successor), by=world.facilitator)
        assert names(selectors.project_list_for_user(user=successor)) == []


# --- the organisation overview ------------------------------------------------------------------


@pytest.fixture
def overview(world):
    """Two locations, projects with several assessments each, and noise that must be left out."""
    north = Location.objects.create(organisation=world.organisation, name="Noord")
    south = Location.objects.create(organisation=world.organisation, name="Zuid")
    by = world.facilitator
    meal = make_project(
        world, name="Maaltijden", start=200, location=north,
        groups=[(GroupKind.CLIENTS, ""), (GroupKind.RELATIVES, "")],
    )
    assess(meal, AssessmentKind.AGREEMENT, by=by, date=days_ago(150), desired=5, agreed=4)
    assess(meal, AssessmentKind.INTERIM, by=by, date=days_ago(60), desired=5, agreed=4, actual=1)
    assess(meal, AssessmentKind.EVALUATION, by=by, date=days_ago(10), desired=5, agreed=4, actual=4)
    garden = make_project(world, name="Tuin", start=200, location=south)
    assess(
        garden, AssessmentKind.INTERIM, by=by, date=days_ago(30),
        roles={
            (GroupKind.CLIENTS, Phase.PREPARATION): (R.PARTNER, R.ADVISER, R.LISTENER),
            (GroupKind.CLIENTS, Phase.EXECUTION): (R.PARTNER, R.ADVISER, R.THINKER),
            (GroupKind.CLIENTS, Phase.IMPLEMENTATION): (R.ADVISER, R.ADVISER, R.DIRECTOR),
        },
    )
    # Only an agreement: no actual roles, so not in the overview.
    agreement_only = make_project(world, name="Alleen afspraak", start=200, location=north)
    assess(agreement_only, AssessmentKind.AGREEMENT, by=by, date=days_ago(5))
    # Another organisation.
    elsewhere = make_project(
        world, name="Elders", by=world.other_facilitator, organisation=world.other_organisation, start=200
    )
    assess(elsewhere, AssessmentKind.EVALUATION, by=world.other_facilitator, date=days_ago(5), actual=0)
    return {"north": north, "south": south, "meal": meal, "garden": garden}


def cell_summary(cells):
    return sorted({(cell.assessment.project.name, cell.assessment.kind, cell.assessment.date) for cell in cells})


class TestLatestActualCells:
    def test_the_latest_interim_check_or_evaluation_of_each_project(self, world, overview):
        cells = selectors.latest_actual_cells(OverviewFilter(organisation_id=world.organisation.pk))
        assert cell_summary(cells) == [
            ("Maaltijden", AssessmentKind.EVALUATION, days_ago(10)),
            ("Tuin", AssessmentKind.INTERIM, days_ago(30)),
        ]
        assert len(cells) == 2 * 3 + 1 * 3

    def test_the_period_picks_the_latest_within_it(self, world, overview):
        until = OverviewFilter(organisation_id=world.organisation.pk, date_to=days_ago(20))
        assert cell_summary(selectors.latest_actual_cells(until)) == [
            ("Maaltijden", AssessmentKind.INTERIM, days_ago(60)),
            ("Tuin", AssessmentKind.INTERIM, days_ago(30)),
        ]
        since = OverviewFilter(organisation_id=world.organisation.pk, date_from=days_ago(20))
        assert cell_summary(selectors.latest_actual_cells(since)) == [
            ("Maaltijden", AssessmentKind.EVALUATION, days_ago(10)),
        ]
        between = OverviewFilter(organisation_id=world.organisation.pk, date_from=days_ago(40), date_to=days_ago(20))
        assert cell_summary(selectors.latest_actual_cells(between)) == [("Tuin", AssessmentKind.INTERIM, days_ago(30))]
        nothing = OverviewFilter(organisation_id=world.organisation.pk, date_from=days_ago(200), date_to=days_ago(100))
        assert selectors.latest_actual_cells(nothing) == []

    def test_the_location_filter(self, world, overview):
        south = OverviewFilter(organisation_id=world.organisation.pk, location_id=overview["south"].pk)
        assert cell_summary(selectors.latest_actual_cells(south)) == [("Tuin", AssessmentKind.INTERIM, days_ago(30))]
        north = OverviewFilter(organisation_id=world.organisation.pk, location_id=overview["north"].pk)
        assert cell_summary(selectors.latest_actual_cells(north)) == [
            ("Maaltijden", AssessmentKind.EVALUATION, days_ago(10))
        ]

    def test_on_the_same_day_the_later_recorded_one_counts(self, world, overview):
        garden = overview["garden"]
        later = assess(garden, AssessmentKind.EVALUATION, by=world.facilitator, date=days_ago(30), actual=5)
        cells = selectors.latest_actual_cells(
            OverviewFilter(organisation_id=world.organisation.pk, location_id=overview["south"].pk)
        )
        assert {cell.assessment_id for cell in cells} == {later.pk}


class TestOverviewFigures:
    def cells(self, world):
        return selectors.latest_actual_cells(OverviewFilter(organisation_id=world.organisation.pk))

    def test_gaps_are_cells_below_what_was_agreed(self, world, overview):
        gaps = selectors.gaps(self.cells(world))
        # Meal's evaluation met every agreement (4 = 4); the garden fell short in two phases.
        found = sorted((cell.assessment.project.name, cell.phase, cell.agreed_role, cell.actual_role) for cell in gaps)
        assert found == [
            ("Tuin", Phase.PREPARATION, R.ADVISER, R.LISTENER),
            ("Tuin", Phase.EXECUTION, R.ADVISER, R.THINKER),
        ]

    def test_low_role_signals_are_clients_only_in_later_phases(self, world, overview):
        meal = overview["meal"]
        # A low role for relatives, and for clients in preparation: neither is a signal.
        assess(
            meal, AssessmentKind.EVALUATION, by=world.facilitator, date=days_ago(2),
            roles={
                (GroupKind.CLIENTS, Phase.PREPARATION): (R.PARTNER, R.PARTNER, R.NOT_INVOLVED),
                (GroupKind.CLIENTS, Phase.EXECUTION): (R.PARTNER, R.PARTNER, R.NOT_INVOLVED),
                (GroupKind.CLIENTS, Phase.IMPLEMENTATION): (R.PARTNER, R.PARTNER, R.ADVISER),
                (GroupKind.RELATIVES, Phase.PREPARATION): (R.LISTENER, R.LISTENER, R.LISTENER),
                (GroupKind.RELATIVES, Phase.EXECUTION): (R.LISTENER, R.LISTENER, R.LISTENER),
                (GroupKind.RELATIVES, Phase.IMPLEMENTATION): (R.LISTENER, R.LISTENER, R.LISTENER),
            },
        )
        signals = selectors.low_role_signals(self.cells(world))
        found = sorted(
            (cell.assessment.project.name, cell.group.kind, cell.phase, cell.actual_role) for cell in signals
        )
        assert found == [
            ("Maaltijden", GroupKind.CLIENTS, Phase.EXECUTION, R.NOT_INVOLVED),
            ("Tuin", GroupKind.CLIENTS, Phase.EXECUTION, R.THINKER),
        ]

    def test_role_distribution_counts_and_shares_per_phase(self, world, overview):
        distribution = selectors.role_distribution(self.cells(world))
        assert [phase.phase for phase in distribution] == [Phase.PREPARATION, Phase.EXECUTION, Phase.IMPLEMENTATION]
        by_phase = {
            phase.phase: {bar["role"]: (bar["count"], bar["percent"]) for bar in phase.bars} for phase in distribution
        }
        # Preparation: meal clients and relatives are Partner (2), the garden's clients Listener (1).
        assert [phase.total for phase in distribution] == [3, 3, 3]
        assert by_phase[Phase.PREPARATION][R.PARTNER] == (2, 67)
        assert by_phase[Phase.PREPARATION][R.LISTENER] == (1, 33)
        assert by_phase[Phase.PREPARATION][R.DIRECTOR] == (0, 0)
        assert by_phase[Phase.IMPLEMENTATION][R.DIRECTOR] == (1, 33)
        assert [bar["role"] for bar in distribution[0].bars] == list(Role)

    def test_role_distribution_of_nothing_has_no_division_by_zero(self):
        distribution = selectors.role_distribution([])
        assert [phase.total for phase in distribution] == [0, 0, 0]
        assert {bar["percent"] for phase in distribution for bar in phase.bars} == {0}


class TestRoleTrend:
    def test_actual_roles_per_quarter_with_their_average(self, world):
        by = world.facilitator
        project = make_project(world, name="Trend", start=400)
        q1 = datetime.date(2026, 2, 15)
        q3a = datetime.date(2026, 7, 1)
        q3b = datetime.date(2026, 9, 30)
        assess(project, AssessmentKind.AGREEMENT, by=by, date=q1)  # no actual roles: not counted
        assess(project, AssessmentKind.INTERIM, by=by, date=q1, actual=2)
        assess(
            project, AssessmentKind.INTERIM, by=by, date=q3a,
            roles={
                (GroupKind.CLIENTS, Phase.PREPARATION): (5, 5, R.NOT_INVOLVED),
                (GroupKind.CLIENTS, Phase.EXECUTION): (5, 5, R.PARTNER),
                (GroupKind.CLIENTS, Phase.IMPLEMENTATION): (5, 5, R.DIRECTOR),
            },
        )
        assess(project, AssessmentKind.EVALUATION, by=by, date=q3b, actual=3)
        trend = selectors.role_trend(OverviewFilter(organisation_id=world.organisation.pk))
        assert [row.period for row in trend] == ["2026-K1", "2026-K3"]
        assert trend[0].counts == [0, 0, 3, 0, 0, 0]
        assert trend[0].average == 2.0
        assert trend[1].counts == [1, 0, 0, 3, 1, 1]
        # Not involved is left out of the average: (4 + 5 + 3 + 3 + 3) / 5.
        assert trend[1].average == 3.6

    def test_the_period_and_the_organisation_limit_the_trend(self, world, overview):
        trend = selectors.role_trend(OverviewFilter(organisation_id=world.organisation.pk, date_from=days_ago(40)))
        # The garden's interim check (3 cells) and the meal's evaluation (6 cells); not the other organisation's.
        assert sum(sum(row.counts) for row in trend) == 9

    def test_only_not_involved_has_no_average(self, world):
        project = make_project(world, name="Niemand", start=10)
        assess(project, AssessmentKind.INTERIM, by=world.facilitator, date=days_ago(1), actual=0)
        (row,) = selectors.role_trend(OverviewFilter(organisation_id=world.organisation.pk))
        assert row.average is None
        assert row.counts == [3, 0, 0, 0, 0, 0]


class TestExportCells:
    def test_one_row_per_assessment_phase_and_group_in_order(self, world, overview):
        meal = overview["meal"]
        rows = list(selectors.export_cells(project=meal))
        assert len(rows) == 3 * 3 * 2
        keys = [(cell.assessment.date, cell.group_id, cell.phase) for cell in rows]
        assert keys == sorted(keys)
        assert {cell.assessment.project_id for cell in rows} == {meal.pk}

    def test_the_organisation_export_follows_the_filters(self, world, overview):
        everything = list(selectors.export_cells(OverviewFilter(organisation_id=world.organisation.pk)))
        # Meal 3 × 6, garden 1 × 3, the agreement-only project 1 × 3; nothing of the other organisation.
        assert len(everything) == 18 + 3 + 3
        assert {cell.assessment.project.organisation_id for cell in everything} == {world.organisation.pk}
        assert [cell.assessment.project.name for cell in everything] == sorted(
            cell.assessment.project.name for cell in everything
        )
        north = list(selectors.export_cells(OverviewFilter(
            organisation_id=world.organisation.pk, location_id=overview["north"].pk, date_from=days_ago(70),
            date_to=days_ago(8),
        )))
        assert {(cell.assessment.project.name, cell.assessment.date) for cell in north} == {
            ("Maaltijden", days_ago(60)),
            ("Maaltijden", days_ago(10)),
        }
