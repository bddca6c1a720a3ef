"""Writes of what participants hope for and what the organisation learns: personal and group
goals, lessons learned from a closed trajectory, and the evaluation report."""

import re

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partner.refusals import refusal
from partner.text import comparable_text
from trajectories.core.rules import ensure_member, ensure_open
from trajectories.models import (
    TEXT_MAX_LENGTH,
    EvaluationReport,
    Goal,
    GoalOutcome,
    Lesson,
    LessonMethod,
    MemberRole,
    Membership,
    MethodGroup,
    Theme,
    Topic,
    Trajectory,
    codes_to_text,
)

# A member's own goal is in their group's space; the facilitator also sets goals for a group.
GROUP_OF_ROLE = {MemberRole.CLIENT: MethodGroup.CLIENTS, MemberRole.STAFF: MethodGroup.STAFF}


def _text(value: str, field: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise refusal(_("Fill this in."), code="required", field=field)
    if len(value) > TEXT_MAX_LENGTH:
        raise refusal(_("Use at most %(max)d characters.") % {"max": TEXT_MAX_LENGTH}, code="too_long", field=field)
    return value


# --- goals ------------------------------------------------------------------------------------


@transaction.atomic
def goal_create(*, trajectory: Trajectory, by: Membership, text: str, group: str | None = None) -> Goal:
    """A personal goal of ``by``; or, from the facilitator with ``group``, a goal of that group."""
    ensure_open(trajectory)
    ensure_member(by, trajectory)
    text = _text(text, "text")
    if group:
        if by.role != MemberRole.FACILITATOR:
            raise ValidationError(_("Only the facilitator writes down a goal for a group."), code="role")
        if group not in MethodGroup.values:
            raise refusal(_("Choose from the list."), code="choice", field="group")
        return Goal.objects.create(trajectory=trajectory, member=None, group=group, text=text, created_by=by)
    return Goal.objects.create(
        trajectory=trajectory, member=by, group=GROUP_OF_ROLE.get(by.role, MethodGroup.JOINT), text=text,
        created_by=by,
    )


def goal_can_evaluate(*, goal: Goal, by: Membership | None) -> bool:
    """Whose goal it is looks back on it; the facilitator does so for everyone (often with them)."""
    if by is None or by.trajectory_id != goal.trajectory_id:
        return False
    return by.role == MemberRole.FACILITATOR or (goal.member_id is not None and goal.member_id == by.pk)


@transaction.atomic
def goal_evaluate(*, goal: Goal, by: Membership, outcome: str, note: str = "") -> Goal:
    """Looking back: did it work out, and what did it bring? Also possible once the trajectory closed."""
    if not goal_can_evaluate(goal=goal, by=by):
        raise ValidationError(_("You can only look back on your own goals."), code="not_yours")
    if outcome not in GoalOutcome.values:
        raise refusal(_("Choose one of the answers."), code="choice", field="outcome")
    goal.outcome = outcome
    goal.outcome_note = _text(note, "outcome_note", required=False)
    goal.evaluated_at = timezone.now()
    goal.save(update_fields=["outcome", "outcome_note", "evaluated_at"])
    return goal


# --- lessons learned ------------------------------------------------------------------------


def client_names(trajectory: Trajectory) -> set[str]:
    """Every name by which a client of this trajectory could be recognised in a text."""
    names = set()
    clients = Membership.objects.filter(trajectory=trajectory, role=MemberRole.CLIENT).select_related("user")
    for member in clients:
        user = member.user
        names.update([user.first_name, user.last_name, user.get_full_name(), user.get_username()])
    names.update(Topic.objects.filter(trajectory=trajectory).values_list("on_behalf_of_name", flat=True))
    # Pseudonyms such as "Deelnemer 3" identify nobody; short fragments would match ordinary words.
    return {name.strip() for name in names if name and len(name.strip()) >= 3 and not name.startswith("gast-")}


def names_in(text: str, names: set[str]) -> list[str]:
    """Which of ``names`` appear in ``text`` as whole words.

    Compared as people read them (``comparable_text``): case, invisible characters and look-alike
    letters of other scripts do not hide a name ("Ger\u200bda", "Gеrda" with a Cyrillic е).
    """
    comparable = comparable_text(text)
    found = []
    for name in sorted(names, key=len, reverse=True):
        if re.search(rf"(?<!\w){re.escape(comparable_text(name))}(?!\w)", comparable):
            found.append(name)
    return found


LESSON_TEXTS = ("what_worked", "what_did_not", "what_changed", "advice")


@transaction.atomic
def lesson_create(
    *,
    trajectory: Trajectory,
    by: AbstractBaseUser,
    what_worked: str,
    what_did_not: str = "",
    what_changed: str = "",
    advice: str = "",
    themes=(),
    method_ratings: dict | None = None,
) -> Lesson:
    """Record what was learned once the trajectory is closed, for the organisation's facilitators
    and quality staff. A text that names a client is refused: lessons carry no client identities."""
    if not trajectory.is_closed:
        raise ValidationError(_("Lessons are recorded when the trajectory is closed."), code="open")
    texts = {
        "what_worked": _text(what_worked, "what_worked"),
        "what_did_not": _text(what_did_not, "what_did_not", required=False),
        "what_changed": _text(what_changed, "what_changed", required=False),
        "advice": _text(advice, "advice", required=False),
    }
    names = client_names(trajectory)
    errors = {}
    for field, value in texts.items():
        found = names_in(value, names)
        if found:
            errors[field] = refusal(
                _("This names a client (%(names)s). Lessons are shared without names: leave them out.")
                % {"names": ", ".join(found)},
                code="names_a_client",
            )
    if errors:
        raise ValidationError(errors)
    themes = sorted(set(themes or []))
    if any(theme not in Theme.values for theme in themes):
        raise refusal(_("Choose from the list."), code="choice", field="themes")
    ratings = method_ratings or {}
    if any(not isinstance(rating, int) or not 1 <= rating <= 5 for rating in ratings.values()):
        raise refusal(_("Rate each method from 1 to 5."), code="rating", field="method_ratings")
    if any(method.organisation_id not in (None, trajectory.organisation_id) for method in ratings):
        raise refusal(
            _("Choose working methods of your own organisation or the library."),
            code="organisation",
            field="method_ratings",
        )
    lesson = Lesson.objects.create(trajectory=trajectory, written_by=by, themes_code=codes_to_text(themes), **texts)
    LessonMethod.objects.bulk_create(
        LessonMethod(lesson=lesson, method=method, rating=rating) for method, rating in ratings.items()
    )
    return lesson


# --- the evaluation report --------------------------------------------------------------------

REPORT_FIELDS = ("aim", "methods", "results", "outcomes", "reflection")


@transaction.atomic
def evaluation_report_save(*, trajectory: Trajectory, by: AbstractBaseUser, **fields) -> EvaluationReport:
    """Write or change the trajectory's evaluation report (GRIPP2 short form: five parts)."""
    if set(fields) != set(REPORT_FIELDS):
        raise TypeError(f"evaluation_report_save() needs exactly {REPORT_FIELDS}")
    values = {name: _text(fields[name], name) for name in REPORT_FIELDS}
    report, _created = EvaluationReport.objects.update_or_create(
        trajectory=trajectory, defaults={**values, "updated_by": by}
    )
    return report
