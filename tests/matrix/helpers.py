"""Shared builders for the matrix tests: projects and complete grids made through the services."""

import datetime

from django.utils import timezone

from matrix import services
from matrix.models import KINDS_WITH_ACTUAL, GroupKind, Phase, Project
from matrix.services import CellInput


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def make_project(world, *, name="Meedoen aan tafel", by=None, start=90, groups=((GroupKind.CLIENTS, ""),), **fields):
    return services.project_create(
        organisation=fields.pop("organisation", world.organisation),
        by=by or world.facilitator,
        name=name,
        start_date=days_ago(start),
        groups=groups,
        **fields,
    )


def full_cells(project: Project, kind: str, *, desired=4, agreed=3, actual=2, activities="", note="", roles=None):
    """A complete grid for ``project``; ``roles`` maps (group kind, phase) to (desired, agreed, actual)."""
    with_actual = kind in KINDS_WITH_ACTUAL
    cells = {}
    for group in project.groups.all():
        for phase in Phase.values:
            d, a, x = (roles or {}).get((group.kind, phase), (desired, agreed, actual))
            cells[(group.pk, phase)] = CellInput(
                desired_role=d,
                agreed_role=a,
                actual_role=x if with_actual else None,
                activities=activities,
                note=note,
            )
    return cells


def assess(project, kind, *, by, date, **cell_options):
    return services.assessment_create(
        project=project, by=by, kind=kind, date=date, cells=full_cells(project, kind, **cell_options)
    )
