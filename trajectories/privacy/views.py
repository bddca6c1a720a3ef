"""Privacy (AVG): clients' consent, and a person's own data as a download."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partner.service_calls import run_action
from trajectories.core.access import membership_get_for_user, trajectory_get_for_user
from trajectories.core.views.common import trajectory_context
from trajectories.models import ConsentKind, MemberRole
from trajectories.notify.exports import personal_data_export_start
from trajectories.notify.selectors import personal_settings_of
from trajectories.notify.views.inbox import calendar_address
from trajectories.permissions import Perm
from trajectories.privacy import services as privacy_services
from trajectories.privacy.access import consent_get_for_user
from trajectories.privacy.audit import AuditAction, audited
from trajectories.privacy.forms import ConsentForm
from trajectories.privacy.selectors import client_trajectories_for_user, consent_rows, person_data_export

# What each consent means, in plain words for the client (language level B1).
CONSENT_TITLES = {
    ConsentKind.PARTICIPATION: gettext_lazy("Taking part"),
    ConsentKind.PHOTOS: gettext_lazy("Your photos"),
    ConsentKind.QUOTES: gettext_lazy("Your words"),
}
CONSENT_EXPLANATIONS = {
    ConsentKind.PARTICIPATION: gettext_lazy(
        "You take part in this trajectory. We write down what you tell us. "
        "We use it to make care better, together."
    ),
    ConsentKind.PHOTOS: gettext_lazy(
        "The group may see the photos you add. If you say no, only you and the facilitator see your photos."
    ),
    ConsentKind.QUOTES: gettext_lazy("We may use what you said in a report or in the action plan."),
}


def personal_data_response(*, user, filename: str) -> HttpResponse:
    """Everything PARTNER holds about ``user`` as a JSON file to download (never kept in a cache)."""
    document = json.dumps(person_data_export(user=user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(document.encode("utf-8"), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@audited(write=AuditAction.EXPORT)
def my_data(request):
    """"My data": what PARTNER keeps about you, to download (POST), and where to manage consent."""
    if request.method == "POST":
        return personal_data_response(
            user=request.user, filename=f"mijn-gegevens-{timezone.localdate().isoformat()}.json"
        )
    found = personal_settings_of(user=request.user)
    return render(
        request,
        "trajectories/privacy/my_data.html",
        {
            "client_memberships": list(client_trajectories_for_user(user=request.user)),
            "calendar_url": calendar_address(request, found.calendar_token) if found and found.calendar_token else "",
        },
    )


@login_required
@audited()
def my_consent(request, pk):
    """"My consent": a client sees, gives and withdraws their own consents in this trajectory."""
    access = trajectory_get_for_user(request.user, pk, Perm.CLIENT_SPACE)
    membership = access.membership
    if membership is None or membership.role != MemberRole.CLIENT:
        raise Http404
    url = reverse("trajectories:my_consent", kwargs={"pk": pk})
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose what you say yes to."))
            return redirect(url)
        return run_action(
            request,
            lambda: privacy_services.consent_give(
                membership=membership, kind=form.cleaned_data["kind"], by=request.user
            ),
            success=_("Thank you. We have written down your yes."),
            redirect_to=url,
        )
    (row,) = consent_rows(memberships=[membership])
    items = [
        {"cell": cell, "title": CONSENT_TITLES[cell.kind], "explanation": CONSENT_EXPLANATIONS[cell.kind]}
        for cell in row.cells
    ]
    return render(
        request, "trajectories/privacy/my_consent.html", trajectory_context(access, section="consent", items=items)
    )


@login_required
@require_POST
@audited()
def member_consent_give(request, pk, member_pk):
    """The facilitator records a client's consent (given on paper or aloud, for example)."""
    access, membership = membership_get_for_user(request.user, pk, member_pk, Perm.FACILITATE)
    members_url = reverse("trajectories:members", kwargs={"pk": pk})
    form = ConsentForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(members_url)
    kind = form.cleaned_data["kind"]
    return run_action(
        request,
        lambda: privacy_services.consent_give(
            membership=membership, kind=kind, by=request.user, note=form.cleaned_data["note"]
        ),
        success=_("Consent of %(name)s for %(kind)s has been recorded.")
        % {"name": membership.display_name, "kind": ConsentKind(kind).label},
        redirect_to=members_url,
    )


@login_required
@require_POST
@audited()
def consent_withdraw(request, pk, consent_pk):
    """Withdraw a consent: the client for themselves, or the facilitator for a client."""
    access, consent = consent_get_for_user(request.user, pk, consent_pk)
    own = access.membership is not None and consent.membership_id == access.membership.pk
    if own:
        redirect_to = reverse("trajectories:my_consent", kwargs={"pk": pk})
        success = _("We have written down your no.")
    else:
        redirect_to = reverse("trajectories:members", kwargs={"pk": pk})
        success = _("Consent of %(name)s for %(kind)s has been withdrawn.") % {
            "name": consent.membership.display_name,
            "kind": consent.get_kind_display(),
        }
    return run_action(
        request,
        lambda: privacy_services.consent_withdraw(consent=consent, by=request.user),
        success=success,
        redirect_to=redirect_to,
    )


@login_required
@require_POST
@audited(write=AuditAction.EXPORT)
def my_data_export(request):
    """Start the zip of my data (the JSON, my photos and a readable PDF) in the background."""
    export = personal_data_export_start(user=request.user)
    return redirect("trajectories:export_progress", export_pk=export.pk)
