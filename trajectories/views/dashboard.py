from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from trajectories.access import user_organisation_role
from trajectories.models import OrganisationRole
from trajectories.selectors import trajectory_list_for_user


@login_required
def dashboard(request):
    """Everyone's start page: the trajectories they take part in or follow."""
    organisation_id, role = user_organisation_role(request.user)
    return render(
        request,
        "trajectories/dashboard.html",
        {
            "trajectories": trajectory_list_for_user(user=request.user),
            "can_start": role == OrganisationRole.FACILITATOR,
            "is_quality": role == OrganisationRole.QUALITY,
            "is_admin": request.user.is_staff,
        },
    )
