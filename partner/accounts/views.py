"""Project-level pages: the second factor after the password (TOTP, an authenticator app)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from partner.accounts.forms import AddDeviceForm, TwoFactorCodeForm
from partner.accounts.two_factor import (
    device_changes_for_user,
    device_get_for_user,
    devices_for_user,
    may_change_devices,
    needs_two_factor,
    pending_device,
    two_factor_device_add,
    two_factor_device_remove,
)
from trajectories.live.access import user_is_live_guest
from trajectories.organisations import user_organisation_id
from trajectories.privacy.audit import AuditAction, audit_event_record

PASSWORD_OBJECT_TYPE = "password"  # noqa: S105 - what the audit trail calls a change of password


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


@login_required
def two_factor_verify(request):
    """After the password: the code from one of the person's apps."""
    devices = list(devices_for_user(user=request.user))
    if not devices:
        return redirect("two_factor_setup")
    if request.user.is_verified():
        return redirect(_next(request) or "/")
    form = TwoFactorCodeForm(request.POST or None, devices=devices)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        return redirect(_next(request) or "/")
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": _next(request)})


@login_required
def two_factor_setup(request):
    """The person's own authenticator apps: the first one to turn two-step login on, and, once the
    login is confirmed with the second step, the list of apps, another one added, one removed.

    A person who has an app but has only typed their password is sent to confirm a code first
    (``may_change_devices``; the middleware does the same before this view is reached).
    """
    if user_is_live_guest(request.user):
        return redirect("trajectories:dashboard")
    if not may_change_devices(request.user):
        return redirect("two_factor_verify")
    pending = pending_device(request.session)
    form = AddDeviceForm(request.POST or None, pending=pending)
    if request.method == "POST" and form.is_valid():
        first = not request.user.is_verified()
        try:
            device = two_factor_device_add(request=request, pending=pending, name=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if first:
                otp_login(request, device)
                messages.success(request, _("Two-step login is on. Next time you log in, the app gives you the code."))
                return redirect(_next(request) or "two_factor_setup")
            messages.success(request, _("The app “%(name)s” has been added.") % {"name": device.name})
            return redirect("two_factor_setup")
    verified = request.user.is_verified()
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "next": _next(request),
            "secret": pending.secret,
            "qr_svg": pending.qr_svg(request.user),
            "required": needs_two_factor(request.user),
            "verified": verified,
            "devices": list(devices_for_user(user=request.user)) if verified else [],
            "changes": list(device_changes_for_user(user=request.user)) if verified else [],
        },
    )


@login_required
@require_POST
def two_factor_device_delete(request, pk):
    """Remove one of the person's own apps, in a verified session."""
    device = device_get_for_user(request.user, pk)
    if not request.user.is_verified():
        return redirect("two_factor_verify")
    name = device.name
    try:
        two_factor_device_remove(request=request, device=device)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The app “%(name)s” has been removed.") % {"name": name})
    return redirect("two_factor_setup")


def locked_out(request, original_response=None, credentials=None):
    """django-axes: the answer to a login of an account (from an address) with too many wrong passwords."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset by e-mail; the person is logged in afterwards and the reset is recorded."""

    post_reset_login = True
    post_reset_login_backend = settings.PARTNER_SESSION_BACKEND

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_event_record(self.request, action=AuditAction.CHANGE, object_type=PASSWORD_OBJECT_TYPE,
                           object_id=str(self.request.user.pk), organisation_id=user_organisation_id(self.request.user))
        return response


class GuestsHaveNoPassword:
    """A guest of a live session has no password (and never gets one): back to their session."""

    def dispatch(self, request, *args, **kwargs):
        if user_is_live_guest(request.user):
            return redirect("trajectories:dashboard")
        return super().dispatch(request, *args, **kwargs)


class PasswordChangeDoneView(GuestsHaveNoPassword, auth_views.PasswordChangeDoneView):
    pass


class PasswordChangeView(GuestsHaveNoPassword, auth_views.PasswordChangeView):
    """Changing one's own password (the old one first); recorded in the audit trail."""

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_event_record(self.request, action=AuditAction.CHANGE, object_type=PASSWORD_OBJECT_TYPE,
                           object_id=str(self.request.user.pk), organisation_id=user_organisation_id(self.request.user))
        return response
