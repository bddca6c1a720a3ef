from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from trajectories.core.selectors import trajectory_list_for_user, user_is_client_only
from trajectories.live.views.client import GUEST_SESSION_KEY
from trajectories.models import OrganisationRole
from trajectories.organisations import user_organisation_role
from trajectories.privacy.audit import audited


@login_required
@audited()
def dashboard(request):
    """Everyone's start page: the trajectories they take part in or follow.

    A client who joined a live session with its code has only that session: they go there.
    """
    guest_of = request.session.get(GUEST_SESSION_KEY)
    if guest_of is not None:
        return redirect("trajectories:live_client", pk=guest_of)
    organisation_id, role = user_organisation_role(request.user)
    if user_is_client_only(user=request.user):
        # Client mode: per trajectory a tile for each thing a client can do, no table.
        return render(
            request,
            "trajectories/core/client_dashboard.html",
            {"trajectories": trajectory_list_for_user(user=request.user)},
        )
    return render(
        request,
        "trajectories/core/dashboard.html",
        {
            "trajectories": trajectory_list_for_user(user=request.user),
            "can_start": role == OrganisationRole.FACILITATOR,
            "is_quality": role == OrganisationRole.QUALITY,
            "is_admin": request.user.is_staff,
        },
    )
