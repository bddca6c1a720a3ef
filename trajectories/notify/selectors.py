"""Reads for notifications, the calendar feed and downloads. Never write."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from trajectories.models import (
    CLOSED_ACTION_STATUSES,
    Action,
    Export,
    Meeting,
    MeetingGroup,
    MemberRole,
    Membership,
    Notification,
    PersonalSettings,
    TrajectoryStatus,
)

INBOX_PAGE_SIZE = 50


def notification_list_for_user(*, user, limit: int = INBOX_PAGE_SIZE) -> QuerySet[Notification]:
    """The person's inbox, newest first, without withdrawn reminders."""
    return Notification.objects.filter(user=user, cancelled_at__isnull=True).order_by("-created_at", "-pk")[:limit]


def unread_count(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True, cancelled_at__isnull=True).count()


def personal_settings_of(*, user) -> PersonalSettings | None:
    return PersonalSettings.objects.filter(user=user).first()


def user_for_calendar_token(*, token: str):
    """The owner of a calendar secret (None for a wrong, revoked or empty one)."""
    if not token:
        return None
    found = PersonalSettings.objects.filter(calendar_token=token).select_related("user").first()
    return found.user if found is not None and found.user.is_active else None


def _own_memberships(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, joined_session__isnull=True)


def calendar_meetings(*, user) -> QuerySet[Meeting]:
    """The sessions the person takes part in: their group's and the joint ones (facilitators all)."""
    memberships = _own_memberships(user)
    facilitated = memberships.filter(role=MemberRole.FACILITATOR).values("trajectory_id")
    as_client = memberships.filter(role=MemberRole.CLIENT).values("trajectory_id")
    as_staff = memberships.filter(role=MemberRole.STAFF).values("trajectory_id")
    return (
        Meeting.objects.filter(
            Q(trajectory__in=facilitated)
            | Q(trajectory__in=as_client, group__in=[MeetingGroup.CLIENTS, MeetingGroup.JOINT])
            | Q(trajectory__in=as_staff, group__in=[MeetingGroup.STAFF, MeetingGroup.JOINT])
        )
        .select_related("trajectory")
        .order_by("date", "start_time", "pk")
    )


def calendar_actions(*, user) -> QuerySet[Action]:
    """The actions the person owns (or shares) and, for a facilitator, every action they lead."""
    memberships = _own_memberships(user)
    facilitated = memberships.filter(role=MemberRole.FACILITATOR).values("trajectory_id")
    return (
        Action.objects.filter(Q(owner__user=user) | Q(co_owners__user=user) | Q(trajectory__in=facilitated))
        .exclude(status__in=CLOSED_ACTION_STATUSES)
        .select_related("trajectory")
        .distinct()
        .order_by("due_date", "pk")
    )


def actions_to_remind(*, today: datetime.date) -> QuerySet[Action]:
    """Open actions of open trajectories whose due date or review date is a week away, today or past."""
    week = today + datetime.timedelta(days=7)
    return (
        Action.objects.filter(trajectory__status=TrajectoryStatus.ACTIVE)
        .exclude(status__in=CLOSED_ACTION_STATUSES)
        .filter(Q(due_date__lte=week) | Q(review_date__in=[today, week]))
        .select_related("trajectory", "owner__user")
        .prefetch_related("co_owners__user")
    )


def meetings_tomorrow(*, today: datetime.date) -> QuerySet[Meeting]:
    return Meeting.objects.filter(
        date=today + datetime.timedelta(days=1), trajectory__status=TrajectoryStatus.ACTIVE
    ).select_related("trajectory")


def export_list_for_user(*, user) -> QuerySet[Export]:
    return Export.objects.filter(user=user, expires_at__gt=timezone.now()).order_by("-created_at", "-pk")
