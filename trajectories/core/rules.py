"""The invariants every service of a trajectory shares, written once.

Services call these before they write; each raises a ``ValidationError`` with a plain message
and a ``code`` that tests and views can rely on.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from partner.refusals import refusal
from trajectories.models import MemberRole, Membership, StaffReflection, Topic, Trajectory
from trajectories.organisations import user_belongs_to


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
        raise refusal(_("The end date cannot be before the start date."), code="dates", field="end_date")


def live_guest_user_ids():
    """The ids of guest accounts, as a subquery: the one definition of "guest account".

    A guest account is made when someone joins a live session with its code
    (``live_services.live_session_join``; per membership ``Membership.is_guest``). It has no
    password and never gets more than that session's client pages: it is never offered in a
    member picker and never given another role (``ensure_may_take_part``).
    """
    return Membership.objects.filter(joined_session__isnull=False).values("user_id")


def ensure_may_take_part(user, *, organisation_id: int) -> None:
    """Whoever is added to a trajectory or a project belongs to its organisation (``organisation``)
    and is not a guest: an account made by joining a live session with its code has no password,
    whoever holds that phone's cookie is logged in, so it never reaches beyond its own session
    (``guest_account``)."""
    if not user_belongs_to(user, organisation_id):
        raise refusal(_("This person does not belong to this organisation."), code="organisation", field="user")
    if live_guest_user_ids().filter(user=user).exists():
        message = _("This is a guest who joined a live session with its code. A guest takes part in that session only.")
        raise refusal(message, code="guest_account", field="user")


def is_the_last_with_role(membership, *, role: str, among) -> bool:
    """``membership`` holds ``role`` and no other row of ``among`` (the memberships of the same
    trajectory or project) does: removing it would leave none (the last facilitator, the last owner)."""
    return membership.role == role and not among.filter(role=role).exclude(pk=membership.pk).exists()


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
