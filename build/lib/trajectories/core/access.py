"""Access functions: the only way views fetch protected objects.

Each answers ``Http404`` for "missing" and "not yours" alike, so nobody can probe
which trajectories or contributions exist.
"""

from dataclasses import dataclass

from django.http import Http404
from guardian.shortcuts import get_user_perms

from partner.pk import pk_or_404
from trajectories.models import (
    Action,
    AgendaItem,
    Meeting,
    MeetingGroup,
    Membership,
    OrganisationRole,
    StaffReflection,
    Topic,
    Trajectory,
)
from trajectories.organisations import user_organisation_role
from trajectories.permissions import QUALITY_PERMISSIONS, Perm
from trajectories.privacy.audit import audit_target


@dataclass(frozen=True)
class TrajectoryAccess:
    """A trajectory together with what the current user may do in it."""

    trajectory: Trajectory
    perms: frozenset[str]
    membership: Membership | None

    def can(self, perm: str) -> bool:
        return perm in self.perms

    @property
    def is_facilitator(self) -> bool:
        return Perm.FACILITATE in self.perms

    @property
    def in_client_space(self) -> bool:
        return Perm.CLIENT_SPACE in self.perms

    @property
    def in_staff_space(self) -> bool:
        return Perm.STAFF_SPACE in self.perms

    @property
    def is_open(self) -> bool:
        return not self.trajectory.is_closed


def trajectory_perms_for_user(user, trajectory: Trajectory) -> frozenset[str]:
    """Every trajectory permission the user holds, superuser or not (admins get no shortcut)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    perms = set(get_user_perms(user, trajectory))
    organisation_id, role = user_organisation_role(user)
    if role == OrganisationRole.QUALITY and organisation_id == trajectory.organisation_id:
        perms |= QUALITY_PERMISSIONS
    return frozenset(perms)


def trajectory_get_for_user(user, pk, perm: str) -> TrajectoryAccess:
    """The trajectory ``pk`` if ``user`` holds ``perm`` on it, else 404."""
    try:
        trajectory = Trajectory.objects.select_related("organisation", "location").get(pk=pk_or_404(pk))
    except Trajectory.DoesNotExist:
        raise Http404 from None
    audit_target(trajectory=trajectory)  # refused or not, the attempt is about this trajectory
    perms = trajectory_perms_for_user(user, trajectory)
    if perm not in perms:
        raise Http404
    membership = None
    if perms - QUALITY_PERMISSIONS:
        membership = (
            Membership.objects.select_related("user").filter(trajectory=trajectory, user=user).first()
        )
    return TrajectoryAccess(trajectory=trajectory, perms=perms, membership=membership)


def object_in_trajectory(queryset, access: TrajectoryAccess, pk):
    try:
        return queryset.get(trajectory=access.trajectory, pk=pk_or_404(pk))
    except queryset.model.DoesNotExist:
        raise Http404 from None


def topic_get_for_user(user, trajectory_pk, pk, perm: str = Perm.CLIENT_SPACE) -> tuple[TrajectoryAccess, Topic]:
    """A topic lives in the client space: only clients and the facilitator reach it."""
    access = trajectory_get_for_user(user, trajectory_pk, Perm.CLIENT_SPACE)
    if perm not in access.perms:
        raise Http404
    topic = object_in_trajectory(Topic.objects.select_related("author__user", "entered_by__user"), access, pk)
    return access, topic


def agenda_item_get_for_user(user, trajectory_pk, pk, perm: str) -> tuple[TrajectoryAccess, AgendaItem]:
    """Private agenda items exist only for the client space; shared ones for every viewer."""
    access = trajectory_get_for_user(user, trajectory_pk, perm)
    item = object_in_trajectory(AgendaItem.objects.all(), access, pk)
    if not item.is_shared and not access.in_client_space:
        raise Http404
    return access, item


def staff_reflection_get_for_user(user, trajectory_pk, pk) -> tuple[TrajectoryAccess, StaffReflection]:
    access = trajectory_get_for_user(user, trajectory_pk, Perm.STAFF_SPACE)
    reflection = object_in_trajectory(StaffReflection.objects.select_related("author"), access, pk)
    return access, reflection


def meeting_visible_groups(access: TrajectoryAccess) -> set[str]:
    """Which meetings' notes a viewer may read: each group's own, joint ones for all members."""
    groups = set()
    if access.membership is not None:
        groups.add(MeetingGroup.JOINT)
    if access.in_client_space:
        groups.add(MeetingGroup.CLIENTS)
    if access.in_staff_space:
        groups.add(MeetingGroup.STAFF)
    return groups


def meeting_get_for_user(user, trajectory_pk, pk, perm: str) -> tuple[TrajectoryAccess, Meeting]:
    access = trajectory_get_for_user(user, trajectory_pk, perm)
    meeting = object_in_trajectory(Meeting.objects.all(), access, pk)
    if meeting.group not in meeting_visible_groups(access):
        raise Http404
    return access, meeting


def action_get_for_user(user, trajectory_pk, pk, perm: str) -> tuple[TrajectoryAccess, Action]:
    access = trajectory_get_for_user(user, trajectory_pk, perm)
    action = object_in_trajectory(Action.objects.select_related("owner__user", "agenda_item"), access, pk)
    return access, action


def membership_get_for_user(user, trajectory_pk, pk, perm: str) -> tuple[TrajectoryAccess, Membership]:
    access = trajectory_get_for_user(user, trajectory_pk, perm)
    membership = object_in_trajectory(Membership.objects.select_related("user"), access, pk)
    return access, membership
