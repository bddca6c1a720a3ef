"""Access functions of privacy: a client's consent."""

from django.http import Http404

from partner.pk import pk_or_404
from trajectories.core.access import TrajectoryAccess, trajectory_get_for_user
from trajectories.models import (
    Consent,
)
from trajectories.permissions import Perm


def consent_get_for_user(user, trajectory_pk, pk) -> tuple[TrajectoryAccess, Consent]:
    """A client's consent: for the trajectory's facilitator, and for the client it belongs to."""
    access = trajectory_get_for_user(user, trajectory_pk, Perm.VIEW)
    try:
        consent = Consent.objects.select_related("membership__user").get(
            membership__trajectory=access.trajectory, pk=pk_or_404(pk)
        )
    except Consent.DoesNotExist:
        raise Http404 from None
    if access.is_facilitator:
        return access, consent
    if access.membership is not None and consent.membership_id == access.membership.pk:
        return access, consent
    raise Http404
