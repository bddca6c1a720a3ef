"""Project-level pages: the second factor after the password (TOTP, an authenticator app)."""

import base64

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from partner.forms import TwoFactorCodeForm
from partner.middleware import needs_two_factor
from trajectories.access import user_is_live_guest


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@login_required
def two_factor_verify(request):
    """After the password: the code from the app."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("two_factor_setup")
    form = TwoFactorCodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return redirect(_next(request))
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": _next(request)})


@login_required
def two_factor_setup(request):
    """Link an authenticator app: scan the QR code (or type the key), then confirm with a code."""
    if user_is_live_guest(request.user):
        return redirect("trajectories:dashboard")
    if request.user.is_verified():
        messages.info(request, _("Two-step login is on for your account."))
        return redirect(_next(request))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=_("Authenticator app"), confirmed=False)
    form = TwoFactorCodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        messages.success(request, _("Two-step login is on. Next time you log in, the app gives you the code."))
        return redirect(_next(request))
    secret = base64.b32encode(device.bin_key).decode()
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, omitsize=True)
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "next": _next(request),
            "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
            "qr_svg": qr_svg,
            "required": needs_two_factor(request.user),
        },
    )


def locked_out(request, original_response=None, credentials=None):
    """django-axes: the answer to a login of an account (from an address) with too many wrong passwords."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
