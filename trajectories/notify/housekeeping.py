"""The hourly schedule (``manage.py housekeeping``): reminders and digests are queued, and what
has expired is cleared. Every part is idempotent: running it twice, or two at once, changes
nothing the second time (notifications are unique per event and person)."""

import datetime
from collections import defaultdict

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from trajectories.live.storage import private_storage
from trajectories.models import (
    EmailFrequency,
    EmailState,
    Export,
    JoinAttempt,
    LiveSession,
    MemberRole,
    Membership,
    Notification,
    NotificationKind,
    OrganisationMember,
    OrganisationRole,
    PersonalSettings,
)
from trajectories.notify import selectors
from trajectories.notify.services import (
    meeting_participants,
    meeting_reminder_key,
    meeting_reminders_cancel,
    notify,
    send_digest,
    send_notification_email,
)
from trajectories.privacy.selectors import archived_trajectories_older_than
from trajectories.privacy.services import trajectory_purge

# Digests go out from this hour on (local time), once a day.
DIGEST_HOUR = 7


def _action_events(action, today: datetime.date) -> list[tuple[str, str]]:
    events = []
    if action.due_date < today:
        events.append((NotificationKind.ACTION_OVERDUE, f"action-overdue:{action.pk}:{action.due_date}"))
    elif action.due_date == today:
        events.append((NotificationKind.ACTION_DUE_TODAY, f"action-due-today:{action.pk}:{action.due_date}"))
    elif action.due_date <= today + datetime.timedelta(days=7):
        events.append((NotificationKind.ACTION_DUE_SOON, f"action-due-soon:{action.pk}:{action.due_date}"))
    if action.review_date == today:
        events.append((NotificationKind.REVIEW_TODAY, f"review-today:{action.pk}:{action.review_date}"))
    elif action.review_date == today + datetime.timedelta(days=7):
        events.append((NotificationKind.REVIEW_SOON, f"review-soon:{action.pk}:{action.review_date}"))
    return events


def action_reminders_queue(*, today: datetime.date) -> int:
    """Owners, co-owners and facilitators hear of an action that is overdue, or due (or to be
    reviewed) in a week or today. Returns how many new notifications."""
    actions = list(selectors.actions_to_remind(today=today))
    facilitators = defaultdict(list)
    for membership in Membership.objects.filter(
        trajectory_id__in={a.trajectory_id for a in actions}, role=MemberRole.FACILITATOR
    ).select_related("user"):
        facilitators[membership.trajectory_id].append(membership.user)
    # Quality staff watch the follow-up of their organisation: they hear of overdue actions.
    quality = defaultdict(list)
    for member in OrganisationMember.objects.filter(
        organisation_id__in={a.trajectory.organisation_id for a in actions}, role=OrganisationRole.QUALITY
    ).select_related("user"):
        quality[member.organisation_id].append(member.user)
    made = 0
    for action in actions:
        people = [m.user for m in [action.owner, *action.co_owners.all()] if not m.is_guest]
        people += facilitators[action.trajectory_id]
        target = reverse("trajectories:action_detail", kwargs={"pk": action.trajectory_id, "action_pk": action.pk})
        for kind, key in _action_events(action, today):
            users = people + quality[action.trajectory.organisation_id] if kind == NotificationKind.ACTION_OVERDUE else people
            made += len(notify(users=users, kind=kind, event_key=key, trajectory=action.trajectory, target=target))
    return made


def session_reminders_queue(*, today: datetime.date) -> int:
    """Everyone taking part in a session of tomorrow is reminded once (again when it moved)."""
    made = 0
    for meeting in selectors.meetings_tomorrow(today=today):
        key = meeting_reminder_key(meeting)
        meeting_reminders_cancel(meeting_pk=meeting.pk, keep_key=key)
        made += len(notify(
            users=meeting_participants(meeting=meeting), kind=NotificationKind.SESSION_TOMORROW, event_key=key,
            trajectory=meeting.trajectory,
            target=reverse("trajectories:meeting_detail", kwargs={"pk": meeting.trajectory_id, "meeting_pk": meeting.pk}),
        ))
    return made


def digests_queue(*, now: datetime.datetime) -> int:
    """People who chose a daily digest get it once a day, from ``DIGEST_HOUR`` on."""
    local = timezone.localtime(now)
    if local.hour < DIGEST_HOUR:
        return 0
    day = local.date()
    waiting_users = Notification.objects.filter(email_state=EmailState.DIGEST, cancelled_at__isnull=True).values("user_id")
    user_ids = list(
        PersonalSettings.objects.filter(email_frequency=EmailFrequency.DAILY, user_id__in=waiting_users)
        .exclude(last_digest_on__gte=day).values_list("user_id", flat=True)
    )
    transaction.on_commit(lambda: [send_digest.enqueue(pk, day.isoformat()) for pk in user_ids])
    return len(user_ids)


def emails_requeue(*, now: datetime.datetime) -> int:
    """E-mails still waiting after an hour (a worker that was down when they were queued) are
    queued again; sending twice is prevented by the e-mail task itself."""
    stuck = list(
        Notification.objects.filter(
            email_state=EmailState.PENDING, cancelled_at__isnull=True, created_at__lt=now - datetime.timedelta(hours=1),
            email_attempts=0,
        ).values_list("pk", flat=True)[:1000]
    )
    transaction.on_commit(lambda: [send_notification_email.enqueue(pk) for pk in stuck])
    return len(stuck)


def expired_exports_remove(*, now: datetime.datetime) -> int:
    storage = private_storage()
    expired = list(Export.objects.filter(expires_at__lte=now))
    for export in expired:
        if export.file and storage.exists(export.file):
            storage.delete(export.file)
    Export.objects.filter(pk__in=[e.pk for e in expired]).delete()
    return len(expired)


def guests_of_ended_sessions_end(*, now: datetime.datetime) -> int:
    """Live sessions whose code ran out are closed, and guests of closed sessions lose access."""
    LiveSession.objects.filter(closed_at__isnull=True, code_expires_at__lt=now).update(
        closed_at=now, input_open=False, voting_open=False, join_code=None
    )
    return get_user_model().objects.filter(
        is_active=True, trajectory_memberships__joined_session__closed_at__isnull=False
    ).update(is_active=False)


def login_records_remove(*, now: datetime.datetime) -> int:
    lockouts = AccessAttempt.objects.filter(attempt_time__lt=now - settings.AXES_COOLOFF_TIME).delete()[0]
    joins = JoinAttempt.objects.filter(at__lt=now - datetime.timedelta(minutes=settings.LIVE_JOIN_WINDOW_MINUTES))
    return lockouts + joins.delete()[0]


def archive_purge() -> int:
    trajectories = list(archived_trajectories_older_than(settings.PARTNER_RETENTION_DAYS))
    for trajectory in trajectories:
        trajectory_purge(trajectory=trajectory)
    return len(trajectories)


@transaction.atomic
def housekeeping_run(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Everything the hourly schedule does, in one transaction (tasks are queued when it commits)."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    Session.objects.filter(expire_date__lt=now).delete()
    return {
        "action reminders": action_reminders_queue(today=today),
        "session reminders": session_reminders_queue(today=today),
        "digests": digests_queue(now=now),
        "e-mails queued again": emails_requeue(now=now),
        "expired downloads removed": expired_exports_remove(now=now),
        "guest accounts ended": guests_of_ended_sessions_end(now=now),
        "old login records removed": login_records_remove(now=now),
        "archived trajectories purged": archive_purge(),
    }
