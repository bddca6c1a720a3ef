"""The action plan as a document: progress notes, versions, joint sign-off and reviews."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trajectories.core.models import (
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Action,
    ActionStatus,
    MemberRole,
    Membership,
    Trajectory,
)


class ActionProgress(models.Model):
    """A dated note on how an action is going."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="progress_notes")
    date = models.DateField(_("date"))
    text = models.TextField(_("progress"), max_length=TEXT_MAX_LENGTH)
    by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]


class PlanVersion(models.Model):
    """One version of a trajectory's action plan.

    A version becomes agreed when a client representative and a staff representative have
    both confirmed it; its actions are then frozen in ``snapshot``. Changing the plan after
    that starts a new version, so every agreed version stays as it was.
    """

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="plan_versions")
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(auto_now_add=True)
    agreed_at = models.DateTimeField(_("agreed on"), null=True, blank=True)
    snapshot = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["trajectory", "number"], name="unique_plan_version_number")]

    def __str__(self) -> str:
        return f"{self.trajectory} v{self.number}"

    @property
    def is_agreed(self) -> bool:
        return self.agreed_at is not None


class SignoffSide(models.TextChoices):
    CLIENTS = "clients", _("clients")
    STAFF = "staff", _("staff")


# Which membership role may confirm the plan for which side.
SIGNOFF_ROLES = {SignoffSide.CLIENTS: MemberRole.CLIENT, SignoffSide.STAFF: MemberRole.STAFF}


class PlanSignoff(models.Model):
    """A representative's confirmation of a plan version, for the clients or for staff."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="signoffs")
    side = models.CharField(_("for"), max_length=10, choices=SignoffSide.choices)
    member = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+", verbose_name=_("who agrees"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["side"]
        constraints = [models.UniqueConstraint(fields=["version", "side"], name="one_signoff_per_side")]


class Review(models.Model):
    """A follow-up moment (for example after 3 or 6 months): was each action done, what changed."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="reviews")
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    summary = models.TextField(_("what changed for clients"), max_length=TEXT_MAX_LENGTH, blank=True)
    created_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]


class ReviewOutcome(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="outcomes")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="review_outcomes")
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices)
    what_changed = models.TextField(_("what changed for clients"), max_length=TEXT_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["action__due_date", "action_id"]
        constraints = [models.UniqueConstraint(fields=["review", "action"], name="one_outcome_per_action")]
