"""The inbox (everyone, clients too), opening a notification, and the personal settings: how
often e-mail comes, and the secret calendar address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partner.service_calls import run_action
from trajectories.notify import services
from trajectories.notify.access import ensure_has_inbox, notification_get_for_user
from trajectories.notify.forms import CalendarAddressForm, EmailFrequencyForm
from trajectories.notify.selectors import notification_list_for_user, personal_settings_of
from trajectories.notify.texts import PICTOGRAMS, notification_sentence
from trajectories.privacy.audit import audited, not_audited


def _rows(notifications) -> list[dict]:
    return [
        {"notification": n, "sentence": notification_sentence(n.kind, n.title), "pictogram": PICTOGRAMS[n.kind]}
        for n in notifications
    ]


@login_required
@not_audited
def inbox(request):
    """Everyone's news, newest first: a pictogram and one plain sentence each (no care content)."""
    ensure_has_inbox(request.user)
    return render(request, "trajectories/notify/inbox.html", {"rows": _rows(notification_list_for_user(user=request.user))})


@login_required
@require_POST
@not_audited
def inbox_read_all(request):
    ensure_has_inbox(request.user)
    return run_action(
        request, lambda: services.notifications_mark_all_read(user=request.user),
        success=_("Everything is marked as read."), redirect_to=reverse("trajectories:inbox"),
    )


@login_required
@not_audited
def notification_open(request, notification_pk):
    """Open a notification: it counts as read, and its page opens (that page checks access itself)."""
    notification = notification_get_for_user(request.user, notification_pk)
    services.notification_open(notification=notification)
    target = notification.target
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = reverse("trajectories:inbox")
    return redirect(target)


def calendar_address(request, token: str) -> str:
    return request.build_absolute_uri(reverse("trajectories:calendar_feed", kwargs={"token": token}))


@login_required
@audited()
def inbox_settings(request):
    """How often e-mail comes, and the secret calendar address (new, or off)."""
    ensure_has_inbox(request.user)
    found = personal_settings_of(user=request.user)
    initial = {"email_frequency": found.email_frequency if found else "immediately"}
    form = EmailFrequencyForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            return run_action(
                request,
                lambda: services.personal_settings_update(user=request.user, **form.cleaned_data),
                success=_("Your choice has been saved."), redirect_to=reverse("trajectories:inbox_settings"),
            )
        messages.error(request, _("Choose how often you want e-mail."))
    token = found.calendar_token if found else ""
    return render(request, "trajectories/notify/settings.html", {
        "form": form, "calendar_url": calendar_address(request, token) if token else "",
        "has_email": bool(request.user.email),
    })


@login_required
@require_POST
@audited()
def calendar_address_change(request):
    ensure_has_inbox(request.user)
    form = CalendarAddressForm(request.POST)
    redirect_to = reverse("trajectories:inbox_settings")
    if not form.is_valid():
        messages.error(request, _("Choose a new address or turn it off."))
        return redirect(redirect_to)
    if form.cleaned_data["action"] == "renew":
        return run_action(
            request, lambda: services.calendar_token_renew(user=request.user),
            success=_("Your calendar has a new address. The old address no longer works."), redirect_to=redirect_to,
        )
    return run_action(
        request, lambda: services.calendar_token_revoke(user=request.user),
        success=_("Your calendar address is turned off."), redirect_to=redirect_to,
    )
