"""Reads of the action plan: its actions, versions, sign-offs, follow-up and the quality overview."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from trajectories.models import (
    CLOSED_ACTION_STATUSES,
    Action,
    ActionProgress,
    AgendaItem,
    PlanSignoff,
    PlanVersion,
    Review,
    ReviewOutcome,
    Trajectory,
)


def overdue_q(today: datetime.date | None = None, prefix: str = "") -> Q:
    """Actions past their date that are not done or stopped."""
    today = today or timezone.localdate()
    return Q(**{f"{prefix}due_date__lt": today}) & ~Q(**{f"{prefix}status__in": CLOSED_ACTION_STATUSES})


def plan_action_list(*, trajectory: Trajectory) -> QuerySet[Action]:
    """The plan's actions in agenda order, with owners, co-owners and progress notes."""
    return (
        Action.objects.filter(trajectory=trajectory)
        .select_related("owner__user", "agenda_item")
        .prefetch_related("co_owners__user", "progress_notes__by__user")
        .order_by(F("agenda_item__position").asc(nulls_last=True), "due_date", "pk")
    )


def action_owner_names(action: Action) -> list[str]:
    """Who does the action: its owner first, then the co-owners (fetched up front by the list)."""
    return [action.owner.display_name] + [member.display_name for member in action.co_owners.all()]


def plan_version_list(*, trajectory: Trajectory) -> QuerySet[PlanVersion]:
    """The plan's versions with their sign-offs, newest first."""
    return (
        PlanVersion.objects.filter(trajectory=trajectory)
        .prefetch_related(
            Prefetch("signoffs", queryset=PlanSignoff.objects.select_related("member__user", "recorded_by"))
        )
        .order_by("-number")
    )


def review_list(*, trajectory: Trajectory) -> QuerySet[Review]:
    """The follow-up moments with what they recorded per action, newest first."""
    return Review.objects.filter(trajectory=trajectory).prefetch_related(
        Prefetch("outcomes", queryset=ReviewOutcome.objects.select_related("action"))
    )


def latest_review(*, trajectory: Trajectory) -> Review | None:
    return review_list(trajectory=trajectory).first()


def progress_list(*, action: Action) -> QuerySet[ActionProgress]:
    return ActionProgress.objects.filter(action=action).select_related("by__user")


def plan_agenda_items(*, trajectory: Trajectory) -> QuerySet[AgendaItem]:
    """Shared agenda items with their dialogue and actions, for documents about the plan."""
    return (
        AgendaItem.objects.filter(trajectory=trajectory, shared_at__isnull=False)
        .select_related("dialogue")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("owner__user").prefetch_related("co_owners__user"),
            )
        )
        .order_by("position", "pk")
    )


# --- quality staff: every plan of the organisation -----------------------------------------------


@dataclass(frozen=True)
class ActionFilter:
    organisation_id: int
    location_id: int | None = None
    status: str = ""
    overdue: bool = False
    theme: str = ""


def organisation_action_list(filters: ActionFilter) -> QuerySet[Action]:
    actions = Action.objects.filter(trajectory__organisation_id=filters.organisation_id)
    if filters.location_id:
        actions = actions.filter(trajectory__location_id=filters.location_id)
    if filters.status:
        actions = actions.filter(status=filters.status)
    if filters.overdue:
        actions = actions.filter(overdue_q())
    if filters.theme:
        actions = actions.filter(agenda_item__topics__theme=filters.theme).distinct()
    return (
        actions.select_related("trajectory__location", "owner__user", "agenda_item")
        .prefetch_related("co_owners__user")
        .order_by("trajectory__title", "trajectory_id", "due_date", "pk")
    )


def organisation_plan_list(filters: ActionFilter) -> QuerySet[Trajectory]:
    """Trajectories of the organisation that have a plan, with counts and their latest version."""
    latest = PlanVersion.objects.filter(trajectory=OuterRef("pk")).order_by("-number")
    matching = organisation_action_list(filters).values("trajectory_id")
    return (
        Trajectory.objects.filter(organisation_id=filters.organisation_id, pk__in=matching)
        .select_related("location")
        .annotate(
            action_count=Count("actions", distinct=True),
            overdue_count=Count("actions", filter=overdue_q(prefix="actions__"), distinct=True),
            done_count=Count("actions", filter=Q(actions__status="done"), distinct=True),
            version_number=Subquery(latest.values("number")[:1]),
            version_agreed_at=Subquery(latest.values("agreed_at")[:1]),
        )
        .order_by("title", "pk")
    )


# --- follow-up: one action, one review ------------------------------------------------------------


def action_co_owner_list(*, action: Action) -> QuerySet:
    """The people who do the action together with its owner."""
    return action.co_owners.select_related("user").order_by("user__first_name", "user__username", "pk")


def action_review_outcome_list(*, action: Action) -> QuerySet[ReviewOutcome]:
    """What each review recorded about this action, newest review first."""
    return (
        ReviewOutcome.objects.filter(action=action)
        .select_related("review")
        .order_by("-review__date", "-review__pk")
    )


def review_outcome_list(*, review: Review) -> QuerySet[ReviewOutcome]:
    """A review's outcomes in plan order, with each action's owner and agenda item."""
    return (
        ReviewOutcome.objects.filter(review=review)
        .select_related("action__owner__user", "action__agenda_item")
        .prefetch_related("action__co_owners__user")
        .order_by("action__agenda_item__position", "action__due_date", "action_id")
    )


def organisation_trajectory_ids(*, organisation_id: int, pks) -> set[int]:
    """Which of ``pks`` are trajectories of the organisation (one query, for a selection of plans)."""
    return set(Trajectory.objects.filter(organisation_id=organisation_id, pk__in=list(pks)).values_list("pk", flat=True))
