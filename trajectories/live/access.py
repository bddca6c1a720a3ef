"""Access functions of live sessions: the facilitator's console, the client pages of a session
(for guests who joined with its code only that session), and topic photos."""

from django.http import Http404

from partner.pk import pk_or_404
from trajectories.core.access import (
    TrajectoryAccess,
    object_in_trajectory,
    trajectory_get_for_user,
    trajectory_perms_for_user,
)
from trajectories.core.rules import live_guest_user_ids, photo_is_visible
from trajectories.models import (
    LiveSession,
    Membership,
    Topic,
    TopicPhoto,
    Trajectory,
)
from trajectories.permissions import Perm
from trajectories.privacy.audit import audit_target
from trajectories.privacy.selectors import photo_consent_withdrawn


def live_session_get_for_facilitator(user, trajectory_pk, pk) -> tuple[TrajectoryAccess, LiveSession]:
    """A live session of a trajectory the user leads, else 404."""
    access = trajectory_get_for_user(user, trajectory_pk, Perm.FACILITATE)
    session = object_in_trajectory(LiveSession.objects.select_related("focus_topic"), access, pk)
    session.trajectory = access.trajectory
    return access, session


def live_session_get_for_client(user, pk) -> tuple[TrajectoryAccess, LiveSession]:
    """A live session for its client pages: clients of the trajectory, its facilitator, and the
    people who joined this very session with its code. Everyone else gets 404."""
    try:
        session = LiveSession.objects.get(pk=pk_or_404(pk))
    except LiveSession.DoesNotExist:
        raise Http404 from None
    perm = Perm.LIVE_GUEST if _is_guest_of(user, session) else Perm.CLIENT_SPACE
    access = trajectory_get_for_user(user, session.trajectory_id, perm)
    if access.membership is None:
        raise Http404
    session.trajectory = access.trajectory
    return access, session


def live_topic_get_for_session(session: LiveSession, pk) -> Topic:
    """A topic of the session's trajectory, for someone who already reached the session's client
    pages (``live_session_get_for_client``), to put a dot on or take one away; else 404."""
    try:
        return Topic.objects.get(trajectory_id=session.trajectory_id, pk=pk_or_404(pk))
    except Topic.DoesNotExist:
        raise Http404 from None


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
        trajectory = Trajectory.objects.get(pk=pk_or_404(trajectory_pk))
    except Trajectory.DoesNotExist:
        raise Http404 from None
    audit_target(trajectory=trajectory)
    perms = trajectory_perms_for_user(user, trajectory)
    try:
        photo = TopicPhoto.objects.select_related("topic").get(
            topic__trajectory=trajectory, topic_id=pk_or_404(topic_pk)
        )
    except TopicPhoto.DoesNotExist:
        raise Http404 from None
    if Perm.CLIENT_SPACE not in perms and Perm.LIVE_GUEST not in perms:
        raise Http404
    is_own = photo.topic.author_id is not None and Membership.objects.filter(pk=photo.topic.author_id, user=user).exists()
    if Perm.CLIENT_SPACE not in perms:
        # A guest: only the photos of their own topics.
        if is_own:
            return photo
        raise Http404
    # Consent for photos withdrawn: only the client themselves (and the facilitator) see them.
    if photo_is_visible(
        is_facilitator=Perm.FACILITATE in perms,
        is_own=is_own,
        author_withdrew_consent=photo_consent_withdrawn(membership_id=photo.topic.author_id),
    ):
        return photo
    raise Http404
