"""Access to an organisation's accounts and invitations: 404 for missing and not-yours alike."""

from django.http import Http404

from partner.pk import pk_or_404
from trajectories.core.rules import live_guest_user_ids
from trajectories.organisations import Organisation, OrganisationMember, OrganisationRole, user_organisation
from trajectories.people.models import Invitation
from trajectories.people.services import token_hash
from trajectories.privacy.audit import audit_target


def organisation_for_admin(user) -> Organisation:
    """The organisation ``user`` administers (organisation role "organisation administrator"), else 404."""
    organisation = user_organisation(user, roles={OrganisationRole.ADMIN})
    audit_target(organisation_id=organisation.pk)
    return organisation


def account_get_for_admin(user, pk) -> OrganisationMember:
    """A person of the organisation ``user`` administers (never a guest of a live session), else 404."""
    organisation = organisation_for_admin(user)
    member = (
        OrganisationMember.objects.select_related("user", "organisation")
        .filter(organisation=organisation, user_id=pk_or_404(pk))
        .exclude(user_id__in=live_guest_user_ids())
        .first()
    )
    if member is None:
        raise Http404
    return member


def invitation_get_for_admin(user, pk) -> Invitation:
    """An invitation to the organisation ``user`` administers, else 404."""
    organisation = organisation_for_admin(user)
    invitation = Invitation.objects.select_related("organisation").filter(organisation=organisation, pk=pk_or_404(pk)).first()
    if invitation is None:
        raise Http404
    return invitation


def invitation_get_for_trajectory(trajectory, pk) -> Invitation:
    """An invitation to ``trajectory`` (whose access the caller checked), else 404."""
    invitation = Invitation.objects.select_related("organisation").filter(trajectory=trajectory, pk=pk_or_404(pk)).first()
    if invitation is None:
        raise Http404
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link's token belongs to, whatever its state, or None."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("organisation", "trajectory")
        .filter(token_hash=token_hash(token)).first()
    )
