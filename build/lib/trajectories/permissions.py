"""Object permissions of a trajectory and which role holds which.

Guardian stores them per trajectory; ``services.membership_add`` and
``services.membership_remove`` are the only places that grant or revoke them.
"""

from trajectories.models import MemberRole


class Perm:
    """Codenames of the object permissions on a trajectory."""

    VIEW = "view_trajectory"  # the overview and the shared outcomes
    FACILITATE = "facilitate_trajectory"  # lead: members, sessions, steps, dialogue
    CLIENT_SPACE = "use_client_space"  # topics and the agenda before it is shared
    STAFF_SPACE = "use_staff_space"  # staff reflections and the summary before it is shared
    LIVE_GUEST = "join_live_session"  # only the client pages of the live session joined with a code


ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    MemberRole.FACILITATOR: frozenset({Perm.VIEW, Perm.FACILITATE, Perm.CLIENT_SPACE, Perm.STAFF_SPACE}),
    MemberRole.CLIENT: frozenset({Perm.VIEW, Perm.CLIENT_SPACE}),
    MemberRole.STAFF: frozenset({Perm.VIEW, Perm.STAFF_SPACE}),
}

# A client who joined a live session with its code sees that session's client pages and nothing
# else: no overview, no shared outcomes, never staff content.
GUEST_PERMISSIONS: frozenset[str] = frozenset({Perm.LIVE_GUEST})

# Quality staff read the shared outcomes of every trajectory in their organisation.
QUALITY_PERMISSIONS: frozenset[str] = frozenset({Perm.VIEW})

ALL_PERMISSIONS: frozenset[str] = frozenset().union(*ROLE_PERMISSIONS.values(), GUEST_PERMISSIONS)
