"""Data model of a PARTNER trajectory: the trajectory, its members, sessions and the four steps.

Privacy lives in the selectors and access functions; the models only describe the data.
Writes go through the services."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from trajectories.organisations import Location, Organisation

TITLE_MAX_LENGTH = 200


TEXT_MAX_LENGTH = 5000


class CareContext(models.TextChoices):
    ELDERLY = "elderly", _("elderly care")
    REHABILITATION = "rehabilitation", _("rehabilitation")
    MENTAL_HEALTH = "mental_health", _("mental health / sheltered housing")
    DISABILITY = "disability", _("disability care")
    OTHER = "other", _("other")


class Step(models.IntegerChoices):
    EXPLORE = 1, _("Explore")
    CLIENT_AGENDA = 2, _("Client agenda")
    STAFF = 3, _("Staff")
    DIALOGUE = 4, _("Dialogue and action plan")


FIRST_STEP = Step.EXPLORE


LAST_STEP = Step.DIALOGUE


class TrajectoryStatus(models.TextChoices):
    ACTIVE = "active", _("running")
    CLOSED = "closed", _("closed")


class Trajectory(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="trajectories", verbose_name=_("organisation")
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trajectories",
        verbose_name=_("location or team"),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    subject = models.CharField(_("subject"), max_length=TITLE_MAX_LENGTH)
    care_context = models.CharField(_("care context"), max_length=20, choices=CareContext.choices)
    description = models.TextField(_("description"), max_length=TEXT_MAX_LENGTH, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TrajectoryStatus.choices, default=TrajectoryStatus.ACTIVE
    )
    current_step = models.PositiveSmallIntegerField(
        _("current step"),
        choices=Step.choices,
        default=Step.EXPLORE,
        validators=[MinValueValidator(FIRST_STEP), MaxValueValidator(LAST_STEP)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    # Tailoring: which groups take part, and each step's description in words for this context.
    participant_groups = models.JSONField(default=list, blank=True)
    step_texts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")
        permissions = [
            ("facilitate_trajectory", "Can lead the trajectory"),
            ("use_client_space", "Can use the clients' space"),
            ("use_staff_space", "Can use the staff space"),
            ("join_live_session", "Can take part in a live session through its code"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(current_step__gte=FIRST_STEP, current_step__lte=LAST_STEP),
                name="trajectory_current_step_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="trajectory_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status == TrajectoryStatus.CLOSED

    def step_text(self, step: int) -> str:
        """The description of ``step`` as tailored for this trajectory ("" when not tailored)."""
        return (self.step_texts or {}).get(str(step), "")


class TrajectoryUserObjectPermission(UserObjectPermissionBase):
    """Guardian's direct foreign key table: fast, joinable object permissions."""

    content_object = models.ForeignKey(Trajectory, on_delete=models.CASCADE)


class TrajectoryGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Trajectory, on_delete=models.CASCADE)


class StepTransition(models.Model):
    """One move of a trajectory from one step to another: who and when."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="transitions")
    from_step = models.PositiveSmallIntegerField(choices=Step.choices)
    to_step = models.PositiveSmallIntegerField(choices=Step.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(_("reason"), max_length=TEXT_MAX_LENGTH, blank=True)

    @property
    def is_skip(self) -> bool:
        return self.to_step - self.from_step > 1

    class Meta:
        ordering = ["-at", "-pk"]


class MemberRole(models.TextChoices):
    FACILITATOR = "facilitator", _("facilitator")
    CLIENT = "client", _("client")
    STAFF = "staff", _("staff member")


class Membership(models.Model):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trajectory_memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    is_relative = models.BooleanField(
        _("relative (naaste)"),
        default=False,
        help_text=_("A family member or other relative taking part on the client side."),
    )
    added_at = models.DateTimeField(auto_now_add=True)
    # A client who joined one live session with its code, without an account of their own.
    joined_session = models.ForeignKey(
        "LiveSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guest_memberships",
        verbose_name=_("joined with the code of"),
    )
    joined_anonymously = models.BooleanField(_("joined without a name"), default=False)

    class Meta:
        ordering = ["role", "user__first_name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "user"], name="unique_membership_per_trajectory"),
            models.CheckConstraint(
                condition=models.Q(is_relative=False) | models.Q(role="client"),
                name="only_clients_can_be_relatives",
            ),
            models.CheckConstraint(
                condition=models.Q(joined_session__isnull=True) | models.Q(role="client"),
                name="only_clients_join_with_a_code",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def role_label(self) -> str:
        if self.is_relative:
            return str(_("relative"))
        if self.joined_session_id is not None:
            return str(_("client, joined with a code"))
        return self.get_role_display()

    @property
    def is_guest(self) -> bool:
        """Joined a live session with its code; has no password and sees only that session."""
        return self.joined_session_id is not None


class MeetingGroup(models.TextChoices):
    CLIENTS = "clients", _("clients only")
    STAFF = "staff", _("staff only")
    JOINT = "joint", _("clients and staff together")


class Meeting(models.Model):
    """A session (bijeenkomst) of the trajectory."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    step = models.PositiveSmallIntegerField(_("step"), choices=Step.choices)
    group = models.CharField(_("group"), max_length=20, choices=MeetingGroup.choices)
    method = models.CharField(_("working method"), max_length=TITLE_MAX_LENGTH, blank=True)
    notes = models.TextField(_("notes"), max_length=TEXT_MAX_LENGTH, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(
        _("kind"), max_length=20, default="session",
        choices=[("session", _("session")), ("visit", _("visit to another location"))],
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH, blank=True)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    place = models.CharField(
        _("place"), max_length=TITLE_MAX_LENGTH, blank=True,
        help_text=_("For example: the living room of De Linde, first floor."),
    )

    class Meta:
        ordering = ["date", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__isnull=True)
                | models.Q(start_time__isnull=True)
                | models.Q(end_time__gt=models.F("start_time")),
                name="meeting_ends_after_it_starts",
            ),
        ]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.date} {self.get_step_display()}"


class Theme(models.TextChoices):
    SAFETY = "safety", _("safety")
    TREATMENT = "treatment", _("how we are treated")
    SOCIAL = "social", _("social contact")
    FOOD = "food", _("food and drink")
    AT_HOME = "at_home", _("feeling at home")
    HEARD = "heard", _("being heard and seen")
    INCLUSION = "inclusion", _("inclusion")
    OTHER = "other", _("other")


class Topic(models.Model):
    """Step 1: something a client wants to talk about. Client space only."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(_("topic"), max_length=TITLE_MAX_LENGTH)
    story = models.TextField(_("story"), max_length=TEXT_MAX_LENGTH, blank=True)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, default=Theme.OTHER)
    author = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topics",
        verbose_name=_("client"),
    )
    entered_by = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topics_entered",
        help_text="The facilitator who typed it in on behalf of the client.",
    )
    on_behalf_of_name = models.CharField(
        _("name of the client"),
        max_length=100,
        blank=True,
        help_text=_("For a client without an account. Leave empty for 'a client'."),
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    live_session = models.ForeignKey(
        "LiveSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topics",
        help_text="The live session in which it was added, if any.",
    )
    # A duplicate merged into another topic stays, so the history keeps both originals.
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_topics"
    )
    merged_at = models.DateTimeField(null=True, blank=True)
    merged_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    """Step 2: what the clients want changed. Private to the client space until shared."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="agenda_items")
    title = models.CharField(_("what we want changed"), max_length=TITLE_MAX_LENGTH)
    why = models.TextField(_("why it matters"), max_length=TEXT_MAX_LENGTH, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="agenda_items", verbose_name=_("topics"))
    position = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    shared_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Optimistic locking: goes up with every change; a save based on an older version is refused.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None


class StaffReflection(models.Model):
    """Step 3: what staff say among themselves. Staff space only, never shared as such."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="staff_reflections")
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_reflections",
        verbose_name=_("agenda item"),
    )
    text = models.TextField(_("reflection"), max_length=TEXT_MAX_LENGTH)
    author = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="reflections")
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class StaffSummary(models.Model):
    """Step 3: the summary staff write together and share with clients."""

    trajectory = models.OneToOneField(Trajectory, on_delete=models.CASCADE, related_name="staff_summary")
    text = models.TextField(_("summary"), max_length=TEXT_MAX_LENGTH)
    updated_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    shared_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None


class Dialogue(models.Model):
    """Step 4: what clients and staff heard from each other and agree, per agenda item."""

    agenda_item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="dialogue")
    heard = models.TextField(_("what we heard from each other"), max_length=TEXT_MAX_LENGTH, blank=True)
    agreed = models.TextField(_("what we agree"), max_length=TEXT_MAX_LENGTH, blank=True)
    updated_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)


class ActionStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    AGREED = "agreed", _("agreed")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    ADJUSTED = "adjusted", _("adjusted")
    STOPPED = "stopped", _("stopped")


# An action in one of these is finished: it can no longer be overdue.
CLOSED_ACTION_STATUSES = frozenset({ActionStatus.DONE, ActionStatus.STOPPED})


# Adjusting or stopping an action needs a reason that clients can read.
ACTION_STATUSES_WITH_REASON = frozenset({ActionStatus.ADJUSTED, ActionStatus.STOPPED})


class Action(models.Model):
    """Step 4: a concrete action of the action plan."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="actions")
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("agenda item"),
    )
    what = models.CharField(_("what"), max_length=TITLE_MAX_LENGTH)
    steps = models.TextField(_("concrete steps"), max_length=TEXT_MAX_LENGTH, blank=True)
    owner = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="owned_actions", verbose_name=_("who")
    )
    co_owners = models.ManyToManyField(
        Membership, blank=True, related_name="co_owned_actions", verbose_name=_("together with")
    )
    due_date = models.DateField(_("by when"))
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PROPOSED)
    status_reason = models.TextField(_("reason"), max_length=TEXT_MAX_LENGTH, blank=True)
    review_date = models.DateField(_("review date"), null=True, blank=True)
    created_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: goes up with every change; a save based on an older version is refused.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.what

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_ACTION_STATUSES

    def is_overdue(self, today: datetime.date) -> bool:
        return not self.is_closed and self.due_date < today
