from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from partner.service_calls import run_form
from trajectories.core import services
from trajectories.core.access import membership_get_for_user, trajectory_get_for_user
from trajectories.core.forms import MembershipAddForm
from trajectories.core.selectors import membership_list
from trajectories.core.views.common import confirm_in_trajectory, trajectory_context, trajectory_url
from trajectories.permissions import Perm
from trajectories.privacy.audit import AuditAction, audited
from trajectories.privacy.selectors import consent_rows


@login_required
@audited(write=AuditAction.CREATE)
def member_list(request, pk):
    """Who takes part, and adding people (facilitator only)."""
    access = trajectory_get_for_user(request.user, pk, Perm.FACILITATE)
    trajectory = access.trajectory
    form = MembershipAddForm(request.POST or None, trajectory=trajectory)
    added = run_form(
        request,
        form,
        lambda: services.membership_add(
            trajectory=trajectory,
            user=form.cleaned_data["user"],
            role=form.cleaned_data["role"],
            is_relative=form.cleaned_data["is_relative"],
            by=request.user,
        ),
        success=lambda _membership: _("%(name)s now takes part.") % {"name": form.cleaned_data["user"]},
        redirect_to=trajectory_url("members", trajectory.pk),
    )
    if added is not None:
        return added
    members = list(membership_list(trajectory=trajectory))
    return render(
        request,
        "trajectories/core/members.html",
        trajectory_context(
            access, section="members", members=members, form=form, consents=consent_rows(memberships=members)
        ),
    )


@login_required
@audited(write=AuditAction.DELETE)
def member_remove(request, pk, member_pk):
    access, membership = membership_get_for_user(request.user, pk, member_pk, Perm.FACILITATE)
    name = membership.display_name
    return confirm_in_trajectory(
        request,
        access,
        section="members",
        back=trajectory_url("members", pk),
        title=_("Remove %(name)s from this trajectory?") % {"name": name},
        explanation=_("What this person wrote stays. They can no longer open this trajectory."),
        call=lambda: services.membership_remove(membership=membership, by=request.user),
        success=_("%(name)s no longer takes part.") % {"name": name},
    )
