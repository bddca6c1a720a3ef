"""Reads of the participation matrix, with their related rows fetched up front."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from guardian.shortcuts import get_objects_for_user

from matrix.models import (
    KINDS_WITH_ACTUAL,
    LATER_PHASES,
    LOW_ROLES,
    Assessment,
    Cell,
    GroupKind,
    ParticipantGroup,
    Phase,
    Project,
    ProjectMembership,
    Role,
)
from trajectories.models import OrganisationRole, Trajectory, TrajectoryUserObjectPermission
from trajectories.organisations import user_organisation_role
from trajectories.permissions import Perm as TrajectoryPerm


def project_list_for_user(*, user) -> QuerySet[Project]:
    """Projects the user may read: their own, their trajectories', and all of their organisation for quality staff."""
    if not user.is_authenticated:
        return Project.objects.none()
    organisation_id, role = user_organisation_role(user)
    facilitated = TrajectoryUserObjectPermission.objects.filter(
        user=user, permission__codename=TrajectoryPerm.FACILITATE
    ).values("content_object_id")
    visible = Q(memberships__user=user) | Q(trajectory_id__in=facilitated)
    if role == OrganisationRole.QUALITY:
        visible |= Q(organisation_id=organisation_id)
    ids = Project.objects.filter(visible).values("pk")
    return (
        Project.objects.filter(pk__in=ids)
        .select_related("organisation", "location", "trajectory")
        .annotate(assessment_count=Count("assessments", distinct=True), last_assessed=Max("assessments__date"))
        .order_by("name", "pk")
    )


def linkable_trajectories(*, user, organisation_id: int, keep_id: int | None = None) -> QuerySet[Trajectory]:
    """Trajectories a project may be linked to: those the user leads; every one of the
    organisation for quality staff. ``keep_id`` (the one a project is linked to now) stays a choice."""
    in_organisation = Trajectory.objects.filter(organisation_id=organisation_id)
    if user_organisation_role(user)[1] == OrganisationRole.QUALITY:
        trajectories = in_organisation.order_by("title")
    else:
        trajectories = get_objects_for_user(
            user, TrajectoryPerm.FACILITATE, klass=in_organisation, accept_global_perms=False
        ).order_by("title")
    if keep_id:
        trajectories = trajectories | Trajectory.objects.filter(pk=keep_id)
    return trajectories


def linkable_trajectory(*, user, organisation_id: int, pk: int | None) -> Trajectory | None:
    """One of ``linkable_trajectories`` (to start a project from it), or None."""
    if pk is None:
        return None
    return linkable_trajectories(user=user, organisation_id=organisation_id).filter(pk=pk).first()


def trajectory_first_project(*, trajectory) -> Project | None:
    """The first participation project linked to ``trajectory`` (the one its action plan shows)."""
    return Project.objects.filter(trajectory=trajectory).order_by("pk").first()


def project_group_list(*, project: Project) -> QuerySet[ParticipantGroup]:
    return ParticipantGroup.objects.filter(project=project).annotate(cell_count=Count("cells")).order_by("pk")


def project_member_list(*, project: Project) -> QuerySet[ProjectMembership]:
    return ProjectMembership.objects.filter(project=project).select_related("user")


def assessment_list(*, project: Project) -> QuerySet[Assessment]:
    return Assessment.objects.filter(project=project).select_related("filled_in_by").order_by("date", "pk")


def assessment_cells(*, assessment: Assessment) -> list[Cell]:
    return list(Cell.objects.filter(assessment=assessment).select_related("group").order_by("group_id", "phase"))


def project_cells(*, project: Project) -> list[Cell]:
    """Every cell of every assessment of the project, oldest assessment first."""
    return list(
        Cell.objects.filter(assessment__project=project)
        .select_related("group", "assessment")
        .order_by("assessment__date", "assessment_id", "group_id", "phase")
    )


def latest_assessment(*, project: Project, with_actual: bool = False) -> Assessment | None:
    queryset = Assessment.objects.filter(project=project)
    if with_actual:
        queryset = queryset.filter(kind__in=KINDS_WITH_ACTUAL)
    return queryset.select_related("filled_in_by").order_by("-date", "-pk").first()


# --- organisation overview ------------------------------------------------------------------


@dataclass(frozen=True)
class OverviewFilter:
    organisation_id: int
    location_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def _projects(filters: OverviewFilter) -> QuerySet[Project]:
    projects = Project.objects.filter(organisation_id=filters.organisation_id)
    if filters.location_id:
        projects = projects.filter(location_id=filters.location_id)
    return projects


def _assessments_in_period(filters: OverviewFilter) -> QuerySet[Assessment]:
    assessments = Assessment.objects.filter(kind__in=KINDS_WITH_ACTUAL)
    if filters.date_from:
        assessments = assessments.filter(date__gte=filters.date_from)
    if filters.date_to:
        assessments = assessments.filter(date__lte=filters.date_to)
    return assessments


def latest_actual_cells(filters: OverviewFilter) -> list[Cell]:
    """Per project, the cells of its latest interim check or evaluation in the period."""
    latest = (
        _assessments_in_period(filters)
        .filter(project=OuterRef("pk"))
        .order_by("-date", "-pk")
        .values("pk")[:1]
    )
    assessment_ids = _projects(filters).annotate(latest=Subquery(latest)).filter(latest__isnull=False).values("latest")
    return list(
        Cell.objects.filter(assessment_id__in=assessment_ids)
        .select_related("group", "assessment__project__location")
        .order_by("assessment__project__name", "assessment__project_id", "group_id", "phase")
    )


@dataclass
class PhaseDistribution:
    phase: int
    label: str
    total: int
    bars: list[dict] = field(default_factory=list)


def role_distribution(cells: list[Cell]) -> list[PhaseDistribution]:
    """Per phase, how many cells ended in each actual role (with a share for the bar)."""
    counts: dict[int, Counter] = defaultdict(Counter)
    for cell in cells:
        counts[cell.phase][cell.actual_role] += 1
    result = []
    for phase in Phase:
        total = sum(counts[phase].values())
        bars = [
            {
                "role": role,
                "label": role.label,
                "count": counts[phase][role],
                "percent": round(100 * counts[phase][role] / total) if total else 0,
            }
            for role in Role
        ]
        result.append(PhaseDistribution(phase=phase, label=phase.label, total=total, bars=bars))
    return result


def gaps(cells: list[Cell]) -> list[Cell]:
    """Cells where what happened is below what was agreed."""
    return [cell for cell in cells if cell.falls_short]


def low_role_signals(cells: list[Cell]) -> list[Cell]:
    """Clients who only listened or were asked along in execution or implementation."""
    return [
        cell
        for cell in cells
        if cell.group.kind == GroupKind.CLIENTS and cell.phase in LATER_PHASES and cell.actual_role in LOW_ROLES
    ]


@dataclass
class TrendRow:
    period: str
    counts: list[int]
    average: float | None


def _quarter(day: datetime.date) -> str:
    return f"{day.year}-K{(day.month - 1) // 3 + 1}"


def role_trend(filters: OverviewFilter) -> list[TrendRow]:
    """Per quarter, how often clients' actual roles were each of the roles (all assessments with actual roles)."""
    rows = (
        Cell.objects.filter(
            assessment__in=_assessments_in_period(filters).filter(project__in=_projects(filters)),
        )
        .values_list("assessment__date", "actual_role")
        .order_by()
    )
    per_quarter: dict[str, Counter] = defaultdict(Counter)
    for day, role in rows:
        per_quarter[_quarter(day)][role] += 1
    trend = []
    for period in sorted(per_quarter):
        counter = per_quarter[period]
        involved = [role for role in counter.elements() if role != Role.NOT_INVOLVED]
        trend.append(
            TrendRow(
                period=period,
                counts=[counter[role] for role in Role],
                average=round(sum(involved) / len(involved), 1) if involved else None,
            )
        )
    return trend


def export_cells(filters: OverviewFilter | None = None, *, project: Project | None = None) -> QuerySet[Cell]:
    """All cells for the CSV: one row per project, assessment, phase and group."""
    cells = Cell.objects.all()
    if project is not None:
        cells = cells.filter(assessment__project=project)
    if filters is not None:
        cells = cells.filter(assessment__project__in=_projects(filters))
        if filters.date_from:
            cells = cells.filter(assessment__date__gte=filters.date_from)
        if filters.date_to:
            cells = cells.filter(assessment__date__lte=filters.date_to)
    return cells.select_related(
        "group",
        "assessment__filled_in_by",
        "assessment__project__organisation",
        "assessment__project__location",
        "assessment__project__trajectory",
    ).order_by("assessment__project__name", "assessment__project_id", "assessment__date", "assessment_id", "group_id", "phase")

