"""Ways in without an account yet: an invitation's link, and a client's login card with a PIN."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from partner.service_calls import REFUSED, run_service
from trajectories.people import services
from trajectories.people.access import invitation_for_token
from trajectories.people.forms import CardSignInForm, InvitationAcceptForm
from trajectories.people.models import InvitationState
from trajectories.privacy.audit import AuditAction, audited

INVITATION_PROBLEMS = {
    "unknown": (gettext_lazy("This invitation link does not work"),
                gettext_lazy("Check that you opened the whole link from the e-mail. Or ask the person who invited you.")),
    InvitationState.EXPIRED: (gettext_lazy("This invitation has expired"),
                              gettext_lazy("Invitations work for a limited time. Ask the person who invited you to send it again.")),
    InvitationState.ACCEPTED: (gettext_lazy("This invitation has already been used"),
                               gettext_lazy("An account was made with it. Sign in with your user name or e-mail address.")),
    InvitationState.REVOKED: (gettext_lazy("This invitation was withdrawn"),
                              gettext_lazy("The organisation withdrew this invitation. Ask them if you think this is a mistake.")),
}


def _invitation_problem(request, problem: str):
    title, explanation = INVITATION_PROBLEMS[problem]
    return render(request, "trajectories/people/invitation_problem.html",
                  {"title": title, "explanation": explanation, "used": problem == InvitationState.ACCEPTED}, status=410
                  if problem != "unknown" else 404)


@never_cache
@audited(write=AuditAction.CREATE)
def invitation_accept(request, token):
    """The invitee sets their name and password and gets their account, once."""
    invitation = invitation_for_token(token)
    if invitation is None:
        return _invitation_problem(request, "unknown")
    if invitation.state != InvitationState.OPEN:
        return _invitation_problem(request, invitation.state)
    form = InvitationAcceptForm(request.POST or None, initial={"first_name": invitation.first_name})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = run_service(form, lambda: services.invitation_accept(
            request=request, invitation=invitation, username=data["username"], first_name=data["first_name"],
            last_name=data["last_name"], password=data["password1"],
        ))
        if user is not REFUSED:
            if request.user.is_authenticated:
                logout(request)
            login(request, user, backend=settings.PARTNER_SESSION_BACKEND)
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect("trajectories:dashboard")
    return render(request, "trajectories/people/invitation_accept.html", {"form": form, "invitation": invitation})


@never_cache
@audited(write=AuditAction.READ)
def card_sign_in(request):
    """A client signs in with the code of their card (the QR code fills it in) and their PIN."""
    form = CardSignInForm(request.POST or None, initial={"code": request.GET.get("code", "")[:20]})
    problem = None
    if request.method == "POST" and form.is_valid():
        try:
            user = services.login_card_check(request=request, code=form.cleaned_data["code"], pin=form.cleaned_data["pin"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_error("pin", error.error_dict["pin"])
            else:
                problem = error.messages[0]
        else:
            if request.user.is_authenticated:
                logout(request)
            login(request, user, backend=settings.PARTNER_SESSION_BACKEND)
            return redirect("trajectories:dashboard")
    return render(request, "trajectories/people/card_sign_in.html", {"form": form, "problem": problem},
                  status=200)
