"""Reads for an organisation's administrator and for invitations and login cards. Never write."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from trajectories.core.models import (
    CLOSED_ACTION_STATUSES,
    Action,
    MemberRole,
    Membership,
    Trajectory,
    TrajectoryStatus,
)
from trajectories.core.rules import live_guest_user_ids
from trajectories.organisations import Location, Organisation, OrganisationMember
from trajectories.people.models import Invitation, LoginCard
from trajectories.privacy.models import AuditEvent


def organisation_accounts(*, organisation: Organisation) -> QuerySet[OrganisationMember]:
    """The organisation's people (guests of live sessions left out), with whether they have a
    second step and a working login card."""
    return (
        OrganisationMember.objects.filter(organisation=organisation)
        .exclude(user_id__in=live_guest_user_ids())
        .select_related("user")
        .annotate(
            has_second_step=Exists(TOTPDevice.objects.filter(user=OuterRef("user"), confirmed=True)),
            has_login_card=Exists(
                LoginCard.objects.filter(user=OuterRef("user"), revoked_at=None, blocked_at=None)
            ),
        )
        .order_by("-user__is_active", "user__first_name", "user__username")
    )


def open_invitations(*, organisation: Organisation | None = None, trajectory: Trajectory | None = None) -> QuerySet[Invitation]:
    """Invitations not accepted and not withdrawn (expired ones too: they can be sent again)."""
    invitations = Invitation.objects.filter(accepted_at=None, revoked_at=None).select_related("trajectory", "created_by")
    if organisation is not None:
        invitations = invitations.filter(organisation=organisation)
    if trajectory is not None:
        invitations = invitations.filter(trajectory=trajectory)
    return invitations.order_by("-sent_at", "-pk")


def organisation_locations(*, organisation: Organisation) -> QuerySet[Location]:
    return Location.objects.filter(organisation=organisation).order_by("name")


def organisation_audit_events(*, organisation: Organisation, limit: int = 200) -> QuerySet[AuditEvent]:
    """The newest entries of the audit trail about the organisation or done by its people."""
    people = OrganisationMember.objects.filter(organisation=organisation).values("user_id")
    return AuditEvent.objects.filter(Q(organisation_id=organisation.pk) | Q(user_id__in=people)).order_by("-at", "-pk")[:limit]


def open_work_of(*, user) -> dict:
    """What a person leaving leaves behind: their open actions, and the running trajectories they
    facilitate (those where nobody else does need a new facilitator)."""
    actions = list(
        Action.objects.filter(Q(owner__user=user) | Q(co_owners__user=user), trajectory__status=TrajectoryStatus.ACTIVE)
        .exclude(status__in=CLOSED_ACTION_STATUSES)
        .select_related("trajectory").distinct().order_by("trajectory__title", "pk")
    )
    others = Membership.objects.filter(trajectory=OuterRef("trajectory"), role=MemberRole.FACILITATOR, user__is_active=True).exclude(user=user)
    facilitated = list(
        Membership.objects.filter(user=user, role=MemberRole.FACILITATOR, trajectory__status=TrajectoryStatus.ACTIVE)
        .annotate(has_other_facilitator=Exists(others))
        .select_related("trajectory").order_by("trajectory__title")
    )
    return {"actions": actions, "facilitated": facilitated}


def current_login_card(*, user_id: int) -> LoginCard | None:
    """The person's newest login card (working or not), or None."""
    return LoginCard.objects.filter(user_id=user_id).order_by("-created_at", "-pk").first()
