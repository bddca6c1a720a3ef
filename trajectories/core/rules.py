"""The invariants every service of a trajectory shares, written once.

Services call these before they write; each raises a ``ValidationError`` with a plain message
and a ``code`` that tests and views can rely on.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from trajectories.models import MemberRole, Membership, StaffReflection, Topic, Trajectory


def ensure_open(trajectory: Trajectory) -> None:
    """A closed trajectory stays readable but takes no changes until it is reopened (``closed``)."""
    if trajectory.is_closed:
        raise ValidationError(_("This trajectory is closed. Reopen it to make changes."), code="closed")


def ensure_member(member: Membership, trajectory: Trajectory) -> None:
    """Whoever acts in a trajectory takes part in it (``member``)."""
    if member.trajectory_id != trajectory.pk:
        raise ValidationError(_("You do not take part in this trajectory."), code="member")


def ensure_dates(start_date, end_date) -> None:
    """An end date is never before the start date (``dates``)."""
    if start_date and end_date and end_date < start_date:
        raise ValidationError({"end_date": _("The end date cannot be before the start date.")}, code="dates")


def topic_can_edit(*, topic: Topic, by: Membership | None) -> bool:
    """The author edits their own topic; the facilitator edits every topic."""
    if by is None:
        return False
    return by.role == MemberRole.FACILITATOR or (topic.author_id is not None and topic.author_id == by.pk)


def staff_reflection_can_delete(*, reflection: StaffReflection, by: Membership | None) -> bool:
    """The author removes their own reflection; the facilitator removes every reflection."""
    if by is None:
        return False
    return by.role == MemberRole.FACILITATOR or reflection.author_id == by.pk


def photo_is_visible(*, is_facilitator: bool, is_own: bool, author_withdrew_consent: bool) -> bool:
    """Whether someone in the client space may see a topic's photo: the facilitator always, the
    client who added it always, everyone else only while that client's consent for photos stands."""
    return is_facilitator or is_own or not author_withdrew_consent
