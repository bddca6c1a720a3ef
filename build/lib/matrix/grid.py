"""The matrix as people know it from paper: role columns × phase rows, with markers.

Pure presentation helpers: they arrange cells that selectors fetched; no queries here.
Markers combine a shape and a word, so they never rely on colour alone.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from matrix.models import ROLE_MEANINGS, Assessment, Cell, ParticipantGroup, Phase, Role

MARKERS = (
    ("desired_role", "◇", _("desired")),
    ("agreed_role", "■", _("agreed")),
    ("actual_role", "●", _("actual")),
)


def role_columns() -> list[dict]:
    """The column headings: each role with its one-line meaning, from 'not involved' up to director."""
    return [{"value": role.value, "label": role.label, "meaning": ROLE_MEANINGS[role]} for role in Role]


@dataclass
class Marker:
    symbol: str
    label: str
    kind: str


@dataclass
class GridRow:
    phase: int
    phase_label: str
    cell: Cell | None
    columns: list[list[Marker]] = field(default_factory=list)

    @property
    def comparison(self) -> str | None:
        """'short', 'met' or 'above': the actual role against the agreed one."""
        cell = self.cell
        if cell is None or cell.actual_role is None:
            return None
        if cell.actual_role < cell.agreed_role:
            return "short"
        return "met" if cell.actual_role == cell.agreed_role else "above"


@dataclass
class GridGroup:
    group: ParticipantGroup
    rows: list[GridRow]


def grid(*, groups: list[ParticipantGroup], cells: list[Cell]) -> list[GridGroup]:
    by_key = {(cell.group_id, cell.phase): cell for cell in cells}
    result = []
    for group in groups:
        rows = []
        for phase in Phase:
            cell = by_key.get((group.pk, phase))
            columns = []
            for role in Role:
                markers = []
                if cell is not None:
                    for attribute, symbol, label in MARKERS:
                        if getattr(cell, attribute) == role:
                            markers.append(Marker(symbol=symbol, label=str(label), kind=attribute))
                columns.append(markers)
            rows.append(GridRow(phase=phase, phase_label=phase.label, cell=cell, columns=columns))
        result.append(GridGroup(group=group, rows=rows))
    return result


@dataclass
class HistoryRow:
    group: ParticipantGroup
    phase_label: str
    values: list[Cell | None]


def history(*, groups: list[ParticipantGroup], assessments: list[Assessment], cells: list[Cell]) -> list[HistoryRow]:
    """Per group and phase, the cell of each assessment in date order (None where it is missing)."""
    by_key = {(cell.assessment_id, cell.group_id, cell.phase): cell for cell in cells}
    return [
        HistoryRow(
            group=group,
            phase_label=phase.label,
            values=[by_key.get((assessment.pk, group.pk, phase)) for assessment in assessments],
        )
        for group in groups
        for phase in Phase
    ]


def assessment_document(*, assessment: Assessment, groups: list[ParticipantGroup], cells: list[Cell]) -> dict:
    """Everything a page or document needs to show one assessment (see ``_matrix_document.html``)."""
    return {
        "assessment": assessment,
        "assessment_grid": grid(groups=groups, cells=cells),
        "columns": role_columns(),
        "shortfalls": [cell for cell in cells if cell.falls_short],
    }
