"""The action plan as a document: what the plan page, its print version and every PDF show.

``plan_document_context`` gathers one plan with selectors and arranges it; templates
``trajectories/_plan_document.html`` (a section) and ``plan_pdf.html`` (one PDF) render it.
An agreed version is shown from its frozen snapshot; the current plan from the live actions.
"""

import datetime
from dataclasses import dataclass, field

from django.http import Http404
from django.utils import timezone

from partner.extensions import plan_document_sections
from trajectories.models import (
    CLOSED_ACTION_STATUSES,
    ActionStatus,
    MemberRole,
    PlanVersion,
    StaffSummary,
    Trajectory,
)
from trajectories.plan import selectors as plan_selectors


@dataclass
class ActionRow:
    what: str
    steps: str
    agenda_item: str
    owners: list[str]
    due_date: datetime.date
    status: str
    status_reason: str
    is_overdue: bool
    pk: int | None = None
    agenda_item_pk: int | None = None
    progress: list = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(ActionStatus(self.status).label) if self.status in ActionStatus.values else self.status


def _live_rows(trajectory: Trajectory, today: datetime.date) -> list[ActionRow]:
    return [
        ActionRow(
            pk=action.pk,
            agenda_item_pk=action.agenda_item_id,
            what=action.what,
            steps=action.steps,
            agenda_item=action.agenda_item.title if action.agenda_item else "",
            owners=plan_selectors.action_owner_names(action),
            due_date=action.due_date,
            status=action.status,
            status_reason=action.status_reason,
            is_overdue=action.is_overdue(today),
            progress=list(action.progress_notes.all()),
        )
        for action in plan_selectors.plan_action_list(trajectory=trajectory)
    ]


def _snapshot_rows(version: PlanVersion) -> list[ActionRow]:
    rows = []
    for data in version.snapshot.get("actions", []):
        due_date = datetime.date.fromisoformat(data["due_date"])
        rows.append(
            ActionRow(
                pk=data.get("id"),
                what=data["what"],
                steps=data.get("steps", ""),
                agenda_item=data.get("agenda_item", ""),
                owners=list(data.get("owners", [])),
                due_date=due_date,
                status=data["status"],
                status_reason=data.get("status_reason", ""),
                # As agreed then: "overdue" is about today, so a frozen version never claims it.
                is_overdue=False,
            )
        )
    return rows


def plan_document_context(*, trajectory: Trajectory, version_number: int | None = None) -> dict:
    """Everything one plan document shows. ``version_number`` picks a saved version (404 if unknown)."""
    today = timezone.localdate()
    versions = list(plan_selectors.plan_version_list(trajectory=trajectory))
    current = versions[0] if versions else None
    if version_number is None:
        version = current
    else:
        version = next((v for v in versions if v.number == version_number), None)
        if version is None:
            raise Http404
    frozen = version is not None and version.is_agreed and version_number is not None
    last_agreed = next((v for v in versions if v.is_agreed), None)
    summary = StaffSummary.objects.filter(trajectory=trajectory, shared_at__isnull=False).first()
    facilitators = [
        membership.display_name
        for membership in trajectory.memberships.filter(role=MemberRole.FACILITATOR).select_related("user")
    ]
    rows = _snapshot_rows(version) if frozen else _live_rows(trajectory, today)
    return {
        "trajectory": trajectory,
        "facilitators": facilitators,
        "agenda_items": list(plan_selectors.plan_agenda_items(trajectory=trajectory)),
        "staff_summary": summary,
        "action_rows": rows,
        "open_count": sum(1 for row in rows if row.status not in CLOSED_ACTION_STATUSES),
        "overdue_count": sum(1 for row in rows if row.is_overdue),
        "version": version,
        "is_frozen": frozen,
        "last_agreed": last_agreed,
        "signoffs": list(version.signoffs.all()) if version else [],
        # What other apps add (the participation matrix): see partner/extensions.py.
        "extra_sections": plan_document_sections.collect(trajectory=trajectory),
        "generated_at": timezone.localtime(),
    }
