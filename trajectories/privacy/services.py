"""Writes for privacy (AVG): consent, erasing a person, and purging archived trajectories.

Like ``services.py``: keyword-only, atomic, and a ``ValidationError`` with a readable message when
a rule is broken. Who may call them is decided by the views (``access.py``) and the admin.
The audit trail is never touched here: it refers to people by number and name as they were.
"""

import json

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from partner.refusals import refusal
from trajectories.core.services import live_board_changed
from trajectories.models import (
    Action,
    Consent,
    ConsentKind,
    MemberRole,
    Membership,
    PlanVersion,
    TopicPhoto,
    Trajectory,
    TrajectoryStatus,
)
from trajectories.plan.services import plan_snapshots_rename
from trajectories.plan.stored_pdf import agreed_pdfs_delete
from trajectories.privacy.selectors import trajectory_content_counts

# An erased person is shown as "Deelnemer <number>". This is stored data (like the names people
# type), in the product's own language, not interface text.
ERASED_FIRST_NAME = "Deelnemer"
ERASED_USERNAME_PREFIX = "verwijderd-"


# --- consent ----------------------------------------------------------------------------------


@transaction.atomic
def consent_give(*, membership: Membership, kind: str, by: AbstractBaseUser, note: str = "") -> Consent:
    """Record a client's consent for one purpose. A consent that is already current is refused."""
    if kind not in ConsentKind.values:
        raise refusal(_("Choose what the consent is for."), code="choice", field="kind")
    # Under lock: two clicks at once cannot record the same consent twice.
    membership = Membership.objects.select_for_update().select_related("trajectory").get(pk=membership.pk)
    if membership.role != MemberRole.CLIENT:
        raise ValidationError(_("Only clients give consent."), code="role")
    if Consent.objects.filter(membership=membership, kind=kind, withdrawn_at__isnull=True).exists():
        raise ValidationError(
            _("Consent for %(kind)s has already been given.") % {"kind": ConsentKind(kind).label}, code="current"
        )
    consent = Consent.objects.create(membership=membership, kind=kind, recorded_by=by, note=note.strip())
    if kind == ConsentKind.PHOTOS:
        live_board_changed(trajectory=membership.trajectory)
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, by: AbstractBaseUser) -> Consent:
    """Withdraw a consent. The record stays, with when and by whom it was withdrawn."""
    locked = Consent.objects.select_for_update().select_related("membership__trajectory").get(pk=consent.pk)
    if locked.withdrawn_at is not None:
        raise ValidationError(_("This consent has already been withdrawn."), code="withdrawn")
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_by = by
    locked.save(update_fields=["withdrawn_at", "withdrawn_by"])
    consent.withdrawn_at, consent.withdrawn_by = locked.withdrawn_at, by
    if locked.kind == ConsentKind.PHOTOS:
        # The room screen stops showing this client's photos at its next poll.
        live_board_changed(trajectory=locked.membership.trajectory)
    return locked


# --- erasing a person ---------------------------------------------------------------------------


def erased_username(user: AbstractBaseUser) -> str:
    return f"{ERASED_USERNAME_PREFIX}{user.pk}"


def _delete_files_after_commit(storage, names: list[str]) -> None:
    def delete():
        for name in names:
            storage.delete(name)

    if names:
        transaction.on_commit(delete)


def _delete_photos(photos) -> set[int]:
    """Delete photo rows now and their files once that is certain; the trajectories they were in."""
    photos = list(photos.select_related("topic"))
    if not photos:
        return set()
    storage = photos[0].file.storage
    names = [photo.file.name for photo in photos if photo.file.name]
    trajectory_ids = {photo.topic.trajectory_id for photo in photos}
    TopicPhoto.objects.filter(pk__in=[photo.pk for photo in photos]).delete()
    _delete_files_after_commit(storage, names)
    return trajectory_ids


def _renamed_change_message(change_message: str, old: str, new: str) -> str:
    """The admin's JSON change message with an inline object shown as ``old …`` now as ``new …``.

    The user's organisation membership is shown as "<user name> (<organisation>)". Field names
    and plain-text messages are left alone: only whole object names are compared.
    """
    try:
        parts = json.loads(change_message)
    except ValueError:
        return change_message
    if not isinstance(parts, list):
        return change_message
    for part in parts:
        for detail in part.values() if isinstance(part, dict) else ():
            shown = detail.get("object") if isinstance(detail, dict) else None
            if isinstance(shown, str) and (shown == old or shown.startswith(f"{old} (")):
                detail["object"] = new + shown[len(old):]
    return json.dumps(parts)


def _rename_in_admin_history(*, user: AbstractBaseUser, old_username: str) -> None:
    """Django's admin history of the account (not the audit trail) names it by its user name."""
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk))
    new_username = user.get_username()
    for entry in entries:
        entry.object_repr = str(user)[:200]
        entry.change_message = _renamed_change_message(entry.change_message, old_username, new_username)
        entry.save(update_fields=["object_repr", "change_message"])


def _rename_in_login_logs(*, old_username: str, new_username: str) -> None:
    """The login lockout's records (django-axes) store the user name that was typed."""
    # Attempts are counters for the lockout, with the typed form data in them. The erased account
    # cannot log in any more, so they protect nothing; and the freed user name may be given to
    # someone new, who must not inherit a lockout. They go.
    AccessAttempt.objects.filter(username=old_username).delete()
    # The logs of logins and failed logins are security history (when, from which address): an
    # incident may still need them. They stay, under the pseudonymous account's user name, so they
    # still belong to that account and never to a newcomer with the old name.
    AccessLog.objects.filter(username=old_username).update(username=new_username)
    AccessFailureLog.objects.filter(username=old_username).update(username=new_username)


@transaction.atomic
def person_erase(*, user: AbstractBaseUser, by: AbstractBaseUser) -> AbstractBaseUser:
    """Remove a person's identity; keep what they contributed under a pseudonym ("Deelnemer 12").

    The group's agenda stays whole: topics, agenda items, reflections, votes, goals and actions
    stay, now by "Deelnemer <number>". Their photos are deleted (a photo can identify someone),
    their consents withdrawn, and the account can no longer log in. Stored copies of their name
    get the pseudonym too: the frozen plan versions, the admin's history of the account and the
    login lockout's logs. Names that a facilitator typed for a client without an account are not
    this person's and stay; so does the audit trail, which keeps names as they were.
    """
    User = get_user_model()
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.pk == by.pk:
        raise ValidationError(_("You cannot erase your own account."), code="self")
    if locked.get_username() == erased_username(locked):
        raise ValidationError(_("This person's data has already been erased."), code="erased")
    leading = Membership.objects.filter(
        user=locked, role=MemberRole.FACILITATOR, trajectory__status=TrajectoryStatus.ACTIVE
    ).select_related("trajectory")
    for membership in leading:
        others = (
            Membership.objects.filter(trajectory_id=membership.trajectory_id, role=MemberRole.FACILITATOR)
            .filter(user__is_active=True)
            .exclude(pk=membership.pk)
        )
        if not others.exists():
            raise ValidationError(
                _(
                    "This person is the last facilitator of the open trajectory “%(title)s”. "
                    "Add another facilitator or close the trajectory first."
                )
                % {"title": membership.trajectory.title},
                code="last_facilitator",
            )

    memberships = list(Membership.objects.filter(user=locked))
    member_ids = [membership.pk for membership in memberships]
    old_username = locked.get_username()
    # Every name a stored copy may show them by: Membership.display_name (full name, else user name).
    old_names = {locked.get_full_name(), old_username}
    changed = _delete_photos(TopicPhoto.objects.filter(topic__author__in=member_ids))
    now = timezone.now()
    withdrawn = Consent.objects.filter(membership__in=member_ids, withdrawn_at__isnull=True)
    changed |= set(withdrawn.filter(kind=ConsentKind.PHOTOS).values_list("membership__trajectory_id", flat=True))
    withdrawn.update(withdrawn_at=now, withdrawn_by=by)


    for device in devices_for_user(locked, confirmed=None):
        device.delete()

    setattr(locked, User.USERNAME_FIELD, erased_username(locked))
    locked.first_name = ERASED_FIRST_NAME
    locked.last_name = str(locked.pk)
    locked.email = ""
    locked.set_unusable_password()
    locked.is_active = False
    locked.is_staff = False
    locked.is_superuser = False
    locked.save()
    locked.groups.clear()
    locked.user_permissions.clear()
    # Stored copies of the name: the frozen plan versions, the admin's history of the account and
    # the login logs. (Not the audit trail: it keeps names as they were, see the module docstring.)
    plan_snapshots_rename(members=memberships, old_names=old_names, new_name=locked.get_full_name())
    _rename_in_admin_history(user=locked, old_username=old_username)
    _rename_in_login_logs(old_username=old_username, new_username=locked.get_username())
    for trajectory in Trajectory.objects.filter(pk__in=changed):
        live_board_changed(trajectory=trajectory)
    return locked


# --- purging archived trajectories ------------------------------------------------------------


@transaction.atomic
def trajectory_purge(*, trajectory: Trajectory) -> dict[str, int]:
    """Delete a closed trajectory with everything in it, photo files included.

    The accounts of guests who joined one of its live sessions with a code existed for that session
    only: they go too. Open trajectories are never purged. Returns what was deleted (counts).
    """
    locked = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    if not locked.is_closed:
        raise ValidationError(_("Only a closed trajectory can be purged."), code="open")
    counts = trajectory_content_counts(trajectory=locked)
    guest_ids = list(
        Membership.objects.filter(trajectory=locked, joined_session__isnull=False).values_list("user_id", flat=True)
    )
    _delete_photos(TopicPhoto.objects.filter(topic__trajectory=locked))
    # Sign-offs and actions hold on to memberships (protected): they go first.
    PlanVersion.objects.filter(trajectory=locked).delete()
    agreed_pdfs_delete(trajectory_ids=[locked.pk])
    Action.objects.filter(trajectory=locked).delete()
    locked.delete()
    guests = get_user_model().objects.filter(pk__in=guest_ids, trajectory_memberships__isnull=True)
    counts["guest_accounts"] = guests.count()
    guests.delete()
    return counts
