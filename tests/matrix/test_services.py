"""Services of the participation matrix: every rule, and permissions granted in one place."""

import dataclasses

import pytest
from django.core.exceptions import ValidationError
from guardian.shortcuts import get_user_perms

from matrix import services
from matrix.access import project_perms_for_user
from matrix.models import (
    Assessment,
    AssessmentKind,
    Cell,
    GroupKind,
    ParticipantGroup,
    Phase,
    ProjectMembership,
    ProjectRole,
    Role,
)
from matrix.permissions import Perm
from matrix.services import CellInput
from tests import factories
from tests.errors import error_codes, says
from tests.matrix.helpers import assess, days_ago, full_cells, make_project

pytestmark = pytest.mark.django_db

CELL_FIELDS = ("group_id", "phase", "desired_role", "agreed_role", "actual_role", "activities", "note")


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world


def cell_rows(assessment):
    return list(Cell.objects.filter(assessment=assessment).order_by("group_id", "phase").values_list(*CELL_FIELDS))


class TestProjectCreate:
    def test_creator_becomes_owner_with_both_permissions_and_clients_are_the_default_group(self, world):
        project = make_project(world)
        membership = ProjectMembership.objects.get(project=project)
        assert (membership.user, membership.role) == (world.facilitator, ProjectRole.OWNER)
        assert set(get_user_perms(world.facilitator, project)) == {Perm.VIEW, Perm.EDIT}
        assert [(group.kind, group.name) for group in project.groups.all()] == [(GroupKind.CLIENTS, "")]
        assert project.created_by == world.facilitator

    def test_groups_given_are_created_and_text_is_trimmed(self, world):
        project = services.project_create(
            organisation=world.organisation, by=world.quality, name="  Beleid  ", description=" Uitleg ",
            start_date=days_ago(1), groups=[(GroupKind.CLIENT_COUNCIL, ""), (GroupKind.OTHER, " Bewonerspanel ")],
        )
        assert (project.name, project.description) == ("Beleid", "Uitleg")
        assert [(group.kind, group.name) for group in project.groups.all()] == [
            (GroupKind.CLIENT_COUNCIL, ""),
            (GroupKind.OTHER, "Bewonerspanel"),
        ]
        assert set(get_user_perms(world.quality, project)) == {Perm.VIEW, Perm.EDIT}

    def test_location_or_trajectory_of_another_organisation_is_refused(self, world):
        elsewhere = factories.LocationFactory(organisation=world.other_organisation)
        with pytest.raises(ValidationError) as error:
            make_project(world, location=elsewhere)
        assert error_codes(error) == {"location": ["organisation"]}
        assert says(error, "This location belongs to another organisation.")
        with pytest.raises(ValidationError) as error:
            make_project(world, trajectory=world.other_trajectory)
        assert error_codes(error) == {"trajectory": ["organisation"]}
        assert says(error, "This trajectory belongs to another organisation.")
        assert not ParticipantGroup.objects.exists()

    def test_other_group_without_a_name_rolls_the_whole_project_back(self, world):
        with pytest.raises(ValidationError) as error:
            make_project(world, groups=[(GroupKind.CLIENTS, ""), (GroupKind.OTHER, "  ")])
        assert error_codes(error) == {"name": ["required"]}
        assert says(error, "Give the other group a name.")
        assert not ParticipantGroup.objects.exists()
        assert not ProjectMembership.objects.exists()

    def test_start_date_cannot_move_after_the_first_assessment(self, world):
        project = make_project(world, start=30)
        assess(project, AssessmentKind.AGREEMENT, by=world.facilitator, date=days_ago(20))
        with pytest.raises(ValidationError) as error:
            services.project_update(project=project, by=world.facilitator, name="X", start_date=days_ago(10))
        assert error_codes(error) == {"start_date": ["after_assessment"]}
        assert says(error, "The start date cannot be after the first assessment (%(date)s).",
                    date=days_ago(20).strftime("%d-%m-%Y"))
        project.refresh_from_db()
        assert project.start_date == days_ago(30)
        services.project_update(project=project, by=world.facilitator, name="X", start_date=days_ago(20))
        project.refresh_from_db()
        assert (project.name, project.start_date) == ("X", days_ago(20))


class TestMembers:
    def test_member_reads_and_owner_edits(self, world):
        project = make_project(world)
        services.project_member_add(project=project, user=world.staff, role=ProjectRole.MEMBER, by=world.facilitator)
        services.project_member_add(project=project, user=world.client, role=ProjectRole.OWNER, by=world.facilitator)
        assert set(get_user_perms(world.staff, project)) == {Perm.VIEW}
        assert set(get_user_perms(world.client, project)) == {Perm.VIEW, Perm.EDIT}

    def test_removing_revokes_every_permission(self, world):
        project = make_project(world)
        membership = services.project_member_add(
            project=project, user=world.client, role=ProjectRole.OWNER, by=world.facilitator
        )
        services.project_member_remove(membership=membership, by=world.facilitator)
        assert set(get_user_perms(world.client, project)) == set()
        assert project_perms_for_user(world.client, project) == frozenset()
        assert not ProjectMembership.objects.filter(project=project, user=world.client).exists()

    def test_the_last_owner_cannot_be_removed(self, world):
        project = make_project(world, by=world.quality)
        owner = project.memberships.get()
        services.project_member_add(project=project, user=world.staff, role=ProjectRole.MEMBER, by=world.quality)
        with pytest.raises(ValidationError) as error:
            services.project_member_remove(membership=owner, by=world.quality)
        assert says(error, "A project needs at least one owner. Add another owner first.")
        assert error_codes(error) == ["last_owner"]
        assert set(get_user_perms(world.quality, project)) == {Perm.VIEW, Perm.EDIT}
        # With a second owner the first may go.
        services.project_member_add(project=project, user=world.facilitator, role=ProjectRole.OWNER, by=world.quality)
        services.project_member_remove(membership=owner, by=world.facilitator)
        assert set(get_user_perms(world.quality, project)) == set()

    def test_person_of_another_organisation_is_refused(self, world):
        project = make_project(world)
        with pytest.raises(ValidationError) as error:
            services.project_member_add(
                project=project, user=world.other_facilitator, role=ProjectRole.OWNER, by=world.facilitator
            )
        assert error_codes(error) == {"user": ["organisation"]}
        assert says(error, "This person does not belong to this organisation.")
        assert set(get_user_perms(world.other_facilitator, project)) == set()
        assert project.memberships.count() == 1

    def test_somebody_already_in_or_an_unknown_role_is_refused(self, world):
        project = make_project(world)
        with pytest.raises(ValidationError) as error:
            services.project_member_add(
                project=project, user=world.facilitator, role=ProjectRole.MEMBER, by=world.facilitator
            )
        assert error_codes(error) == {"user": ["duplicate"]}
        assert says(error, "This person already takes part in this project.")
        assert set(get_user_perms(world.facilitator, project)) == {Perm.VIEW, Perm.EDIT}
        with pytest.raises(ValidationError) as error:
            services.project_member_add(project=project, user=world.staff, role="admin", by=world.facilitator)
        assert error_codes(error) == {"role": ["choice"]}
        assert says(error, "Choose a valid role.")
        assert project.memberships.count() == 1


class TestGroups:
    def test_other_group_needs_a_name(self, world):
        project = make_project(world)
        with pytest.raises(ValidationError) as error:
            services.group_add(project=project, kind=GroupKind.OTHER, name="   ", by=world.facilitator)
        assert error_codes(error) == {"name": ["required"]}
        assert says(error, "Give the other group a name.")
        group = services.group_add(project=project, kind=GroupKind.OTHER, name="Bewonerspanel", by=world.facilitator)
        assert group.label == "Bewonerspanel"

    def test_duplicates_and_unknown_kinds_are_refused(self, world):
        project = make_project(world)
        with pytest.raises(ValidationError) as error:
            services.group_add(project=project, kind=GroupKind.CLIENTS, by=world.facilitator)
        assert error_codes(error) == {"name": ["duplicate"]}
        assert says(error, "This group is already part of the project.")
        services.group_add(project=project, kind=GroupKind.OTHER, name="Panel", by=world.facilitator)
        with pytest.raises(ValidationError) as error:
            services.group_add(project=project, kind=GroupKind.OTHER, name=" Panel ", by=world.facilitator)
        assert error_codes(error) == {"name": ["duplicate"]}
        assert says(error, "This group is already part of the project.")
        with pytest.raises(ValidationError) as error:
            services.group_add(project=project, kind="staff", by=world.facilitator)
        assert error_codes(error) == {"kind": ["choice"]}
        assert says(error, "Choose a valid group.")
        assert project.groups.count() == 2

    def test_a_group_used_by_an_assessment_stays(self, world):
        project = make_project(world)
        clients = project.groups.get()
        assess(project, AssessmentKind.AGREEMENT, by=world.facilitator, date=days_ago(1))
        services.group_add(project=project, kind=GroupKind.RELATIVES, by=world.facilitator)
        with pytest.raises(ValidationError) as error:
            services.group_remove(group=clients, by=world.facilitator)
        assert says(error, "This group is part of a saved assessment, so it stays to keep the history whole.")
        assert error_codes(error) == ["in_use"]
        assert ParticipantGroup.objects.filter(pk=clients.pk).exists()

    def test_an_unused_group_is_removed_but_never_the_last_one(self, world):
        project = make_project(world)
        clients = project.groups.get()
        relatives = services.group_add(project=project, kind=GroupKind.RELATIVES, by=world.facilitator)
        services.group_remove(group=relatives, by=world.facilitator)
        assert list(project.groups.all()) == [clients]
        with pytest.raises(ValidationError) as error:
            services.group_remove(group=clients, by=world.facilitator)
        assert says(error, "A project needs at least one group.")
        assert error_codes(error) == ["last_group"]
        assert list(project.groups.all()) == [clients]


class TestAssessmentCreate:
    @pytest.fixture
    def project(self, world):
        project = make_project(world, start=60, groups=[(GroupKind.CLIENTS, ""), (GroupKind.RELATIVES, "")])
        return project

    def create(self, project, world, kind=AssessmentKind.INTERIM, date=None, cells=None, **options):
        return services.assessment_create(
            project=project,
            by=world.facilitator,
            kind=kind,
            date=date or days_ago(1),
            cells=cells if cells is not None else full_cells(project, kind),
            **options,
        )

    def test_a_complete_grid_is_saved_with_one_cell_per_group_and_phase(self, world, project):
        cells = full_cells(project, AssessmentKind.INTERIM, activities=" Samen koken ", note="Goed")
        assessment = self.create(project, world, cells=cells, discussed_with=" Raad ", note=" Notitie ")
        assert (assessment.kind, assessment.filled_in_by, assessment.discussed_with, assessment.note) == (
            AssessmentKind.INTERIM, world.facilitator, "Raad", "Notitie",
        )
        saved = cell_rows(assessment)
        expected = sorted(
            (group.pk, phase, 4, 3, 2, "Samen koken", "Goed")
            for group in project.groups.all()
            for phase in Phase.values
        )
        assert saved == expected
        assert len(saved) == 2 * 3

    def test_an_agreement_is_saved_without_actual_roles(self, world, project):
        assessment = self.create(project, world, kind=AssessmentKind.AGREEMENT)
        assert {row[4] for row in cell_rows(assessment)} == {None}
        assert assessment.has_actual is False

    def test_an_incomplete_grid_is_refused_and_nothing_is_saved(self, world, project):
        cells = full_cells(project, AssessmentKind.INTERIM)
        cells.pop(next(iter(cells)))
        with pytest.raises(ValidationError) as error:
            self.create(project, world, cells=cells)
        assert says(error, "The grid is not complete. Choose a role in every row.")
        assert error_codes(error) == ["incomplete"]
        assert not Assessment.objects.exists()
        assert not Cell.objects.exists()

    def test_a_group_of_another_project_is_refused(self, world, project):
        other = make_project(world, name="Ander project")
        cells = full_cells(project, AssessmentKind.INTERIM)
        cells[(other.groups.get().pk, Phase.PREPARATION)] = CellInput(desired_role=1, agreed_role=1, actual_role=1)
        with pytest.raises(ValidationError) as error:
            self.create(project, world, cells=cells)
        assert says(error, "The grid contains a group or phase that is not part of this project.")
        assert error_codes(error) == ["unknown_cell"]
        cells = full_cells(project, AssessmentKind.INTERIM)
        cells[(project.groups.first().pk, 4)] = CellInput(desired_role=1, agreed_role=1, actual_role=1)
        with pytest.raises(ValidationError) as error:
            self.create(project, world, cells=cells)
        assert says(error, "The grid contains a group or phase that is not part of this project.")
        assert error_codes(error) == ["unknown_cell"]
        assert not Assessment.objects.exists()

    @pytest.mark.parametrize("part", ["desired_role", "agreed_role", "actual_role"])
    @pytest.mark.parametrize("value", [-1, 6, 99, None, "3", 3.0, True])
    def test_a_role_outside_the_five_is_refused(self, world, project, part, value):
        cells = full_cells(project, AssessmentKind.EVALUATION)
        key = next(iter(cells))
        cells[key] = dataclasses.replace(cells[key], **{part: value})
        with pytest.raises(ValidationError) as error:
            self.create(project, world, kind=AssessmentKind.EVALUATION, cells=cells)
        assert says(error, "Choose the actual role in every row: what really happened?" if part == "actual_role"
                    else "Choose a desired and an agreed role in every row.")
        assert error_codes(error) == ["incomplete"]
        assert not Assessment.objects.exists()

    def test_every_role_from_not_involved_to_director_is_accepted(self, world, project):
        for role in Role:
            cells = full_cells(project, AssessmentKind.INTERIM, desired=role, agreed=role, actual=role)
            assessment = self.create(project, world, cells=cells)
            assert {row[2:5] for row in cell_rows(assessment)} == {(role, role, role)}

    def test_a_date_before_the_start_of_the_project_is_refused(self, world, project):
        with pytest.raises(ValidationError) as error:
            self.create(project, world, date=days_ago(61))
        assert error_codes(error) == {"date": ["before_start"]}
        assert says(error, "The date cannot be before the start of the project (%(date)s).",
                    date=project.start_date.strftime("%d-%m-%Y"))
        assert not Assessment.objects.exists()
        self.create(project, world, date=days_ago(60))  # the start day itself is fine

    def test_a_date_in_the_future_is_refused(self, world, project):
        with pytest.raises(ValidationError) as error:
            self.create(project, world, date=days_ago(-1))
        assert error_codes(error) == {"date": ["future_date"]}
        assert says(error, "The date cannot be in the future.")
        assert not Assessment.objects.exists()
        self.create(project, world, date=days_ago(0))  # today is fine

    @pytest.mark.parametrize("kind", [AssessmentKind.INTERIM, AssessmentKind.EVALUATION])
    def test_interim_and_evaluation_need_the_actual_role(self, world, project, kind):
        cells = full_cells(project, kind)
        key = next(iter(cells))
        cells[key] = dataclasses.replace(cells[key], actual_role=None)
        with pytest.raises(ValidationError) as error:
            self.create(project, world, kind=kind, cells=cells)
        assert says(error, "Choose the actual role in every row: what really happened?")
        assert error_codes(error) == ["incomplete"]
        assert not Assessment.objects.exists()

    def test_an_agreement_refuses_an_actual_role(self, world, project):
        cells = full_cells(project, AssessmentKind.AGREEMENT)
        key = next(iter(cells))
        cells[key] = dataclasses.replace(cells[key], actual_role=Role.ADVISER)
        with pytest.raises(ValidationError) as error:
            self.create(project, world, kind=AssessmentKind.AGREEMENT, cells=cells)
        assert says(error, "An agreement at the start records no actual role yet.")
        assert error_codes(error) == ["no_actual_yet"]
        assert not Assessment.objects.exists()

    def test_an_unknown_kind_is_refused(self, world, project):
        with pytest.raises(ValidationError) as error:
            self.create(project, world, kind="wish")
        assert error_codes(error) == {"kind": ["choice"]}
        assert says(error, "Choose a valid kind of assessment.")

    def test_a_second_assessment_never_changes_the_first(self, world, project):
        first = self.create(
            project, world, kind=AssessmentKind.AGREEMENT, date=days_ago(30), cells=full_cells(
                project, AssessmentKind.AGREEMENT, desired=5, agreed=4, activities="Eerst", note="Start"
            ),
        )
        first_rows = cell_rows(first)
        first_facts = Assessment.objects.filter(pk=first.pk).values().get()
        # A new group after the first assessment: the first keeps its own cells only.
        services.group_add(project=project, kind=GroupKind.CLIENT_COUNCIL, by=world.facilitator)
        second = self.create(
            project, world, kind=AssessmentKind.EVALUATION, date=days_ago(1), cells=full_cells(
                project, AssessmentKind.EVALUATION, desired=1, agreed=1, actual=0, activities="Later", note="Anders"
            ),
        )
        assert cell_rows(first) == first_rows
        assert Assessment.objects.filter(pk=first.pk).values().get() == first_facts
        assert len(cell_rows(second)) == 3 * 3
        assert {row[2:] for row in cell_rows(second)} == {(1, 1, 0, "Later", "Anders")}
        assert Assessment.objects.filter(project=project).count() == 2
