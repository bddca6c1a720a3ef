"""Every write to a trajectory goes through a function here.

Each function is keyword-only, atomic and checks the business rules; it raises
``django.core.exceptions.ValidationError`` with a message a user can read when a rule is
broken. Who may call it (permissions) is decided by the view through ``access.py``.
"""

import datetime
import uuid

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from partner.permissions import object_permissions_revoke, object_permissions_sync
from partner.refusals import refusal
from trajectories.core.rules import (
    ensure_dates,
    ensure_may_take_part,
    ensure_member,
    ensure_open,
    is_the_last_with_role,
    staff_reflection_can_delete,
    topic_can_edit,
)
from trajectories.live.photos import ProcessedPhoto
from trajectories.models import (
    ACTION_STATUSES_WITH_REASON,
    FIRST_STEP,
    LAST_STEP,
    Action,
    ActionStatus,
    AgendaItem,
    Dialogue,
    LiveSession,
    Location,
    Meeting,
    MeetingMethod,
    MemberRole,
    Membership,
    Organisation,
    OrganisationRole,
    StaffReflection,
    StaffSummary,
    StepTransition,
    Topic,
    TopicPhoto,
    Trajectory,
    TrajectoryStatus,
)
from trajectories.notify.services import (
    meeting_reminder_key,
    meeting_reminders_cancel,
    notify_agenda_shared,
    notify_invitation,
    notify_step_moved,
    notify_summary_shared,
)
from trajectories.organisations import user_belongs_to
from trajectories.permissions import ALL_PERMISSIONS, GUEST_PERMISSIONS, ROLE_PERMISSIONS
from trajectories.plan.services import plan_changed

# --- trajectories -----------------------------------------------------------------------


@transaction.atomic
def trajectory_create(
    *,
    organisation: Organisation,
    by: AbstractBaseUser,
    title: str,
    subject: str,
    care_context: str,
    description: str = "",
    location: Location | None = None,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
) -> Trajectory:
    """Start a trajectory in step 1; its creator becomes its facilitator."""
    if not user_belongs_to(by, organisation.pk, role=OrganisationRole.FACILITATOR):
        raise ValidationError(_("Only a facilitator of this organisation can start a trajectory."), code="role")
    if location is not None and location.organisation_id != organisation.pk:
        raise refusal(_("This location belongs to another organisation."), code="organisation", field="location")
    ensure_dates(start_date, end_date)
    trajectory = Trajectory.objects.create(
        organisation=organisation,
        location=location,
        title=title,
        subject=subject,
        care_context=care_context,
        description=description,
        start_date=start_date,
        end_date=end_date,
    )
    membership_add(trajectory=trajectory, user=by, role=MemberRole.FACILITATOR, by=by)
    return trajectory


@transaction.atomic
def trajectory_update(*, trajectory: Trajectory, by: AbstractBaseUser, **fields) -> Trajectory:
    """Change the trajectory's description fields (not its step or status)."""
    allowed = {"title", "subject", "care_context", "description", "location", "start_date", "end_date"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"trajectory_update() got unexpected fields: {sorted(unknown)}")
    location = fields.get("location", trajectory.location)
    if location is not None and location.organisation_id != trajectory.organisation_id:
        raise refusal(_("This location belongs to another organisation."), code="organisation", field="location")
    ensure_dates(fields.get("start_date", trajectory.start_date), fields.get("end_date", trajectory.end_date))
    for name, value in fields.items():
        setattr(trajectory, name, value)
    trajectory.save(update_fields=[*fields.keys()])
    return trajectory


def _step_move(
    *, trajectory: Trajectory, by: AbstractBaseUser, delta: int, expected_step: int | None, reason: str = ""
) -> Trajectory:
    locked = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    ensure_open(locked)
    if expected_step is not None and locked.current_step != expected_step:
        raise ValidationError(
            _("Someone else already moved this trajectory to another step. Check the current step."),
            code="stale",
        )
    target = locked.current_step + delta
    if target > LAST_STEP:
        raise ValidationError(_("This is already the last step."), code="last_step")
    if target < FIRST_STEP:
        raise ValidationError(_("This is already the first step."), code="first_step")
    transition = StepTransition.objects.create(
        trajectory=locked, from_step=locked.current_step, to_step=target, by=by, reason=reason.strip()
    )
    notify_step_moved(transition=transition)
    locked.current_step = target
    locked.save(update_fields=["current_step"])
    trajectory.current_step = target
    return trajectory


@transaction.atomic
def step_advance(*, trajectory: Trajectory, by: AbstractBaseUser, expected_step: int | None = None) -> Trajectory:
    """Move the trajectory to the next step and record who did it.

    ``expected_step`` is the step the user saw; when somebody moved the trajectory in the
    meantime, nothing changes and a ValidationError says so.
    """
    return _step_move(trajectory=trajectory, by=by, delta=1, expected_step=expected_step)


@transaction.atomic
def step_back(
    *, trajectory: Trajectory, by: AbstractBaseUser, expected_step: int | None = None, reason: str = ""
) -> Trajectory:
    """Move the trajectory back one step to repeat it (the approach is no blueprint) and record
    it, with the reason when one is given."""
    return _step_move(trajectory=trajectory, by=by, delta=-1, expected_step=expected_step, reason=reason)


@transaction.atomic
def step_skip(*, trajectory: Trajectory, by: AbstractBaseUser, reason: str, expected_step: int | None = None) -> Trajectory:
    """Skip the next step (go two steps on), with the reason recorded. A reason is required."""
    if not reason.strip():
        raise refusal(_("Say why this step is skipped."), code="reason", field="reason")
    return _step_move(trajectory=trajectory, by=by, delta=2, expected_step=expected_step, reason=reason)


@transaction.atomic
def trajectory_close(*, trajectory: Trajectory, by: AbstractBaseUser) -> Trajectory:
    """Close the trajectory: everything stays readable, nothing can be changed."""
    ensure_open(trajectory)
    trajectory.status = TrajectoryStatus.CLOSED
    trajectory.closed_at = timezone.now()
    trajectory.save(update_fields=["status", "closed_at"])
    return trajectory


@transaction.atomic
def trajectory_reopen(*, trajectory: Trajectory, by: AbstractBaseUser) -> Trajectory:
    if not trajectory.is_closed:
        raise ValidationError(_("This trajectory is already running."), code="open")
    trajectory.status = TrajectoryStatus.ACTIVE
    trajectory.closed_at = None
    trajectory.save(update_fields=["status", "closed_at"])
    return trajectory


# --- memberships and roles ----------------------------------------------------------------


def _sync_role_permissions(*, membership: Membership) -> None:
    wanted = GUEST_PERMISSIONS if membership.is_guest else ROLE_PERMISSIONS[membership.role]
    object_permissions_sync(user=membership.user, obj=membership.trajectory, wanted=wanted, managed=ALL_PERMISSIONS)


@transaction.atomic
def membership_add(
    *,
    trajectory: Trajectory,
    user: AbstractBaseUser,
    role: str,
    by: AbstractBaseUser,
    is_relative: bool = False,
    joined_session=None,
    joined_anonymously: bool = False,
) -> Membership:
    """Add a person to the trajectory with a role and grant that role's permissions.

    ``joined_session`` marks a client who joined that live session with its code: they get only
    the session's client pages (``GUEST_PERMISSIONS``), never the rest of the trajectory.
    """
    ensure_open(trajectory)
    if role not in ROLE_PERMISSIONS:
        raise refusal(_("Choose a valid role."), code="choice", field="role")
    if joined_session is not None and (role != MemberRole.CLIENT or joined_session.trajectory_id != trajectory.pk):
        raise ValidationError(_("Only clients join a session of this trajectory with a code."), code="guest")
    if is_relative and role != MemberRole.CLIENT:
        raise refusal(_("Only someone on the client side can be a relative."), code="role", field="is_relative")
    ensure_may_take_part(user, organisation_id=trajectory.organisation_id)
    if Membership.objects.filter(trajectory=trajectory, user=user).exists():
        raise refusal(_("This person already takes part in this trajectory."), code="duplicate", field="user")
    membership = Membership.objects.create(
        trajectory=trajectory,
        user=user,
        role=role,
        is_relative=is_relative,
        joined_session=joined_session,
        joined_anonymously=joined_anonymously,
    )
    _sync_role_permissions(membership=membership)
    if joined_session is None and user != by:
        notify_invitation(membership=membership)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: AbstractBaseUser) -> None:
    """Remove a person from the trajectory and revoke every permission they had on it.

    What they contributed stays, without their name attached for other viewers.
    """
    trajectory = membership.trajectory
    ensure_open(trajectory)
    if is_the_last_with_role(membership, role=MemberRole.FACILITATOR, among=trajectory.memberships.all()):
        raise ValidationError(_("A trajectory needs at least one facilitator."), code="last_facilitator")
    if Action.objects.filter(owner=membership).exists():
        raise ValidationError(
            _("This person still owns actions. Give those actions another owner first."), code="owns_actions"
        )
    object_permissions_revoke(user=membership.user, obj=trajectory, managed=ALL_PERMISSIONS)
    membership.delete()


# --- sessions ------------------------------------------------------------------------------------


def _check_methods(trajectory: Trajectory, methods) -> list:
    methods = list(methods or [])
    if any(method.organisation_id not in (None, trajectory.organisation_id) for method in methods):
        raise refusal(
            _("Choose working methods of your own organisation or the library."), code="organisation", field="methods"
        )
    return methods


def _set_meeting_methods(meeting: Meeting, methods: list) -> None:
    MeetingMethod.objects.filter(meeting=meeting).delete()
    MeetingMethod.objects.bulk_create(
        MeetingMethod(meeting=meeting, method=method, position=position) for position, method in enumerate(methods)
    )


@transaction.atomic
def meeting_create(
    *,
    trajectory: Trajectory,
    by: AbstractBaseUser,
    date,
    step: int,
    group: str,
    method: str = "",
    notes: str = "",
    kind: str = "session",
    title: str = "",
    methods=(),
    start_time=None,
    end_time=None,
    place: str = "",
) -> Meeting:
    """Plan a session (or a visit to another location), with working methods from the library."""
    ensure_open(trajectory)
    methods = _check_methods(trajectory, methods)
    meeting = Meeting.objects.create(
        trajectory=trajectory, date=date, step=step, group=group, method=method, notes=notes, created_by=by,
        kind=kind, title=title, start_time=start_time, end_time=end_time, place=place,
    )
    _set_meeting_methods(meeting, methods)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, by: AbstractBaseUser, methods=None, **fields) -> Meeting:
    ensure_open(meeting.trajectory)
    allowed = {"date", "step", "group", "method", "notes", "kind", "title", "start_time", "end_time", "place"}
    if set(fields) - allowed:
        raise TypeError(f"meeting_update() got unexpected fields: {sorted(set(fields) - allowed)}")
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.save(update_fields=[*fields.keys()])
    # A moved (or re-timed) session: the reminder for the old moment no longer holds.
    meeting_reminders_cancel(meeting_pk=meeting.pk, keep_key=meeting_reminder_key(meeting))
    if methods is not None:
        _set_meeting_methods(meeting, _check_methods(meeting.trajectory, methods))
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting, by: AbstractBaseUser) -> None:
    ensure_open(meeting.trajectory)
    meeting_reminders_cancel(meeting_pk=meeting.pk)
    meeting.delete()


# --- step 1: topics ------------------------------------------------------------------------


def live_board_changed(*, trajectory: Trajectory) -> None:
    """Something the room screen shows changed: the open live session's board gets a new revision."""
    LiveSession.objects.filter(trajectory=trajectory, closed_at__isnull=True).update(revision=F("revision") + 1)


@transaction.atomic
def topic_create(
    *,
    trajectory: Trajectory,
    by: Membership,
    title: str,
    theme: str,
    story: str = "",
    is_anonymous: bool = False,
    on_behalf_of: Membership | None = None,
    on_behalf_of_name: str = "",
    live_session: LiveSession | None = None,
    photo: ProcessedPhoto | None = None,
) -> Topic:
    """Record a client's topic, with a photo if there is one.

    A client writes their own (``by`` is the author). A facilitator enters one on behalf of
    a client member (``on_behalf_of``) or of a client without an account
    (``on_behalf_of_name``, may be empty), and is recorded as the one who typed it.
    In a live session (``live_session``) clients can add topics only while its input is open.
    A client who joined without a name always adds anonymous topics.
    """
    ensure_open(trajectory)
    ensure_member(by, trajectory)
    if by.role == MemberRole.CLIENT:
        if on_behalf_of is not None or on_behalf_of_name:
            raise ValidationError(_("Only the facilitator can add a topic on behalf of someone else."), code="on_behalf")
        author, entered_by = by, None
        is_anonymous = is_anonymous or by.joined_anonymously
    elif by.role == MemberRole.FACILITATOR:
        if on_behalf_of is not None and on_behalf_of_name:
            raise refusal(_("Choose a client or type a name, not both."), code="on_behalf", field="on_behalf_of_name")
        if on_behalf_of is not None and (
            on_behalf_of.trajectory_id != trajectory.pk or on_behalf_of.role != MemberRole.CLIENT
        ):
            raise refusal(_("Choose a client of this trajectory."), code="on_behalf", field="on_behalf_of")
        author, entered_by = on_behalf_of, by
    else:
        raise ValidationError(_("Only clients and the facilitator add topics."), code="role")
    if by.is_guest and (live_session is None or live_session.pk != by.joined_session_id):
        raise ValidationError(_("You can add topics only in the session you joined."), code="guest")
    if live_session is not None:
        # Read under lock: a topic cannot slip in just after the facilitator paused the input.
        live_session = LiveSession.objects.select_for_update().get(pk=live_session.pk)
        if live_session.trajectory_id != trajectory.pk or live_session.is_closed:
            raise ValidationError(_("This session has ended."), code="session_closed")
        if by.role == MemberRole.CLIENT and not live_session.input_open:
            raise ValidationError(
                _("Adding topics is paused. The facilitator will tell you when you can go on."), code="input_closed"
            )
    topic = Topic.objects.create(
        trajectory=trajectory,
        title=title,
        story=story,
        theme=theme,
        author=author,
        entered_by=entered_by,
        on_behalf_of_name=on_behalf_of_name if entered_by else "",
        is_anonymous=is_anonymous,
        live_session=live_session,
    )
    if photo is not None:
        topic_photo_save(topic=topic, photo=photo)
    live_board_changed(trajectory=trajectory)
    return topic


def topic_photo_save(*, topic: Topic, photo: ProcessedPhoto) -> TopicPhoto:
    """Store a checked, cleaned photo with a topic, in the caller's transaction.

    The file is written first; when the row cannot be saved, the file is removed again.
    """
    stored = TopicPhoto(topic=topic, width=photo.width, height=photo.height)
    stored.file.save(f"{uuid.uuid4().hex}.jpg", ContentFile(photo.content), save=False)
    try:
        stored.save()
    except Exception:
        stored.file.storage.delete(stored.file.name)
        raise
    return stored


@transaction.atomic
def topic_update(
    *, topic: Topic, by: Membership, title: str, theme: str, story: str = "", is_anonymous: bool = False
) -> Topic:
    """Change a topic. Anonymity, once promised, cannot be taken back."""
    ensure_open(topic.trajectory)
    if not topic_can_edit(topic=topic, by=by):
        raise ValidationError(_("You can only change your own topics."), code="not_author")
    topic.title = title
    topic.theme = theme
    topic.story = story
    topic.is_anonymous = topic.is_anonymous or is_anonymous or by.joined_anonymously
    topic.save(update_fields=["title", "theme", "story", "is_anonymous"])
    live_board_changed(trajectory=topic.trajectory)
    return topic


@transaction.atomic
def topic_delete(*, topic: Topic, by: Membership) -> None:
    ensure_open(topic.trajectory)
    if not topic_can_edit(topic=topic, by=by):
        raise ValidationError(_("You can only remove your own topics."), code="not_author")
    if topic.agenda_items.filter(shared_at__isnull=False).exists():
        raise ValidationError(
            _("This topic belongs to an agenda item that is already shared, so it stays."), code="shared"
        )
    photo = TopicPhoto.objects.filter(topic=topic).first()
    trajectory = topic.trajectory
    topic.delete()
    if photo is not None:
        # The row is gone with the topic; the file goes once that is certain.
        storage, name = photo.file.storage, photo.file.name
        transaction.on_commit(lambda: storage.delete(name))
    live_board_changed(trajectory=trajectory)


# --- step 2: the client agenda -----------------------------------------------------------


def _check_topics(trajectory: Trajectory, topics) -> list[Topic]:
    topics = list(topics or [])
    if any(topic.trajectory_id != trajectory.pk for topic in topics):
        raise refusal(_("Choose topics of this trajectory."), code="topics", field="topics")
    return topics


def _ensure_private(item: AgendaItem) -> None:
    if item.is_shared:
        raise ValidationError(
            _("This agenda item is shared with staff and can no longer be changed."), code="shared"
        )


@transaction.atomic
def agenda_item_create(*, trajectory: Trajectory, by: Membership, title: str, why: str = "", topics=()) -> AgendaItem:
    """Add an item at the bottom of the client agenda, private to the client space."""
    ensure_open(trajectory)
    topics = _check_topics(trajectory, topics)
    last = trajectory.agenda_items.aggregate(last=Max("position"))["last"]
    item = AgendaItem.objects.create(
        trajectory=trajectory, title=title, why=why, created_by=by, position=(last or 0) + 1
    )
    item.topics.set(topics)
    return item


def _ensure_current(locked, expected_version: int | None) -> None:
    """Optimistic locking: refuse a save that was based on an older version of the row.

    ``locked`` is the row read with ``select_for_update()``, so a save running at the same time
    waits here and then sees the version the first one wrote.
    """
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError(
            _(
                "Someone else changed this in the meantime. Your text is still here: "
                "compare it with the current version below and save again."
            ),
            code="stale",
        )


def _locked_or_gone(queryset, pk):
    locked = queryset.select_for_update().filter(pk=pk).first()
    if locked is None:
        raise ValidationError(_("Someone else removed this in the meantime."), code="gone")
    return locked


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    by: Membership,
    title: str,
    why: str = "",
    topics=(),
    expected_version: int | None = None,
) -> AgendaItem:
    """Change a private agenda item. ``expected_version``: the version the form was based on."""
    ensure_open(item.trajectory)
    locked = _locked_or_gone(AgendaItem.objects, item.pk)
    _ensure_private(locked)
    _ensure_current(locked, expected_version)
    topics = _check_topics(item.trajectory, topics)
    item.title = title
    item.why = why
    item.version = locked.version + 1
    item.save(update_fields=["title", "why", "version"])
    item.topics.set(topics)
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, by: Membership) -> None:
    ensure_open(item.trajectory)
    # Read the stored row under a lock: it may have been shared (or removed) since the page was made.
    locked = AgendaItem.objects.select_for_update().filter(pk=item.pk).first()
    if locked is None:
        return
    _ensure_private(locked)
    item.delete()


@transaction.atomic
def agenda_item_share(*, item: AgendaItem, by: Membership) -> AgendaItem:
    """Share an item with staff. Deliberate and final: shared items are read-only."""
    ensure_open(item.trajectory)
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if not locked.is_shared:
        locked.shared_at = timezone.now()
        locked.shared_by = by
        # Sharing makes the item final: an edit page opened before is out of date.
        locked.version += 1
        locked.save(update_fields=["shared_at", "shared_by", "version"])
        notify_agenda_shared(trajectory=item.trajectory, by=by)
    item.shared_at, item.shared_by_id, item.version = locked.shared_at, locked.shared_by_id, locked.version
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, by: Membership, direction: str) -> AgendaItem:
    """Swap the item with its neighbour: ``direction`` is "up" (higher priority) or "down"."""
    ensure_open(item.trajectory)
    if direction not in {"up", "down"}:
        raise ValidationError(_("Unknown direction."), code="direction")
    items = list(AgendaItem.objects.select_for_update().filter(trajectory_id=item.trajectory_id).order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    neighbour = index - 1 if direction == "up" else index + 1
    if not 0 <= neighbour < len(items):
        return item
    items[index], items[neighbour] = items[neighbour], items[index]
    for position, other in enumerate(items, start=1):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])
    return next(other for other in items if other.pk == item.pk)


# --- step 3: staff ------------------------------------------------------------------------


@transaction.atomic
def staff_reflection_create(
    *, trajectory: Trajectory, by: Membership, text: str, agenda_item: AgendaItem | None = None, is_anonymous: bool = False
) -> StaffReflection:
    ensure_open(trajectory)
    if by.role not in {MemberRole.STAFF, MemberRole.FACILITATOR}:
        raise ValidationError(_("Only staff and the facilitator write reflections."), code="role")
    if agenda_item is not None and (agenda_item.trajectory_id != trajectory.pk or not agenda_item.is_shared):
        raise refusal(_("Choose a shared agenda item of this trajectory."), code="agenda_item", field="agenda_item")
    return StaffReflection.objects.create(
        trajectory=trajectory, agenda_item=agenda_item, text=text, author=by, is_anonymous=is_anonymous
    )


@transaction.atomic
def staff_reflection_delete(*, reflection: StaffReflection, by: Membership) -> None:
    ensure_open(reflection.trajectory)
    if not staff_reflection_can_delete(reflection=reflection, by=by):
        raise ValidationError(_("You can only remove your own reflections."), code="not_author")
    reflection.delete()


@transaction.atomic
def staff_summary_save(*, trajectory: Trajectory, by: Membership, text: str) -> StaffSummary:
    """Write the staff summary; it stays in the staff space until shared."""
    ensure_open(trajectory)
    summary = StaffSummary.objects.select_for_update().filter(trajectory=trajectory).first()
    if summary is None:
        return StaffSummary.objects.create(trajectory=trajectory, text=text, updated_by=by)
    if summary.is_shared:
        raise ValidationError(_("The summary is shared with clients and can no longer be changed."), code="shared")
    summary.text = text
    summary.updated_by = by
    summary.save(update_fields=["text", "updated_by", "updated_at"])
    return summary


@transaction.atomic
def staff_summary_share(*, trajectory: Trajectory, by: Membership) -> StaffSummary:
    """Share the staff summary with clients (and quality staff). Final."""
    ensure_open(trajectory)
    summary = StaffSummary.objects.select_for_update().filter(trajectory=trajectory).first()
    if summary is None or not summary.text.strip():
        raise ValidationError(_("Write a summary before you share it."), code="empty")
    if not summary.is_shared:
        summary.shared_at = timezone.now()
        summary.shared_by = by
        summary.save(update_fields=["shared_at", "shared_by"])
        notify_summary_shared(trajectory=trajectory, by=by)
    return summary


# --- step 4: dialogue and actions -------------------------------------------------------------


@transaction.atomic
def dialogue_save(*, agenda_item: AgendaItem, by: Membership, heard: str, agreed: str) -> Dialogue:
    """Record what was heard and agreed in the dialogue about one shared agenda item."""
    ensure_open(agenda_item.trajectory)
    if not agenda_item.is_shared:
        raise ValidationError(_("Only shared agenda items are discussed in the dialogue."), code="private")
    dialogue, _created = Dialogue.objects.update_or_create(
        agenda_item=agenda_item, defaults={"heard": heard, "agreed": agreed, "updated_by": by}
    )
    return dialogue


def _check_action(
    trajectory: Trajectory,
    *,
    owner: Membership,
    agenda_item: AgendaItem | None,
    co_owners=(),
    status: str = ActionStatus.PROPOSED,
    status_reason: str = "",
) -> None:
    if owner.trajectory_id != trajectory.pk or any(m.trajectory_id != trajectory.pk for m in co_owners):
        raise refusal(_("Choose someone who takes part in this trajectory."), code="owner", field="owner")
    if agenda_item is not None and (agenda_item.trajectory_id != trajectory.pk or not agenda_item.is_shared):
        raise refusal(_("Choose a shared agenda item of this trajectory."), code="agenda_item", field="agenda_item")
    if status not in ActionStatus.values:
        raise refusal(_("Choose a valid status."), code="choice", field="status")
    if status in ACTION_STATUSES_WITH_REASON and not status_reason.strip():
        raise refusal(
            _("Say why the action was adjusted or stopped. Clients read this too."), code="reason", field="status_reason"
        )


@transaction.atomic
def action_create(
    *,
    trajectory: Trajectory,
    by: Membership,
    what: str,
    owner: Membership,
    due_date: datetime.date,
    agenda_item: AgendaItem | None = None,
    status: str = ActionStatus.PROPOSED,
    steps: str = "",
    co_owners=(),
    status_reason: str = "",
    review_date: datetime.date | None = None,
) -> Action:
    """Add an action to the plan. An agreed plan becomes a new draft version."""
    ensure_open(trajectory)
    co_owners = [member for member in co_owners if member.pk != owner.pk]
    _check_action(
        trajectory, owner=owner, agenda_item=agenda_item, co_owners=co_owners, status=status,
        status_reason=status_reason,
    )
    if due_date < timezone.localdate():
        raise refusal(_("The date cannot be in the past."), code="past_date", field="due_date")
    action = Action.objects.create(
        trajectory=trajectory,
        agenda_item=agenda_item,
        what=what,
        steps=steps.strip(),
        owner=owner,
        due_date=due_date,
        status=status,
        status_reason=status_reason.strip() if status in ACTION_STATUSES_WITH_REASON else "",
        review_date=review_date,
        created_by=by,
    )
    action.co_owners.set(co_owners)
    plan_changed(trajectory=trajectory)
    return action


# Changing one of these changes what people agreed to; a status is follow-up, not a new plan.
_PLAN_FIELDS = ("what", "steps", "owner_id", "due_date", "agenda_item_id")


@transaction.atomic
def action_update(
    *,
    action: Action,
    by: Membership,
    what: str,
    owner: Membership,
    due_date: datetime.date,
    status: str,
    agenda_item: AgendaItem | None = None,
    steps: str = "",
    co_owners=None,
    status_reason: str = "",
    review_date: datetime.date | None = None,
    expected_version: int | None = None,
) -> Action:
    """Change an action. Changing what was agreed (not only the status) starts a new plan version.

    ``expected_version``: the version the form was based on; a save based on an older one is refused.
    """
    ensure_open(action.trajectory)
    # What is stored now (not what the caller's copy says) decides both the conflict and whether
    # the agreed plan changed.
    locked = _locked_or_gone(Action.objects, action.pk)
    _ensure_current(locked, expected_version)
    if co_owners is None:
        co_owners = list(locked.co_owners.all())
    co_owners = [member for member in co_owners if member.pk != owner.pk]
    _check_action(
        action.trajectory, owner=owner, agenda_item=agenda_item, co_owners=co_owners, status=status,
        status_reason=status_reason,
    )
    before = {field: getattr(locked, field) for field in _PLAN_FIELDS}
    owners_before = set(locked.co_owners.values_list("pk", flat=True))
    action.what = what
    action.steps = steps.strip()
    action.owner = owner
    action.due_date = due_date
    action.status = status
    action.status_reason = status_reason.strip() if status in ACTION_STATUSES_WITH_REASON else ""
    action.review_date = review_date
    action.agenda_item = agenda_item
    action.version = locked.version + 1
    action.save()
    action.co_owners.set(co_owners)
    after = {field: getattr(action, field) for field in _PLAN_FIELDS}
    if before != after or owners_before != {member.pk for member in co_owners}:
        plan_changed(trajectory=action.trajectory)
    return action


@transaction.atomic
def action_delete(*, action: Action, by: Membership) -> None:
    """Remove an action. An agreed plan becomes a new draft version."""
    ensure_open(action.trajectory)
    trajectory = action.trajectory
    action.delete()
    plan_changed(trajectory=trajectory)
