"""Live sessions in the room: the session with its join code, dots, join tries and photos."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from trajectories.core.models import TITLE_MAX_LENGTH, Membership, Topic, Trajectory
from trajectories.live.storage import private_storage

JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read aloud and type


JOIN_CODE_LENGTH = 6


MAX_DOTS = 20


class LiveSession(models.Model):
    """A session in the room: a board on the projector, and clients who join with a short code.

    ``revision`` goes up with every change the board shows, so a poll of an unchanged board is
    answered with 304 Not Modified.
    """

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="live_sessions")
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    join_code = models.CharField(_("join code"), max_length=12, null=True, blank=True, unique=True)
    code_expires_at = models.DateTimeField(_("code valid until"), null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    input_open = models.BooleanField(_("clients can add topics"), default=True)
    show_names = models.BooleanField(_("show names on the screen"), default=False)
    voting_open = models.BooleanField(_("clients can vote"), default=False)
    votes_revealed_at = models.DateTimeField(null=True, blank=True)
    dots_per_client = models.PositiveSmallIntegerField(
        _("dots per client"), default=3, validators=[MinValueValidator(1), MaxValueValidator(MAX_DOTS)]
    )
    max_dots_per_topic = models.PositiveSmallIntegerField(
        _("at most per topic"), default=2, validators=[MinValueValidator(1), MaxValueValidator(MAX_DOTS)]
    )
    focus_topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("topic in focus")
    )
    timer_ends_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_dots_per_topic__lte=models.F("dots_per_client")),
                name="live_session_topic_cap_within_dots",
            ),
            models.UniqueConstraint(
                fields=["trajectory"],
                condition=models.Q(closed_at__isnull=True),
                name="one_open_live_session_per_trajectory",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def votes_revealed(self) -> bool:
        return self.votes_revealed_at is not None


class Vote(models.Model):
    """One dot on a topic in a live session, from a client (or entered for one by the facilitator)."""

    live_session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="votes")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="votes")
    voter_name = models.CharField(_("name of the client"), max_length=100, blank=True)
    entered_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="votes_entered"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["live_session", "voter"]), models.Index(fields=["live_session", "voter_name"])]


class JoinAttempt(models.Model):
    """A try to join a live session with a code, kept briefly to slow down guessing.

    Only a keyed hash of the address is stored, never the address itself.
    """

    address_hash = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    succeeded = models.BooleanField(default=False)


class TopicPhoto(models.Model):
    """A photo with a topic (photovoice). Stored outside the public files; served only after a check."""

    topic = models.OneToOneField(Topic, on_delete=models.CASCADE, related_name="photo")
    file = models.FileField(storage=private_storage, upload_to="topic-photos/%Y/%m/", max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
