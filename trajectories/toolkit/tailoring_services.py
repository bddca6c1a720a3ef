"""Writes that tailor a trajectory: groups, step wording, templates and copies.

A template or a copy carries the structure of a trajectory only (groups, the wording of the
steps, the planned sessions and their working methods), never client content: no topics, agenda,
reflections, dialogue, actions, goals, notes or participants.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partner.refusals import refusal
from trajectories.core import services
from trajectories.core.rules import ensure_open
from trajectories.models import (
    TEXT_MAX_LENGTH,
    Location,
    Meeting,
    Method,
    Organisation,
    ParticipantGroup,
    Step,
    Trajectory,
    TrajectoryTemplate,
)
from trajectories.toolkit.selectors import template_methods
from trajectories.toolkit.template_library import STARTING_TEMPLATES


def _clean_groups(groups) -> list[str]:
    groups = list(dict.fromkeys(groups or []))
    if any(group not in ParticipantGroup.values for group in groups):
        raise refusal(_("Choose from the list."), code="choice", field="participant_groups")
    return groups


def _clean_step_texts(step_texts: dict) -> dict:
    cleaned = {}
    for step, text in (step_texts or {}).items():
        if int(step) not in Step.values:
            raise ValidationError(_("Choose one of the four steps."), code="choice")
        text = (text or "").strip()
        if len(text) > TEXT_MAX_LENGTH:
            raise refusal(
                _("Use at most %(max)d characters.") % {"max": TEXT_MAX_LENGTH}, code="too_long", field=f"step_{step}"
            )
        if text:
            cleaned[str(int(step))] = text
    return cleaned


@transaction.atomic
def trajectory_tailor(
    *, trajectory: Trajectory, by: AbstractBaseUser, participant_groups, step_texts: dict
) -> Trajectory:
    """Say which groups take part and describe each step in the words of this context."""
    ensure_open(trajectory)
    trajectory.participant_groups = _clean_groups(participant_groups)
    trajectory.step_texts = _clean_step_texts(step_texts)
    trajectory.save(update_fields=["participant_groups", "step_texts"])
    return trajectory


def _session_date(start: datetime.date, week) -> datetime.date:
    try:
        return start + datetime.timedelta(weeks=int(week))
    except OverflowError:
        raise refusal(
            _("Choose a start date that leaves room for the sessions."), code="date_range", field="start_date"
        ) from None


def _plan_sessions(trajectory: Trajectory, sessions: list, methods: dict, by, start: datetime.date) -> None:
    for session in sessions:
        services.meeting_create(
            trajectory=trajectory,
            by=by,
            date=_session_date(start, session.get("week", 0)),
            step=int(session["step"]),
            group=session["group"],
            kind=session.get("kind", "session"),
            title=session.get("title", ""),
            methods=[methods[ref] for ref in session.get("methods", []) if ref in methods],
        )


@transaction.atomic
def trajectory_create_from_template(
    *,
    template: TrajectoryTemplate,
    organisation: Organisation,
    by: AbstractBaseUser,
    title: str,
    start_date: datetime.date,
    location: Location | None = None,
) -> Trajectory:
    """Start a trajectory with a template's structure: groups, step wording and planned sessions.

    Only the product's templates and the organisation's own can be used.
    """
    if template.organisation_id not in (None, organisation.pk):
        raise ValidationError(_("This template belongs to another organisation."), code="organisation")
    texts = template.localized
    trajectory = services.trajectory_create(
        organisation=organisation,
        by=by,
        title=title,
        subject=template.subject or texts.name,
        care_context=template.care_context,
        description=texts.description,
        location=location,
        start_date=start_date,
    )
    trajectory.participant_groups = _clean_groups(template.participant_groups)
    trajectory.step_texts = {str(step): template.step_text(step) for step in Step.values if template.step_text(step)}
    trajectory.save(update_fields=["participant_groups", "step_texts"])
    _plan_sessions(trajectory, template.sessions or [], template_methods(template=template, organisation_id=organisation.pk), by, start_date)
    return trajectory


def _structure_of(trajectory: Trajectory) -> list[dict]:
    """The planned sessions of a trajectory as template data: weeks after the first, no notes."""
    meetings = list(Meeting.objects.filter(trajectory=trajectory).prefetch_related("planned_methods__method"))
    first = min((meeting.date for meeting in meetings), default=None)
    return [
        {
            "step": meeting.step,
            "group": meeting.group,
            "kind": meeting.kind,
            "title": meeting.title,
            "week": (meeting.date - first).days // 7 if first else 0,
            "methods": [planned.method.builtin_key or planned.method.pk for planned in meeting.planned_methods.all()],
        }
        for meeting in meetings
    ]


@transaction.atomic
def trajectory_copy(
    *, source: Trajectory, by: AbstractBaseUser, title: str, start_date: datetime.date
) -> Trajectory:
    """A new trajectory with the structure of ``source`` (never its client content or participants)."""
    trajectory = services.trajectory_create(
        organisation=source.organisation,
        by=by,
        title=title,
        subject=source.subject,
        care_context=source.care_context,
        description=source.description,
        location=source.location,
        start_date=start_date,
    )
    trajectory.participant_groups = list(source.participant_groups or [])
    trajectory.step_texts = dict(source.step_texts or {})
    trajectory.save(update_fields=["participant_groups", "step_texts"])
    sessions = _structure_of(source)
    methods = {
        (method.builtin_key or method.pk): method
        for method in Method.objects.filter(planned_in__meeting__trajectory=source).distinct()
    }
    _plan_sessions(trajectory, sessions, methods, by, start_date)
    return trajectory


@transaction.atomic
def template_from_trajectory(*, trajectory: Trajectory, by: AbstractBaseUser, name: str) -> TrajectoryTemplate:
    """Keep a trajectory's structure as a template of its organisation."""
    name = (name or "").strip()
    if not name:
        raise refusal(_("Give the template a name."), code="required", field="name")
    return TrajectoryTemplate.objects.create(
        organisation=trajectory.organisation,
        name=name,
        care_context=trajectory.care_context,
        subject=trajectory.subject,
        description=trajectory.description,
        participant_groups=list(trajectory.participant_groups or []),
        step_texts=dict(trajectory.step_texts or {}),
        sessions=_structure_of(trajectory),
        created_by=by,
    )


def starting_templates_sync(template_model=TrajectoryTemplate) -> int:
    """Put the product's templates per care context in the database (safe to run again)."""

    for entry in STARTING_TEMPLATES:
        template_model.objects.update_or_create(
            builtin_key=entry["key"],
            defaults={
                "organisation": None,
                "name": entry["name"],
                "care_context": entry["care_context"],
                "subject": "",
                "description": entry["description"],
                "participant_groups": entry["participant_groups"],
                "step_texts": {str(step): text for step, text in entry["step_texts"].items()},
                "sessions": entry["sessions"],
            },
        )
    return len(STARTING_TEMPLATES)

