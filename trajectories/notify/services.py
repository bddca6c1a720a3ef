"""Writes of notifications: create them once per event and person, send their e-mails (through
the task queue, after the transaction commits), mark them read; personal settings and the secret
calendar address.

E-mails carry no care content: the trajectory's title, what kind of thing happened and a link to
a page that needs a sign-in (``trajectories/notify/texts.py``).
"""

import datetime
import secrets
import smtplib
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from trajectories.models import (
    EmailFrequency,
    EmailState,
    Meeting,
    MeetingGroup,
    MemberRole,
    Membership,
    Notification,
    NotificationKind,
    PersonalSettings,
    StepTransition,
    Trajectory,
)
from trajectories.notify.texts import notification_sentence

# --- creating notifications ------------------------------------------------------------------


def personal_settings_for(user) -> PersonalSettings:
    """The person's settings, made with the defaults the first time."""
    found, _created = PersonalSettings.objects.get_or_create(user=user)
    return found


def _email_state(user, frequency: str) -> str:
    if not user.email or not user.is_active or frequency == EmailFrequency.NEVER:
        return EmailState.NOT_SENT
    return EmailState.DIGEST if frequency == EmailFrequency.DAILY else EmailState.PENDING


def _enqueue_email_after_commit(notification_ids: list[int]) -> None:
    def enqueue():
        for pk in notification_ids:
            send_notification_email.enqueue(pk)

    if notification_ids:
        transaction.on_commit(enqueue)


@transaction.atomic
def notify(
    *,
    users: Iterable[AbstractBaseUser],
    kind: str,
    event_key: str,
    target: str,
    trajectory: Trajectory | None = None,
    title: str = "",
) -> list[Notification]:
    """One notification per person for the event ``event_key``; a person who has one already gets
    no second (so a job that runs twice, or two at once, notifies once). Returns the new ones.

    Their e-mails are queued after the transaction commits (or wait for the daily digest)."""
    users = {user.pk: user for user in users if user is not None and user.is_active}
    if not users:
        return []
    title = title or (trajectory.title if trajectory is not None else "")
    had = set(Notification.objects.filter(event_key=event_key, user_id__in=users).values_list("user_id", flat=True))
    frequencies = dict(
        PersonalSettings.objects.filter(user_id__in=users).values_list("user_id", "email_frequency")
    )
    fresh = [
        Notification(
            user_id=pk, kind=kind, event_key=event_key, trajectory=trajectory, title=title[:200], target=target,
            email_state=_email_state(user, frequencies.get(pk, EmailFrequency.IMMEDIATELY)),
        )
        for pk, user in users.items() if pk not in had
    ]
    # A notification made at the same moment by another run wins; ours is then left out.
    Notification.objects.bulk_create(fresh, ignore_conflicts=True)
    created = list(
        Notification.objects.filter(event_key=event_key, user_id__in=[n.user_id for n in fresh]).order_by("pk")
    )
    _enqueue_email_after_commit([n.pk for n in created if n.email_state == EmailState.PENDING])
    return created


def trajectory_people(*, trajectory: Trajectory, roles=None, exclude: Iterable[int] = ()) -> list:
    """The people with an account in the trajectory (never a live guest), in the given roles."""
    memberships = Membership.objects.filter(trajectory=trajectory, joined_session__isnull=True).select_related("user")
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    excluded = set(exclude)
    return [m.user for m in memberships if m.user_id not in excluded]


def _trajectory_path(name: str, trajectory: Trajectory) -> str:
    return reverse(f"trajectories:{name}", kwargs={"pk": trajectory.pk})


def notify_step_moved(*, transition: StepTransition) -> None:
    trajectory = transition.trajectory
    notify(
        users=trajectory_people(trajectory=trajectory, exclude=[transition.by_id]),
        kind=NotificationKind.STEP_MOVED, event_key=f"step:{transition.pk}", trajectory=trajectory,
        target=_trajectory_path("detail", trajectory),
    )


def notify_summary_shared(*, trajectory: Trajectory, by: Membership) -> None:
    notify(
        users=trajectory_people(trajectory=trajectory, roles=[MemberRole.CLIENT, MemberRole.FACILITATOR],
                                exclude=[by.user_id]),
        kind=NotificationKind.SUMMARY_SHARED, event_key=f"summary-shared:{trajectory.pk}", trajectory=trajectory,
        target=_trajectory_path("dialogue", trajectory),
    )


def notify_agenda_shared(*, trajectory: Trajectory, by: Membership) -> None:
    """Items shared on one day make one notification (not one per item)."""
    notify(
        users=trajectory_people(trajectory=trajectory, roles=[MemberRole.STAFF, MemberRole.FACILITATOR],
                                exclude=[by.user_id]),
        kind=NotificationKind.AGENDA_SHARED,
        event_key=f"agenda-shared:{trajectory.pk}:{timezone.localdate().isoformat()}",
        trajectory=trajectory, target=_trajectory_path("staff", trajectory),
    )


def notify_signoff_waiting(*, trajectory: Trajectory, version_pk: int, waiting_roles: Iterable[str]) -> None:
    """A side has said yes: the other side's representatives (and the facilitator) are asked."""
    notify(
        users=trajectory_people(trajectory=trajectory, roles=[*waiting_roles, MemberRole.FACILITATOR]),
        kind=NotificationKind.SIGNOFF_WAITING, event_key=f"signoff:{version_pk}", trajectory=trajectory,
        target=_trajectory_path("plan", trajectory),
    )


def notify_invitation(*, membership: Membership) -> None:
    notify(
        users=[membership.user], kind=NotificationKind.INVITATION, event_key=f"invited:{membership.pk}",
        trajectory=membership.trajectory, target=_trajectory_path("detail", membership.trajectory),
    )


def meeting_participants(*, meeting: Meeting) -> list:
    """Who takes part in a session: its group (clients, staff or both) and the facilitators."""
    roles = {
        MeetingGroup.CLIENTS: [MemberRole.CLIENT, MemberRole.FACILITATOR],
        MeetingGroup.STAFF: [MemberRole.STAFF, MemberRole.FACILITATOR],
    }.get(meeting.group)
    return trajectory_people(trajectory=meeting.trajectory, roles=roles)


def meeting_reminder_key(meeting: Meeting) -> str:
    """The reminder's event: a session that moves (date or time) is a new event."""
    # str(): right after a save the fields may still hold the strings a caller passed.
    start = str(meeting.start_time)[:5] if meeting.start_time else "-"
    return f"session-tomorrow:{meeting.pk}:{str(meeting.date)[:10]}:{start}"


@transaction.atomic
def meeting_reminders_cancel(*, meeting_pk: int, keep_key: str = "") -> int:
    """A session moved or was cancelled: its reminders that no longer hold are withdrawn (hidden
    from the inbox, their e-mail not sent). Returns how many."""
    reminders = Notification.objects.filter(
        event_key__startswith=f"session-tomorrow:{meeting_pk}:", cancelled_at__isnull=True
    ).exclude(event_key=keep_key)
    return reminders.update(cancelled_at=timezone.now())


# --- reading and settings --------------------------------------------------------------------


@transaction.atomic
def notification_open(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def personal_settings_update(*, user, email_frequency: str) -> PersonalSettings:
    found = personal_settings_for(user)
    found.email_frequency = email_frequency
    found.save(update_fields=["email_frequency"])
    # What still waited for e-mail follows the new choice.
    waiting = Notification.objects.filter(user=user, email_state__in=[EmailState.PENDING, EmailState.DIGEST])
    new_state = _email_state(user, email_frequency)
    changed = list(waiting.exclude(email_state=new_state).values_list("pk", flat=True))
    waiting.filter(pk__in=changed).update(email_state=new_state)
    if new_state == EmailState.PENDING:
        _enqueue_email_after_commit(changed)
    return found


@transaction.atomic
def calendar_token_renew(*, user) -> PersonalSettings:
    """A new secret calendar address; the old one stops working at once."""
    found = personal_settings_for(user)
    found.calendar_token = secrets.token_urlsafe(32)
    found.save(update_fields=["calendar_token"])
    return found


@transaction.atomic
def calendar_token_revoke(*, user) -> PersonalSettings:
    found = personal_settings_for(user)
    found.calendar_token = ""
    found.save(update_fields=["calendar_token"])
    return found


# --- e-mail ----------------------------------------------------------------------------------


def site_url(path: str) -> str:
    return f"{settings.PARTNER_SITE_URL}{path}"


def _email_greeting(user) -> str:
    return _("Hello %(name)s,") % {"name": user.first_name or user.get_username()}


def _email_footer() -> str:
    return _(
        "Sign in to PARTNER to read more. You get this e-mail because of your choice in PARTNER; "
        "change it here: %(url)s"
    ) % {"url": site_url(reverse("trajectories:inbox_settings"))}


def _notification_link(notification: Notification) -> str:
    return site_url(reverse("trajectories:notification_open", kwargs={"notification_pk": notification.pk}))


def _retry_or_fail(notification: Notification) -> str:
    notification.email_attempts += 1
    if notification.email_attempts >= settings.PARTNER_EMAIL_MAX_ATTEMPTS:
        notification.email_state = EmailState.FAILED
        notification.save(update_fields=["email_attempts", "email_state"])
        return "failed"
    notification.save(update_fields=["email_attempts"])
    wait = datetime.timedelta(seconds=settings.PARTNER_EMAIL_RETRY_SECONDS * notification.email_attempts)
    pk = notification.pk
    transaction.on_commit(lambda: send_notification_email.using(run_after=timezone.now() + wait).enqueue(pk))
    return "retry"


@transaction.atomic
def notification_email_send(*, notification_id: int) -> str:
    """Send one notification's e-mail, once: the row is locked while sending, and one that was
    sent, withdrawn or is not for e-mail is left alone (so the task may run twice). A failing mail
    server leaves it waiting and tries again later, a limited number of times."""
    notification = (
        Notification.objects.select_for_update(of=("self",)).select_related("user").filter(pk=notification_id).first()
    )
    if notification is None or notification.email_state != EmailState.PENDING or notification.cancelled_at:
        return "skipped"
    user = notification.user
    if not user.email or not user.is_active:
        notification.email_state = EmailState.NOT_SENT
        notification.save(update_fields=["email_state"])
        return "skipped"
    with translation.override(settings.LANGUAGE_CODE):
        sentence = notification_sentence(notification.kind, notification.title)
        subject = f"PARTNER: {notification.get_kind_display()}"
        body = "\n\n".join([_email_greeting(user), sentence, _notification_link(notification), _email_footer()])
    try:
        send_mail(subject, body, None, [user.email])
    except (smtplib.SMTPException, OSError):
        return _retry_or_fail(notification)
    notification.email_state = EmailState.SENT
    notification.email_attempts += 1
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["email_state", "email_attempts", "emailed_at"])
    return "sent"


@transaction.atomic
def digest_send(*, user_id: int, day: str) -> str:
    """The daily digest: every notification that waits for it, in one e-mail, once a day."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return "skipped"
    found = PersonalSettings.objects.select_for_update().filter(user=user).first()
    if found is None or found.last_digest_on is not None and found.last_digest_on.isoformat() >= day:
        return "skipped"
    waiting = list(
        Notification.objects.select_for_update()
        .filter(user=user, email_state=EmailState.DIGEST, cancelled_at__isnull=True).order_by("created_at", "pk")
    )
    if not waiting:
        return "skipped"
    with translation.override(settings.LANGUAGE_CODE):
        lines = [f"- {notification_sentence(n.kind, n.title)}\n  {_notification_link(n)}" for n in waiting]
        subject = _("PARTNER: your news of today (%(count)s)") % {"count": len(waiting)}
        body = "\n\n".join([_email_greeting(user), "\n".join(lines), _email_footer()])
    try:
        send_mail(subject, body, None, [user.email])
    except (smtplib.SMTPException, OSError):
        # Stays waiting: the next run of the schedule tries again.
        return "retry"
    Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(
        email_state=EmailState.SENT, emailed_at=timezone.now()
    )
    found.last_digest_on = datetime.date.fromisoformat(day)
    found.save(update_fields=["last_digest_on"])
    return "sent"


# --- the tasks (run by `manage.py db_worker`) --------------------------------------------------


@task()
def send_notification_email(notification_id: int) -> str:
    return notification_email_send(notification_id=notification_id)


@task()
def send_digest(user_id: int, day: str) -> str:
    return digest_send(user_id=user_id, day=day)
