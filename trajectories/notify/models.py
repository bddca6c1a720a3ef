"""Follow-up that keeps going: notifications (inbox and e-mail), personal settings with the secret
calendar address, and background exports.

Imported by ``trajectories.models``, so these are models of the ``trajectories`` app.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trajectories.core.models import Trajectory


class NotificationKind(models.TextChoices):
    ACTION_OVERDUE = "action_overdue", _("an action is overdue")
    ACTION_DUE_SOON = "action_due_soon", _("an action is due in a week")
    ACTION_DUE_TODAY = "action_due_today", _("an action is due today")
    REVIEW_SOON = "review_soon", _("a review is in a week")
    REVIEW_TODAY = "review_today", _("a review is today")
    SIGNOFF_WAITING = "signoff_waiting", _("a plan waits for your sign-off")
    SUMMARY_SHARED = "summary_shared", _("the staff summary was shared with you")
    AGENDA_SHARED = "agenda_shared", _("client agenda items were shared with you")
    STEP_MOVED = "step_moved", _("the trajectory moved to another step")
    SESSION_TOMORROW = "session_tomorrow", _("a session starts tomorrow")
    INVITATION = "invitation", _("you were invited to a trajectory")
    EXPORT_READY = "export_ready", _("your download is ready")
    EXPORT_FAILED = "export_failed", _("your download could not be made")


class EmailState(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    DIGEST = "digest", _("waiting for the daily digest")
    SENT = "sent", _("sent")
    NOT_SENT = "not_sent", _("not sent by e-mail")
    FAILED = "failed", _("could not be sent")


class Notification(models.Model):
    """One thing that happened, for one person: an inbox entry and (maybe) an e-mail.

    ``event_key`` names the event ("action-overdue:12:2026-12-01"): the unique constraint makes a
    notification exist once per event and person, however often the schedule runs.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    event_key = models.CharField(max_length=200)
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    # A title only (a trajectory's or a download's name), never care content.
    title = models.CharField(_("about"), max_length=200, blank=True)
    # Where the inbox entry leads (a path on this site; every page there needs a sign-in).
    target = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # A reminder that no longer holds (the session moved or was cancelled): hidden and not sent.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    email_state = models.CharField(max_length=10, choices=EmailState.choices, default=EmailState.NOT_SENT)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "event_key"], name="one_notification_per_event_and_person"),
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class EmailFrequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("straight away")
    DAILY = "daily", _("once a day, all together")
    NEVER = "never", _("never, only in PARTNER")


class PersonalSettings(models.Model):
    """A person's choices for notifications, and their secret calendar address (revocable)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_settings")
    email_frequency = models.CharField(
        _("e-mail about news"), max_length=20, choices=EmailFrequency.choices, default=EmailFrequency.IMMEDIATELY
    )
    # The secret in the calendar address; empty when the person has none (or revoked it).
    calendar_token = models.CharField(max_length=64, blank=True, default="")
    last_digest_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["calendar_token"], condition=~models.Q(calendar_token=""), name="unique_calendar_token"
            ),
        ]
        verbose_name = _("personal settings")
        verbose_name_plural = _("personal settings")


class ExportKind(models.TextChoices):
    PLANS_PDF = "plans_pdf", _("action plans in one PDF")
    PERSONAL_DATA = "personal_data", _("my data")


class ExportState(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("being made")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


EXPORT_KEEP = datetime.timedelta(days=7)


class Export(models.Model):
    """A download made in the background; its file is in private storage until it expires."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exports")
    kind = models.CharField(max_length=20, choices=ExportKind.choices)
    # What to export (the selection of trajectories for a combined PDF).
    trajectory_ids = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=10, choices=ExportState.choices, default=ExportState.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.CharField(max_length=300, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("download")
        verbose_name_plural = _("downloads")

    @property
    def percent(self) -> int:
        if self.state == ExportState.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
