"""Access functions: the only way views fetch protected objects.

Each answers ``Http404`` for "missing" and "not yours" alike, so nobody can probe
which trajectories or contributions exist.
"""

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from guardian.shortcuts import get_user_perms

from trajectories.audit import audit_target
from trajectories.models import (
    Action,
    AgendaItem,
    Consent,
    LiveSession,
    Meeting,
    MeetingGroup,
    Membership,
    OrganisationRole,
    Review,
    StaffReflection,
    Topic,
    TopicPhoto,
    Trajectory,
)
from trajectories.permissions import QUALITY_PERMISSIONS, Perm
from trajectories.privacy_selectors import photo_consent_withdrawn


MAX_PK = 2**63 - 1


def _as_pk(value) -> int:
    """A primary key from the URL, or 404 for anything the database could not hold."""
    try:
        pk = int(value)
    except (TypeError, ValueError, OverflowError):
        raise Http404 from None
    if not 0 < pk <= MAX_PK:
        raise Http404
    return pk


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


def user_organisation_role(user) -> tuple[int | None, str | None]:
    """(organisation id, role) of the user's organisation membership, cached on the user."""
    if not user.is_authenticated:
        return None, None
    if not hasattr(user, "_partner_org_role"):
        from trajectories.models import OrganisationMember

        row = OrganisationMember.objects.filter(user=user).values_list("organisation_id", "role").first()
        user._partner_org_role = row or (None, None)
    return user._partner_org_role


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
        trajectory = Trajectory.objects.select_related("organisation", "location").get(pk=_as_pk(pk))
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


def _get_in_trajectory(queryset, access: TrajectoryAccess, pk):
    try:
        return queryset.get(trajectory=access.trajectory, pk=_as_pk(pk))
    except queryset.model.DoesNotExist:
        raise Http404 from None


def topic_get_for_user(user, trajectory_pk, pk, perm: str = Perm.CLIENT_SPACE) -> tuple[TrajectoryAccess, Topic]:
    """A topic lives in the client space: only clients and the facilitator reach it."""
    access = trajectory_get_for_user(user, trajectory_pk, Perm.CLIENT_SPACE)
    if perm not in access.perms:
        raise Http404
    topic = _get_in_trajectory(Topic.objects.select_related("author__user", "entered_by__user"), access, pk)
    return access, topic


def agenda_item_get_for_user(user, trajectory_pk, pk, perm: str) -> tuple[TrajectoryAccess, AgendaItem]:
    """Private agenda items exist only for the client space; shared ones for every viewer."""
    access = trajectory_get_for_user(user, trajectory_pk, perm)
    item = _get_in_trajectory(AgendaItem.objects.all(), access, pk)
    if not item.is_shared and not access.in_client_space:
        raise Http404
    return access, item


def staff_reflection_get_for_user(user, trajectory_pk, pk) -> tuple[TrajectoryAccess, StaffReflection]:
    access = trajectory_get_for_user(user, trajectory_pk, Perm.STAFF_SPACE)
    reflection = _get_in_trajectory(StaffReflection.objects.select_related("author"), access, pk)
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
    meeting = _get_in_trajectory(Meeting.objects.all(), access, pk)
    if meeting.group not in meeting_visible_groups(access):
        raise Http404
    return access, meeting


def action_get_for_user(user, trajectory_pk, pk, perm: str) -> tuple[TrajectoryAccess, Action]:
    access = trajectory_get_for_user(user, trajectory_pk, perm)
    action = _get_in_trajectory(Action.objects.select_related("owner__user", "agenda_item"), access, pk)
    return access, action


def membership_get_for_user(user, trajectory_pk, pk, perm: str) -> tuple[TrajectoryAccess, Membership]:
    access = trajectory_get_for_user(user, trajectory_pk, perm)
    membership = _get_in_trajectory(Membership.objects.select_related("user"), access, pk)
    return access, membership


def review_get_for_user(user, trajectory_pk, pk, perm: str) -> tuple[TrajectoryAccess, Review]:
    access = trajectory_get_for_user(user, trajectory_pk, perm)
    review = _get_in_trajectory(Review.objects.select_related("created_by__user"), access, pk)
    return access, review


def live_session_get_for_facilitator(user, trajectory_pk, pk) -> tuple[TrajectoryAccess, LiveSession]:
    """A live session of a trajectory the user leads, else 404."""
    access = trajectory_get_for_user(user, trajectory_pk, Perm.FACILITATE)
    session = _get_in_trajectory(LiveSession.objects.select_related("focus_topic"), access, pk)
    session.trajectory = access.trajectory
    return access, session


def live_session_get_for_client(user, pk) -> tuple[TrajectoryAccess, LiveSession]:
    """A live session for its client pages: clients of the trajectory, its facilitator, and the
    people who joined this very session with its code. Everyone else gets 404."""
    try:
        session = LiveSession.objects.get(pk=_as_pk(pk))
    except LiveSession.DoesNotExist:
        raise Http404 from None
    perm = Perm.LIVE_GUEST if _is_guest_of(user, session) else Perm.CLIENT_SPACE
    access = trajectory_get_for_user(user, session.trajectory_id, perm)
    if access.membership is None:
        raise Http404
    session.trajectory = access.trajectory
    return access, session


def live_guest_user_ids():
    """The ids of guest accounts, as a subquery: the one definition of "guest account".

    A guest account is made when someone joins a live session with its code
    (``live_services.live_session_join``; per membership ``Membership.is_guest``). It has no
    password and never gets more than that session's client pages: it is never offered in a
    member picker and never given another role (``services.membership_add``).
    """
    return Membership.objects.filter(joined_session__isnull=False).values("user_id")


def user_is_live_guest(user) -> bool:
    """Whether the user is a client who joined a live session with its code (no account of their own)."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_partner_is_guest"):
        user._partner_is_guest = live_guest_user_ids().filter(user=user).exists()
    return user._partner_is_guest


def _is_guest_of(user, session: LiveSession) -> bool:
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, joined_session=session).exists()


def topic_photo_get_for_user(user, trajectory_pk, topic_pk) -> TopicPhoto:
    """A topic's photo: for the client space, and for a guest only the photos of their own topics.

    When its client withdrew their consent for photos, only they and the facilitator see it.
    """
    try:
        trajectory = Trajectory.objects.get(pk=_as_pk(trajectory_pk))
    except Trajectory.DoesNotExist:
        raise Http404 from None
    audit_target(trajectory=trajectory)
    perms = trajectory_perms_for_user(user, trajectory)
    try:
        photo = TopicPhoto.objects.select_related("topic").get(
            topic__trajectory=trajectory, topic_id=_as_pk(topic_pk)
        )
    except TopicPhoto.DoesNotExist:
        raise Http404 from None
    if Perm.CLIENT_SPACE not in perms and Perm.LIVE_GUEST not in perms:
        raise Http404
    if Perm.FACILITATE in perms:
        return photo
    # Consent for photos withdrawn: only the client themselves (and the facilitator) see them.
    if Perm.CLIENT_SPACE in perms and not photo_consent_withdrawn(membership_id=photo.topic.author_id):
        return photo
    if photo.topic.author_id is not None and Membership.objects.filter(pk=photo.topic.author_id, user=user).exists():
        return photo
    raise Http404


def consent_get_for_user(user, trajectory_pk, pk) -> tuple[TrajectoryAccess, Consent]:
    """A client's consent: for the trajectory's facilitator, and for the client it belongs to."""
    access = trajectory_get_for_user(user, trajectory_pk, Perm.VIEW)
    try:
        consent = Consent.objects.select_related("membership__user").get(
            membership__trajectory=access.trajectory, pk=_as_pk(pk)
        )
    except Consent.DoesNotExist:
        raise Http404 from None
    if access.is_facilitator:
        return access, consent
    if access.membership is not None and consent.membership_id == access.membership.pk:
        return access, consent
    raise Http404


# --- the facilitator's toolkit ------------------------------------------------------------------


def user_toolkit_organisation(user, *, roles=None) -> int:
    """The organisation whose toolkit (methods, templates, lessons) the user may use, else 404.

    Facilitators and quality staff of an organisation use it; ``roles`` narrows that down.
    """
    organisation_id, role = user_organisation_role(user)
    allowed = roles or {OrganisationRole.FACILITATOR, OrganisationRole.QUALITY}
    if organisation_id is None or role not in allowed or not user.is_active:
        raise Http404
    audit_target(organisation_id=organisation_id)
    return organisation_id


def method_get_for_user(user, pk, *, to_edit: bool = False):
    """A method of the starting library or of the user's organisation; to edit, only the
    organisation's own and only for its facilitators."""
    from trajectories.models import Method

    roles = {OrganisationRole.FACILITATOR} if to_edit else None
    organisation_id = user_toolkit_organisation(user, roles=roles)
    try:
        method = Method.objects.select_related("based_on").get(pk=_as_pk(pk))
    except Method.DoesNotExist:
        raise Http404 from None
    if method.organisation_id not in (None, organisation_id):
        raise Http404
    if to_edit and method.organisation_id != organisation_id:
        raise Http404
    return method


def template_get_for_user(user, pk):
    """A template of the product or of the user's organisation, for its facilitators."""
    from trajectories.models import TrajectoryTemplate

    organisation_id = user_toolkit_organisation(user, roles={OrganisationRole.FACILITATOR})
    try:
        template = TrajectoryTemplate.objects.get(pk=_as_pk(pk))
    except TrajectoryTemplate.DoesNotExist:
        raise Http404 from None
    if template.organisation_id not in (None, organisation_id):
        raise Http404
    return template


def goal_get_for_user(user, trajectory_pk, pk):
    """A goal the user may see (see ``toolkit_selectors.goals_for_viewer``), else 404."""
    from trajectories.toolkit_selectors import goals_for_viewer

    access = trajectory_get_for_user(user, trajectory_pk, Perm.VIEW)
    try:
        goal = goals_for_viewer(access=access).get(pk=_as_pk(pk))
    except ObjectDoesNotExist:
        raise Http404 from None
    return access, goal


def lesson_get_for_user(user, pk):
    """A lesson learned of the user's organisation, for its facilitators and quality staff."""
    from trajectories.models import Lesson

    organisation_id = user_toolkit_organisation(user)
    try:
        return (
            Lesson.objects.select_related("trajectory", "written_by")
            .prefetch_related("method_ratings__method")
            .get(pk=_as_pk(pk), trajectory__organisation_id=organisation_id)
        )
    except Lesson.DoesNotExist:
        raise Http404 from None
