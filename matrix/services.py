"""Every write to the participation matrix goes through a function here.

Keyword-only, atomic, and raising ``ValidationError`` with a readable message when a rule is
broken. Who may call which function is decided by the view through ``access.py``.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matrix.models import (
    KINDS_WITH_ACTUAL,
    Assessment,
    AssessmentKind,
    Cell,
    GroupKind,
    ParticipantGroup,
    Phase,
    Project,
    ProjectMembership,
    ProjectRole,
    Role,
)
from matrix.permissions import ALL_PERMISSIONS, ROLE_PERMISSIONS
from partner.permissions import object_permissions_revoke, object_permissions_sync
from partner.refusals import refusal
from trajectories.core.rules import ensure_may_take_part, is_the_last_with_role
from trajectories.models import Location, Organisation, Trajectory


@dataclass(frozen=True)
class CellInput:
    """What was chosen for one phase × group."""

    desired_role: int | None
    agreed_role: int | None
    actual_role: int | None = None
    activities: str = ""
    note: str = ""


def _check_links(*, organisation: Organisation, location: Location | None, trajectory: Trajectory | None) -> None:
    if location is not None and location.organisation_id != organisation.pk:
        raise refusal(_("This location belongs to another organisation."), code="organisation", field="location")
    if trajectory is not None and trajectory.organisation_id != organisation.pk:
        raise refusal(_("This trajectory belongs to another organisation."), code="organisation", field="trajectory")


def _check_start_date(*, project: Project | None, start_date: datetime.date) -> None:
    if project is not None:
        first = project.assessments.order_by("date").values_list("date", flat=True).first()
        if first is not None and start_date > first:
            raise refusal(
                _("The start date cannot be after the first assessment (%(date)s).")
                % {"date": first.strftime("%d-%m-%Y")},
                code="after_assessment",
                field="start_date",
            )


# --- projects ---------------------------------------------------------------------------


@transaction.atomic
def project_create(
    *,
    organisation: Organisation,
    by: AbstractBaseUser,
    name: str,
    start_date: datetime.date,
    description: str = "",
    location: Location | None = None,
    trajectory: Trajectory | None = None,
    groups: Iterable[tuple[str, str]] = ((GroupKind.CLIENTS, ""),),
) -> Project:
    """A project owned by ``by``, with its participant groups (clients by default)."""
    _check_links(organisation=organisation, location=location, trajectory=trajectory)
    groups = list(groups)
    if not groups:
        raise refusal(_("Choose at least one group."), code="required", field="groups")
    project = Project.objects.create(
        organisation=organisation,
        location=location,
        trajectory=trajectory,
        name=name.strip(),
        description=description.strip(),
        start_date=start_date,
        created_by=by,
    )
    for kind, group_name in groups:
        group_add(project=project, kind=kind, name=group_name, by=by)
    project_member_add(project=project, user=by, role=ProjectRole.OWNER, by=by)
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    by: AbstractBaseUser,
    name: str,
    start_date: datetime.date,
    description: str = "",
    location: Location | None = None,
    trajectory: Trajectory | None = None,
) -> Project:
    _check_links(organisation=project.organisation, location=location, trajectory=trajectory)
    _check_start_date(project=project, start_date=start_date)
    project.name = name.strip()
    project.description = description.strip()
    project.start_date = start_date
    project.location = location
    project.trajectory = trajectory
    project.save(update_fields=["name", "description", "start_date", "location", "trajectory"])
    return project


def _sync_project_permissions(*, membership: ProjectMembership) -> None:
    object_permissions_sync(
        user=membership.user, obj=membership.project, wanted=ROLE_PERMISSIONS[membership.role], managed=ALL_PERMISSIONS
    )


@transaction.atomic
def project_member_add(
    *, project: Project, user: AbstractBaseUser, role: str, by: AbstractBaseUser
) -> ProjectMembership:
    """Add an owner or member and grant that role's permissions, in one transaction."""
    if role not in ROLE_PERMISSIONS:
        raise refusal(_("Choose a valid role."), code="choice", field="role")
    ensure_may_take_part(user, organisation_id=project.organisation_id)
    if ProjectMembership.objects.filter(project=project, user=user).exists():
        raise refusal(_("This person already takes part in this project."), code="duplicate", field="user")
    membership = ProjectMembership.objects.create(project=project, user=user, role=role)
    _sync_project_permissions(membership=membership)
    return membership


@transaction.atomic
def project_member_remove(*, membership: ProjectMembership, by: AbstractBaseUser) -> None:
    """Remove a person and revoke their permissions; a project keeps at least one owner."""
    project = membership.project
    if is_the_last_with_role(membership, role=ProjectRole.OWNER, among=project.memberships.all()):
        raise ValidationError(_("A project needs at least one owner. Add another owner first."), code="last_owner")
    object_permissions_revoke(user=membership.user, obj=project, managed=ALL_PERMISSIONS)
    membership.delete()


# --- participant groups -------------------------------------------------------------------


@transaction.atomic
def group_add(*, project: Project, kind: str, name: str = "", by: AbstractBaseUser) -> ParticipantGroup:
    if kind not in GroupKind.values:
        raise refusal(_("Choose a valid group."), code="choice", field="kind")
    name = name.strip()
    if kind == GroupKind.OTHER and not name:
        raise refusal(_("Give the other group a name."), code="required", field="name")
    if ParticipantGroup.objects.filter(project=project, kind=kind, name=name).exists():
        raise refusal(_("This group is already part of the project."), code="duplicate", field="name")
    return ParticipantGroup.objects.create(project=project, kind=kind, name=name)


@transaction.atomic
def group_remove(*, group: ParticipantGroup, by: AbstractBaseUser) -> None:
    if group.cells.exists():
        raise ValidationError(
            _("This group is part of a saved assessment, so it stays to keep the history whole."), code="in_use"
        )
    if not ParticipantGroup.objects.filter(project_id=group.project_id).exclude(pk=group.pk).exists():
        raise ValidationError(_("A project needs at least one group."), code="last_group")
    group.delete()


# --- assessments ------------------------------------------------------------------------


def _valid_role(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in Role.values


@transaction.atomic
def assessment_create(
    *,
    project: Project,
    by: AbstractBaseUser,
    kind: str,
    date: datetime.date,
    cells: Mapping[tuple[int, int], CellInput],
    discussed_with: str = "",
    note: str = "",
) -> Assessment:
    """Save a complete grid as a new assessment; earlier assessments are never touched.

    ``cells`` maps (group pk, phase) to what was chosen there. Every phase of every group of
    the project must be present, exactly once, with roles among the five (or not involved).
    An interim check or evaluation also needs the actual role; an agreement has none.
    """
    if kind not in AssessmentKind.values:
        raise refusal(_("Choose a valid kind of assessment."), code="choice", field="kind")
    if date < project.start_date:
        raise refusal(
            _("The date cannot be before the start of the project (%(date)s).")
            % {"date": project.start_date.strftime("%d-%m-%Y")},
            code="before_start",
            field="date",
        )
    if date > timezone.localdate():
        raise refusal(_("The date cannot be in the future."), code="future_date", field="date")
    groups = list(project.groups.all())
    expected = {(group.pk, phase) for group in groups for phase in Phase.values}
    given = set(cells)
    if given - expected:
        raise ValidationError(
            _("The grid contains a group or phase that is not part of this project."), code="unknown_cell"
        )
    missing = expected - given
    if missing:
        raise ValidationError(_("The grid is not complete. Choose a role in every row."), code="incomplete")
    with_actual = kind in KINDS_WITH_ACTUAL
    for cell in cells.values():
        if not (_valid_role(cell.desired_role) and _valid_role(cell.agreed_role)):
            raise ValidationError(_("Choose a desired and an agreed role in every row."), code="incomplete")
        if with_actual and not _valid_role(cell.actual_role):
            raise ValidationError(_("Choose the actual role in every row: what really happened?"), code="incomplete")
        if not with_actual and cell.actual_role is not None:
            raise ValidationError(_("An agreement at the start records no actual role yet."), code="no_actual_yet")
    assessment = Assessment.objects.create(
        project=project,
        kind=kind,
        date=date,
        filled_in_by=by,
        discussed_with=discussed_with.strip(),
        note=note.strip(),
    )
    Cell.objects.bulk_create(
        Cell(
            assessment=assessment,
            group_id=group_pk,
            phase=phase,
            desired_role=cell.desired_role,
            agreed_role=cell.agreed_role,
            actual_role=cell.actual_role if with_actual else None,
            activities=cell.activities.strip(),
            note=cell.note.strip(),
        )
        for (group_pk, phase), cell in sorted(cells.items())
    )
    return assessment
