"""A facilitator's part: inviting clients and staff for their trajectory, and clients' login cards."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partner.pdf import pdf_response
from partner.service_calls import REFUSED, run_action, run_form, run_service
from trajectories.core.access import membership_get_for_user, trajectory_get_for_user
from trajectories.core.models import MemberRole
from trajectories.core.views.common import trajectory_context
from trajectories.organisations import OrganisationRole
from trajectories.people import services
from trajectories.people.access import invitation_get_for_trajectory
from trajectories.people.cards import card_context
from trajectories.people.forms import LoginCardIssueForm, TrajectoryInvitationForm
from trajectories.people.selectors import current_login_card, open_invitations
from trajectories.permissions import Perm
from trajectories.privacy.audit import AuditAction, audited


def _invitations_url(pk) -> str:
    return reverse("people:trajectory_invitations", kwargs={"pk": pk})


@login_required
@audited(write=AuditAction.CREATE)
def trajectory_invitations(request, pk):
    """The trajectory's open invitations, and inviting a client or staff member by e-mail."""
    access = trajectory_get_for_user(request.user, pk, Perm.FACILITATE)
    trajectory = access.trajectory
    form = TrajectoryInvitationForm(request.POST or None)
    sent = run_form(
        request, form,
        lambda: services.invitation_create(
            request=request, organisation=trajectory.organisation, email=form.cleaned_data["email"],
            first_name=form.cleaned_data["first_name"], role=OrganisationRole.MEMBER, trajectory=trajectory,
            member_role=form.cleaned_data["member_role"],
        ),
        success=lambda invitation: _("The invitation has been sent to %(email)s.") % {"email": invitation.email},
        redirect_to=_invitations_url(pk),
    )
    if sent is not None:
        return sent
    return render(request, "trajectories/people/trajectory_invitations.html", trajectory_context(
        access, section="members", form=form, invitations=list(open_invitations(trajectory=trajectory)),
    ))


@login_required
@require_POST
@audited(write=AuditAction.CHANGE)
def trajectory_invitation_resend(request, pk, invitation_pk):
    access = trajectory_get_for_user(request.user, pk, Perm.FACILITATE)
    invitation = invitation_get_for_trajectory(access.trajectory, invitation_pk)
    return run_action(request, lambda: services.invitation_resend(request=request, invitation=invitation),
                      success=_("The invitation has been sent again, with a new link."), redirect_to=_invitations_url(pk))


@login_required
@require_POST
@audited(write=AuditAction.DELETE)
def trajectory_invitation_revoke(request, pk, invitation_pk):
    access = trajectory_get_for_user(request.user, pk, Perm.FACILITATE)
    invitation = invitation_get_for_trajectory(access.trajectory, invitation_pk)
    return run_action(request, lambda: services.invitation_revoke(request=request, invitation=invitation),
                      success=_("The invitation has been withdrawn. Its link no longer works."),
                      redirect_to=_invitations_url(pk))


@login_required
@audited(read=AuditAction.READ, write=AuditAction.EXPORT)
def login_card(request, pk, member_pk):
    """A client's login card: whether one works, printing a new one (PDF, with the PIN chosen with
    the client; earlier cards stop working) and stopping it."""
    access, membership = membership_get_for_user(request.user, pk, member_pk, Perm.FACILITATE)
    form = LoginCardIssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        issued = run_service(form, lambda: services.login_card_issue(
            request=request, membership=membership, pin=form.cleaned_data["pin"]))
        if issued is not REFUSED:
            card, code = issued
            return pdf_response(
                "trajectories/people/login_card_pdf.html",
                card_context(request, membership=membership, code=code, generated_at=timezone.now()),
                request=request,
                filename=f"inlogkaart-{slugify(membership.user.first_name or membership.user.username)}.pdf",
            )
    card = current_login_card(user_id=membership.user_id)
    return render(request, "trajectories/people/login_card.html", trajectory_context(
        access, section="members", form=form, membership=membership, card=card,
        is_client=membership.role == MemberRole.CLIENT,
    ))


@login_required
@require_POST
@audited(write=AuditAction.DELETE)
def login_card_stop(request, pk, member_pk):
    _access, membership = membership_get_for_user(request.user, pk, member_pk, Perm.FACILITATE)
    return run_action(request, lambda: services.login_card_revoke(request=request, membership=membership),
                      success=_("The card no longer works."),
                      redirect_to=reverse("people:login_card", kwargs={"pk": pk, "member_pk": member_pk}))


