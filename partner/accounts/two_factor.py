"""Two-step login (TOTP, an authenticator app): who needs it, who may change it, and the changes.

The rules in one place:
- Administrators and quality staff must use a second step when ``PARTNER_REQUIRE_2FA`` is on.
- A person with a confirmed authenticator who has only typed their password is *not verified*:
  every page asks for the code first, the authenticator page included.
- Authenticators are added and removed only in a verified session, or (the first one) by a person
  who has none yet. Each change is recorded in the audit trail and shown on the person's page.
"""

import base64
from dataclasses import dataclass
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from partner.pk import pk_or_404
from trajectories.models import AuditAction, AuditEvent, OrganisationRole
from trajectories.organisations import user_organisation_role
from trajectories.privacy.audit import audit_event_record

DEVICE_OBJECT_TYPE = "two_factor_device"
NAME_MAX_LENGTH = 64


def needs_two_factor(user) -> bool:
    """Administrators (of the product and of an organisation) and quality staff must use a second factor when ``PARTNER_REQUIRE_2FA`` is on."""
    if not settings.PARTNER_REQUIRE_2FA:
        return False
    return user.is_staff or user_organisation_role(user)[1] in (OrganisationRole.QUALITY, OrganisationRole.ADMIN)


def may_change_devices(user) -> bool:
    """Adding or removing an authenticator needs a verified session, except for the very first one.

    Otherwise a password alone would be enough to enrol a new authenticator and so pass the
    second step: the bypass this rule closes.
    """
    return user.is_authenticated and (user.is_verified() or not user_has_device(user, confirmed=True))


def two_factor_redirect(request, *, setting_up: bool = False):
    """Where a logged-in person still has to go for their second factor, or None when all is well.

    ``setting_up``: the request is for the authenticator page itself, which a person who must set
    up a second step (and has none yet) may open. Used by ``TwoFactorMiddleware`` and by views it
    leaves alone for speed (the board's poll).
    """
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return None
    if user_has_device(user, confirmed=True):
        return redirect(f"{reverse('two_factor_verify')}?{urlencode({'next': request.get_full_path()})}")
    if needs_two_factor(user) and not setting_up:
        return redirect(f"{reverse('two_factor_setup')}?{urlencode({'next': request.get_full_path()})}")
    return None


# --- reads -----------------------------------------------------------------------------------


def devices_for_user(*, user) -> QuerySet[TOTPDevice]:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("created_at", "pk")


def device_get_for_user(user, pk) -> TOTPDevice:
    """One of the user's own authenticators, else 404."""
    try:
        return devices_for_user(user=user).get(pk=pk_or_404(pk))
    except TOTPDevice.DoesNotExist:
        raise Http404 from None


def device_changes_for_user(*, user, limit: int = 20) -> QuerySet[AuditEvent]:
    """The audit trail's record of the user's authenticators being added or removed, newest first."""
    return AuditEvent.objects.filter(user_id=user.pk, object_type=DEVICE_OBJECT_TYPE).order_by("-at", "-pk")[:limit]


# --- enrolment: a new secret waits in the session until a code for it is typed ------------------


@dataclass(frozen=True)
class PendingDevice:
    """A secret offered to the user, not yet confirmed: nothing is stored until a code matches."""

    key: str  # hex

    @property
    def secret(self) -> str:
        """The key as people type it into an app: base 32, in groups of four."""
        text = base64.b32encode(bytes.fromhex(self.key)).decode()
        return " ".join(text[i:i + 4] for i in range(0, len(text), 4))

    def config_url(self, user) -> str:
        return TOTPDevice(user=user, key=self.key, name="").config_url

    def qr_svg(self, user) -> str:
        return segno.make(self.config_url(user), error="m").svg_inline(scale=5, border=2, omitsize=True)

    def verify(self, token: str) -> bool:
        if not (token.isascii() and token.isdigit() and len(token) == 6):
            return False
        totp = TOTP(bytes.fromhex(self.key), step=30, t0=0, digits=6, drift=0)
        return totp.verify(int(token), tolerance=1)


PENDING_SESSION_KEY = "two_factor_pending_key"


def pending_device(session) -> PendingDevice:
    """The secret offered in this session (a new one the first time)."""
    key = session.get(PENDING_SESSION_KEY)
    if not key:
        key = random_hex(20)
        session[PENDING_SESSION_KEY] = key
    return PendingDevice(key=key)


# --- writes ----------------------------------------------------------------------------------


@transaction.atomic
def two_factor_device_add(*, request, pending: PendingDevice, name: str) -> TOTPDevice:
    """Store the pending authenticator as one of ``request.user``'s, confirmed, and record that in
    the audit trail. The caller has checked a code for it.

    Refused (code ``not_allowed``) unless ``may_change_devices`` for the request's user.
    """
    user = request.user
    if not may_change_devices(user):
        raise ValidationError(_("Confirm your login with your current app first."), code="not_allowed")
    name = " ".join((name or "").split())[:NAME_MAX_LENGTH] or _("Authenticator app")
    device = TOTPDevice.objects.create(
        user=user, key=pending.key, name=name, confirmed=True, last_used_at=timezone.now()
    )
    request.session.pop(PENDING_SESSION_KEY, None)
    audit_event_record(request, action=AuditAction.CREATE, object_type=DEVICE_OBJECT_TYPE, object_id=str(device.pk))
    return device


@transaction.atomic
def two_factor_device_remove(*, request, device: TOTPDevice) -> None:
    """Remove one of ``request.user``'s authenticators, and record that in the audit trail.

    Refused in a session that is not verified (code ``not_allowed``), and for the last one of a
    person who must use a second step (code ``last_device``: they would lock themselves out).
    """
    user = request.user
    if device.user_id != user.pk or not user.is_verified():
        raise ValidationError(_("Confirm your login with your current app first."), code="not_allowed")
    others = devices_for_user(user=user).exclude(pk=device.pk).select_for_update()
    if needs_two_factor(user) and not others.exists():
        raise ValidationError(
            _("Two-step login is required for your role. Add another app first, then remove this one."),
            code="last_device",
        )
    device_pk = device.pk
    device.delete()
    audit_event_record(request, action=AuditAction.DELETE, object_type=DEVICE_OBJECT_TYPE, object_id=str(device_pk))
