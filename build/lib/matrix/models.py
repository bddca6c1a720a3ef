"""The participation matrix: which role clients play in each phase of a project.

A project has participant groups; each assessment is a dated snapshot that records, per
phase and group, the desired, agreed and (later) actual role. Assessments are never changed
after they are saved: a new one is made instead, so the history stays whole.
Writes go through ``services.py``; who may read or edit is decided in ``access.py``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from trajectories.models import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, Location, Organisation, Trajectory


class Role(models.IntegerChoices):
    """The five roles, ordered from least to most influence; 0 means not involved."""

    NOT_INVOLVED = 0, _("not involved")
    LISTENER = 1, _("Listener")
    THINKER = 2, _("Co-thinker")
    ADVISER = 3, _("Adviser")
    PARTNER = 4, _("Partner")
    DIRECTOR = 5, _("Director")


ROLE_MEANINGS = {
    Role.NOT_INVOLVED: _("does not take part"),
    Role.LISTENER: _("is informed"),
    Role.THINKER: _("is asked for an opinion"),
    Role.ADVISER: _("gives advice, asked or not"),
    Role.PARTNER: _("works together as an equal"),
    Role.DIRECTOR: _("takes initiative and makes the (final) decision"),
}

# Roles that mean clients only listen or are asked; a signal when that is all they do later on.
LOW_ROLES = frozenset({Role.NOT_INVOLVED, Role.LISTENER, Role.THINKER})


class Phase(models.IntegerChoices):
    PREPARATION = 1, _("Preparation")
    EXECUTION = 2, _("Execution")
    IMPLEMENTATION = 3, _("Implementation")


# Phases in which clients should do more than listen or think along.
LATER_PHASES = frozenset({Phase.EXECUTION, Phase.IMPLEMENTATION})


class GroupKind(models.TextChoices):
    CLIENTS = "clients", _("clients")
    RELATIVES = "relatives", _("relatives")
    CLIENT_COUNCIL = "client_council", _("client council")
    OTHER = "other", _("other group")


class AssessmentKind(models.TextChoices):
    AGREEMENT = "agreement", _("agreement at the start")
    INTERIM = "interim", _("interim check")
    EVALUATION = "evaluation", _("evaluation afterwards")


# Kinds of assessment that record what actually happened.
KINDS_WITH_ACTUAL = frozenset({AssessmentKind.INTERIM, AssessmentKind.EVALUATION})


class Project(models.Model):
    """A participation project: a PARTNER trajectory, a policy project, a research project."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="matrix_projects", verbose_name=_("organisation")
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="matrix_projects",
        verbose_name=_("location or team"),
    )
    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="matrix_projects",
        verbose_name=_("PARTNER trajectory"),
    )
    name = models.CharField(_("name"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), max_length=TEXT_MAX_LENGTH, blank=True)
    start_date = models.DateField(_("start date"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("participation project")
        verbose_name_plural = _("participation projects")
        permissions = [("edit_matrix", "Can record assessments of the project")]

    def __str__(self) -> str:
        return self.name


class ProjectUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Project, on_delete=models.CASCADE)


class ProjectGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Project, on_delete=models.CASCADE)


class ProjectRole(models.TextChoices):
    OWNER = "owner", _("owner")
    MEMBER = "member", _("member")


class ProjectMembership(models.Model):
    """Owners edit the matrix; members read it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="matrix_memberships")
    role = models.CharField(_("role"), max_length=20, choices=ProjectRole.choices)

    class Meta:
        ordering = ["-role", "user__first_name", "user__username"]  # owners first
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="unique_matrix_membership")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class ParticipantGroup(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="groups")
    kind = models.CharField(_("group"), max_length=20, choices=GroupKind.choices)
    name = models.CharField(
        _("name"), max_length=100, blank=True, help_text=_("Needed for another group, for example: residents' panel.")
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "kind", "name"], name="unique_participant_group"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.name or str(self.get_kind_display())


class Assessment(models.Model):
    """A dated snapshot of the matrix. Never changed after it is saved."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(_("kind"), max_length=20, choices=AssessmentKind.choices)
    date = models.DateField(_("date"))
    filled_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("filled in by")
    )
    discussed_with = models.CharField(_("discussed with"), max_length=TITLE_MAX_LENGTH, blank=True)
    note = models.TextField(_("note"), max_length=TEXT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d-%m-%Y}"

    @property
    def has_actual(self) -> bool:
        return self.kind in KINDS_WITH_ACTUAL


class Cell(models.Model):
    """One phase × group of an assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="cells")
    group = models.ForeignKey(ParticipantGroup, on_delete=models.PROTECT, related_name="cells")
    phase = models.PositiveSmallIntegerField(_("phase"), choices=Phase.choices)
    desired_role = models.PositiveSmallIntegerField(_("desired role"), choices=Role.choices)
    agreed_role = models.PositiveSmallIntegerField(_("agreed role"), choices=Role.choices)
    actual_role = models.PositiveSmallIntegerField(_("actual role"), choices=Role.choices, null=True, blank=True)
    activities = models.TextField(_("activities"), max_length=TEXT_MAX_LENGTH, blank=True)
    note = models.TextField(_("note"), max_length=TEXT_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["group_id", "phase"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "group", "phase"], name="unique_matrix_cell"),
            models.CheckConstraint(condition=models.Q(phase__gte=1, phase__lte=3), name="matrix_cell_phase_range"),
            models.CheckConstraint(
                condition=models.Q(desired_role__lte=Role.DIRECTOR)
                & models.Q(agreed_role__lte=Role.DIRECTOR)
                & (models.Q(actual_role__isnull=True) | models.Q(actual_role__lte=Role.DIRECTOR)),
                name="matrix_cell_role_range",
            ),
        ]

    @property
    def falls_short(self) -> bool:
        """The actual role is below the agreed one."""
        return self.actual_role is not None and self.actual_role < self.agreed_role
