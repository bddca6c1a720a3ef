"""Writes of the action plan as a document: versions, joint sign-off, progress and follow-up.

Keyword-only, atomic, raising ``ValidationError`` with a readable message when a rule is
broken. ``services.py`` calls ``plan_changed`` whenever an action changes, so that a plan that
was agreed is never silently different from what people agreed to.
"""

import datetime
from collections.abc import Iterable, Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from partner.refusals import refusal
from trajectories.core.rules import ensure_open
from trajectories.models import (
    ACTION_STATUSES_WITH_REASON,
    SIGNOFF_ROLES,
    Action,
    ActionProgress,
    ActionStatus,
    Membership,
    PlanSignoff,
    PlanVersion,
    Review,
    ReviewOutcome,
    SignoffSide,
    Trajectory,
)
from trajectories.notify.services import notify_signoff_waiting
from trajectories.plan.stored_pdf import agreed_pdf_store_after_commit, agreed_pdfs_delete


def plan_snapshot(*, trajectory: Trajectory) -> dict:
    """The plan's actions as plain data, frozen into a version when it is agreed.

    ``owners`` are the owners' names as they were; ``owner_ids`` their membership ids, in the same
    order, so that erasing a person finds exactly their name (``plan_snapshots_rename``).
    """
    actions = (
        Action.objects.filter(trajectory=trajectory)
        .select_related("owner__user", "agenda_item")
        .prefetch_related("co_owners__user")
        .order_by(F("agenda_item__position").asc(nulls_last=True), "due_date", "pk")
    )
    rows = []
    for action in actions:
        owners = [action.owner, *action.co_owners.all()]
        rows.append(
            {
                "id": action.pk,
                "what": action.what,
                "steps": action.steps,
                "agenda_item": action.agenda_item.title if action.agenda_item else "",
                "owners": [member.display_name for member in owners],
                "owner_ids": [member.pk for member in owners],
                "due_date": action.due_date.isoformat(),
                "status": action.status,
                "status_reason": action.status_reason,
            }
        )
    return {"actions": rows}


def _owners_now(trajectory_id: int) -> dict[int, set[int]]:
    """Per action of the trajectory: the membership ids of its owner and co-owners today."""
    owners = {}
    for action in Action.objects.filter(trajectory_id=trajectory_id).prefetch_related("co_owners"):
        owners[action.pk] = {action.owner_id, *(member.pk for member in action.co_owners.all())}
    return owners


def _namesakes(trajectory_id: int, *, besides: set[int]) -> dict[str, set[int]]:
    """Per name: the other members of the trajectory (not ``besides``) shown by that name."""
    names = {}
    members = Membership.objects.filter(trajectory_id=trajectory_id).exclude(pk__in=besides).select_related("user")
    for member in members:
        names.setdefault(member.display_name, set()).add(member.pk)
    return names


@transaction.atomic
def plan_snapshots_rename(*, members: Iterable[Membership], old_names: Iterable[str], new_name: str) -> int:
    """Put ``new_name`` for these memberships' person in every frozen plan version they are named in.

    For erasing a person: an agreed version keeps what was agreed, but not their name. Owners
    stored with their membership id are found exactly. Versions frozen before ids were stored hold
    names only: there a name in ``old_names`` is replaced, unless the action shows that it is
    another member of the trajectory with the same name (when in doubt the name goes: the plan
    may under-name someone, it must not keep an erased person's name). Returns how many versions
    changed.
    """
    mine = {member.trajectory_id: member.pk for member in members}
    member_ids = set(mine.values())
    old_names = {name for name in old_names if name}
    changed = 0
    legacy_context = {}
    for version in PlanVersion.objects.select_for_update().filter(trajectory_id__in=mine).order_by("pk"):
        if not isinstance(version.snapshot, dict):
            continue
        touched = False
        for row in version.snapshot.get("actions", []):
            owners = row.get("owners", [])
            ids = row.get("owner_ids")
            if isinstance(ids, list) and len(ids) == len(owners):
                positions = [index for index, pk in enumerate(ids) if pk in member_ids]
            else:
                if version.trajectory_id not in legacy_context:
                    legacy_context[version.trajectory_id] = (
                        _owners_now(version.trajectory_id),
                        _namesakes(version.trajectory_id, besides=member_ids),
                    )
                owners_now, namesakes = legacy_context[version.trajectory_id]
                now = owners_now.get(row.get("id"))
                positions = [
                    index
                    for index, name in enumerate(owners)
                    if name in old_names
                    and not (
                        now is not None
                        and mine[version.trajectory_id] not in now
                        and now & namesakes.get(name, set())
                    )
                ]
            for index in positions:
                if owners[index] != new_name:
                    owners[index] = new_name
                    touched = True
        if touched:
            version.save(update_fields=["snapshot"])
            changed += 1
    # Stored PDFs of those versions still show the old name: they go (and are rendered again).
    agreed_pdfs_delete(trajectory_ids=list(mine))
    return changed


def _latest_version(trajectory: Trajectory, *, for_update: bool = False) -> PlanVersion | None:
    versions = PlanVersion.objects.filter(trajectory=trajectory)
    if for_update:
        versions = versions.select_for_update()
    return versions.order_by("-number").first()


def _new_version(trajectory: Trajectory) -> PlanVersion:
    number = (PlanVersion.objects.filter(trajectory=trajectory).aggregate(n=Max("number"))["n"] or 0) + 1
    return PlanVersion.objects.create(trajectory=trajectory, number=number)


@transaction.atomic
def plan_changed(*, trajectory: Trajectory) -> PlanVersion | None:
    """After an action changed: if the latest version was agreed, the plan now is a new draft version."""
    latest = _latest_version(trajectory, for_update=True)
    if latest is not None and latest.is_agreed:
        return _new_version(trajectory)
    return latest


@transaction.atomic
def plan_signoff(
    *, trajectory: Trajectory, side: str, member: Membership, recorded_by: AbstractBaseUser
) -> PlanVersion:
    """A client or staff representative confirms the current plan.

    The view decides who may record it (the representative themself, or the facilitator when
    confirmation happens in the room). When both sides have confirmed, the version is agreed:
    proposed actions become agreed and the actions are frozen in the version's snapshot.
    A plan that is agreed and unchanged since is not agreed again (code ``agreed``); sign-offs of
    one trajectory at the same moment are taken one after the other.
    """
    if side not in SignoffSide.values:
        raise refusal(_("Choose clients or staff."), code="choice", field="side")
    if member.trajectory_id != trajectory.pk or member.role != SIGNOFF_ROLES[side]:
        message = (
            _("Only a client of this trajectory can agree for the clients.")
            if side == SignoffSide.CLIENTS
            else _("Only a staff member of this trajectory can agree for staff.")
        )
        raise refusal(message, code="role", field="member")
    # Sign-offs of one trajectory run one at a time: each waits here until the one before has
    # committed, and only then reads the latest version (two first sign-offs would otherwise both
    # make version 1). NO KEY: rows that merely refer to the trajectory (a new action, topic or
    # version elsewhere) are not held up by it.
    trajectory = Trajectory.objects.select_for_update(no_key=True).get(pk=trajectory.pk)
    ensure_open(trajectory)
    # The actions before the version, in the order an action edit takes them (its action, then
    # the version in ``plan_changed``): an agreement and an edit at the same moment wait for each
    # other instead of deadlocking. The snapshot is then exactly what was agreed.
    action_ids = list(Action.objects.select_for_update().filter(trajectory=trajectory).values_list("pk", flat=True))
    if not action_ids:
        raise ValidationError(_("The plan has no actions yet. Add actions before you agree on it."), code="empty")
    version = _latest_version(trajectory, for_update=True)
    if version is not None and version.is_agreed:
        # ``plan_changed`` starts a new draft on every change of what was agreed, so an agreed
        # latest version is the plan as it is now: agreeing again would only copy it.
        raise ValidationError(
            _(
                "This plan has already been agreed (version %(number)s) and has not changed since. "
                "A new agreement is needed only after a change to what was agreed."
            )
            % {"number": version.number},
            code="agreed",
        )
    if version is None:
        version = _new_version(trajectory)
    if version.signoffs.filter(side=side).exists():
        raise ValidationError(
            _("This version has already been agreed for the %(side)s.") % {"side": SignoffSide(side).label},
            code="duplicate",
        )
    PlanSignoff.objects.create(version=version, side=side, member=member, recorded_by=recorded_by)
    signed = set(version.signoffs.values_list("side", flat=True))
    if len(signed) < len(SignoffSide):
        notify_signoff_waiting(
            trajectory=trajectory, version_pk=version.pk,
            waiting_roles=[SIGNOFF_ROLES[other] for other in SignoffSide if other not in signed],
        )
    else:
        # The status changes, so an edit page opened before the agreement is out of date (its
        # "proposed" would otherwise quietly undo the agreement): the versions go up.
        Action.objects.filter(trajectory=trajectory, status=ActionStatus.PROPOSED).update(
            status=ActionStatus.AGREED, updated_at=timezone.now(), version=F("version") + 1
        )
        version.agreed_at = timezone.now()
        version.snapshot = plan_snapshot(trajectory=trajectory)
        version.save(update_fields=["agreed_at", "snapshot"])
        # Rendered once, in the background: every later download is served from storage.
        agreed_pdf_store_after_commit(version=version)
    return version


@transaction.atomic
def action_progress_add(*, action: Action, by: Membership, date: datetime.date, text: str) -> ActionProgress:
    """A dated note on how an action is going. Notes do not change the agreed plan."""
    ensure_open(action.trajectory)
    if date > timezone.localdate():
        raise refusal(_("The date cannot be in the future."), code="future_date", field="date")
    if not text.strip():
        raise refusal(_("Write what happened."), code="required", field="text")
    return ActionProgress.objects.create(action=action, date=date, text=text.strip(), by=by)


def _check_outcomes(trajectory: Trajectory, outcomes: Mapping[int, tuple[str, str]]) -> None:
    current = dict(Action.objects.filter(trajectory=trajectory, pk__in=list(outcomes)).values_list("pk", "status"))
    known = set(current)
    if not outcomes:
        raise ValidationError(_("The plan has no actions to review yet."), code="empty")
    if set(outcomes) - known:
        raise ValidationError(_("Choose actions of this trajectory."), code="actions")
    for pk, (status, changed) in outcomes.items():
        if status not in ActionStatus.values:
            raise ValidationError(_("Choose a valid status."), code="choice")
        # Adjusting or stopping an action in a review needs the reason clients read.
        if status in ACTION_STATUSES_WITH_REASON and status != current.get(pk) and not changed.strip():
            raise ValidationError(
                _("Say what changed when an action was adjusted or stopped. Clients read this too."), code="reason"
            )


@transaction.atomic
def review_create(
    *,
    trajectory: Trajectory,
    by: Membership,
    date: datetime.date,
    title: str,
    summary: str = "",
    outcomes: Mapping[int, tuple[str, str]],
) -> Review:
    """Record a follow-up moment: per action its status then and what changed for clients.

    A review's result is the action's status from then on (the plan, the review and the clients'
    "what happened" page agree). A status is follow-up: it never starts a new plan version.
    """
    ensure_open(trajectory)
    if date > timezone.localdate():
        raise refusal(_("The date cannot be in the future."), code="future_date", field="date")
    if not title.strip():
        raise refusal(_("Give the review a title, for example: after 3 months."), code="required", field="title")
    _check_outcomes(trajectory, outcomes)
    review = Review.objects.create(
        trajectory=trajectory, date=date, title=title.strip(), summary=summary.strip(), created_by=by
    )
    ReviewOutcome.objects.bulk_create(
        ReviewOutcome(review=review, action_id=pk, status=status, what_changed=changed.strip())
        for pk, (status, changed) in sorted(outcomes.items())
    )
    for pk, (status, changed) in sorted(outcomes.items()):
        # Only a changed status is written (an unchanged one keeps its reason); adjusted or stopped
        # in this review: what the review says is the reason. The version goes up, so an edit page
        # opened before the review is out of date.
        reason = changed.strip() if status in ACTION_STATUSES_WITH_REASON else ""
        Action.objects.filter(pk=pk).exclude(status=status).update(
            status=status, status_reason=reason, updated_at=timezone.now(), version=F("version") + 1
        )
    return review
