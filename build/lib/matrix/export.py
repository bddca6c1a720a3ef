"""CSV of assessments: one row per project, assessment, phase and group.

The format (semicolons, byte-order mark, formulas made inert) lives in ``partner.csv_export``.
"""

from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.translation import gettext as _

from matrix.models import Cell, Role
from partner import csv_export


def _role(value) -> str:
    return "" if value is None else str(Role(value).label)


def header() -> list[str]:
    return [
        _("Organisation"),
        _("Project"),
        _("PARTNER trajectory"),
        _("Location or team"),
        _("Assessment"),
        _("Kind"),
        _("Date"),
        _("Filled in by"),
        _("Discussed with"),
        _("Phase"),
        _("Group"),
        _("Desired role"),
        _("Agreed role"),
        _("Actual role"),
        _("Activities"),
        _("Note"),
    ]


def row(cell: Cell) -> list[str]:
    assessment = cell.assessment
    project = assessment.project
    user = assessment.filled_in_by
    return [
        csv_export.safe_cell(value)
        for value in (
            project.organisation.name,
            project.name,
            project.trajectory.title if project.trajectory else "",
            project.location.name if project.location else "",
            assessment.pk,
            assessment.get_kind_display(),
            assessment.date.isoformat(),
            user.get_full_name() or user.get_username(),
            assessment.discussed_with,
            cell.get_phase_display(),
            cell.group.label,
            _role(cell.desired_role),
            _role(cell.agreed_role),
            _role(cell.actual_role),
            cell.activities,
            cell.note,
        )
    ]


def csv_response(cells: Iterable[Cell], *, filename: str) -> HttpResponse:
    return csv_export.csv_response(header(), (row(cell) for cell in cells), filename=filename)
