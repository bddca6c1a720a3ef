"""People coming in and going: invitations by e-mail and login cards for clients without one.

Secrets are never stored: an invitation keeps a hash of its link's token, a login card a keyed hash
of its code and a password hash of its PIN.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajectories.core.models import MemberRole, Trajectory
from trajectories.organisations import Organisation, OrganisationRole


class InvitationState(models.TextChoices):
    OPEN = "open", _("open")
    ACCEPTED = "accepted", _("accepted")
    REVOKED = "revoked", _("revoked")
    EXPIRED = "expired", _("expired")


class Invitation(models.Model):
    """An invitation by e-mail to an account in ``organisation`` (in ``role``), and, when it names
    a trajectory, to take part in it as ``member_role``. Its link works once, until ``expires_at``."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("organisation")
    )
    email = models.EmailField(_("e-mail address"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=OrganisationRole.choices, default=OrganisationRole.MEMBER)
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations",
        verbose_name=_("trajectory"),
    )
    member_role = models.CharField(_("role in the trajectory"), max_length=20, choices=MemberRole.choices, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.email

    @property
    def state(self) -> str:
        if self.accepted_at is not None:
            return InvitationState.ACCEPTED
        if self.revoked_at is not None:
            return InvitationState.REVOKED
        if self.expires_at <= timezone.now():
            return InvitationState.EXPIRED
        return InvitationState.OPEN

    def get_state_display(self) -> str:
        return InvitationState(self.state).label


class LoginCard(models.Model):
    """A printed card that lets a client sign in with its code (or QR code) and a 4-digit PIN.

    ``lookup`` (the first part of the code) finds the card; the whole code is checked against
    ``code_hash`` (keyed) and the PIN against ``pin_hash``. Too many wrong PINs block the card.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_cards")
    lookup = models.CharField(max_length=8, unique=True)
    code_hash = models.CharField(max_length=64)
    pin_hash = models.CharField(max_length=200)
    failed_pins = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    blocked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("login card")
        verbose_name_plural = _("login cards")

    def __str__(self) -> str:
        return self.lookup

    @property
    def works(self) -> bool:
        return self.revoked_at is None and self.blocked_at is None
