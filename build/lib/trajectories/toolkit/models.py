"""The facilitator's toolkit: working methods, tailored trajectories, goals, lessons and reports.

Imported at the end of ``trajectories.models``, so these are models of the ``trajectories`` app.
Texts of the product's own methods and templates are English msgids, shown through the
translation catalogue (``localized``); an organisation's own texts are stored as typed.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from trajectories.core.models import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, CareContext, Meeting, Membership, Trajectory
from trajectories.organisations import Organisation

METHOD_NAME_MAX_LENGTH = 80
METHOD_TEXT_MAX_LENGTH = 3000


class MethodGroup(models.TextChoices):
    CLIENTS = "clients", _("clients")
    STAFF = "staff", _("staff")
    JOINT = "joint", _("clients and staff together")


class Suitability(models.TextChoices):
    DEMENTIA = "dementia", _("people with dementia")
    INTELLECTUAL_DISABILITY = "intellectual_disability", _("people with an intellectual disability")
    LOW_LITERACY = "low_literacy", _("people who read or write little")
    LITTLE_ENERGY = "little_energy", _("people with little energy")
    PSYCHIATRIC_VULNERABILITY = "psychiatric_vulnerability", _("people with a psychiatric vulnerability")
    SIGHT_OR_HEARING = "sight_or_hearing", _("people who see or hear poorly")


def codes_to_text(values) -> str:
    """A list of codes as ``,a,b,``: filterable with ``icontains(",a,")`` on every database."""
    values = [str(value) for value in values]
    return f",{','.join(values)}," if values else ""


def text_to_codes(text: str) -> list[str]:
    return [value for value in (text or "").split(",") if value]


class LocalizedTexts:
    """A method's or template's texts in the current language (the product's own through gettext)."""

    def __init__(self, obj, fields):
        for name in fields:
            value = getattr(obj, name)
            setattr(self, name, gettext(value) if obj.builtin_key and value else value)


class Method(models.Model):
    """A working method (werkvorm) for a session: what it is for, for whom, and how to run it.

    ``organisation`` is empty for the product's starting library, which every organisation sees
    and nobody changes; organisations add their own and adapt copies (``based_on``).
    """

    TEXT_FIELDS = ("name", "purpose", "materials", "how_to", "tips", "accessibility")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="methods",
        verbose_name=_("organisation"),
    )
    builtin_key = models.SlugField(max_length=60, null=True, blank=True, unique=True)
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", verbose_name=_("based on")
    )
    name = models.CharField(_("name"), max_length=METHOD_NAME_MAX_LENGTH)
    purpose = models.TextField(_("what it is for"), max_length=METHOD_TEXT_MAX_LENGTH)
    steps_code = models.CharField(max_length=20)
    group = models.CharField(_("for whom"), max_length=20, choices=MethodGroup.choices)
    suits_code = models.CharField(max_length=200, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    materials = models.TextField(_("materials"), max_length=METHOD_TEXT_MAX_LENGTH, blank=True)
    how_to = models.TextField(_("how to run it"), max_length=METHOD_TEXT_MAX_LENGTH)
    tips = models.TextField(_("tips"), max_length=METHOD_TEXT_MAX_LENGTH, blank=True)
    accessibility = models.TextField(_("accessibility"), max_length=METHOD_TEXT_MAX_LENGTH, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("working method")
        verbose_name_plural = _("working methods")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(builtin_key__isnull=True) | models.Q(organisation__isnull=True),
                name="builtin_methods_belong_to_no_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.localized.name

    @property
    def is_builtin(self) -> bool:
        return self.builtin_key is not None

    @property
    def steps(self) -> list[int]:
        return [int(value) for value in text_to_codes(self.steps_code)]

    @property
    def suits(self) -> list[str]:
        return text_to_codes(self.suits_code)

    @property
    def suits_labels(self) -> list[str]:
        labels = dict(Suitability.choices)
        return [labels[code] for code in self.suits if code in labels]

    @property
    def localized(self) -> LocalizedTexts:
        return LocalizedTexts(self, self.TEXT_FIELDS)


class MeetingMethod(models.Model):
    """A working method planned for a session, in the order the facilitator runs them."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="planned_methods")
    method = models.ForeignKey(Method, on_delete=models.PROTECT, related_name="planned_in")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "method"], name="one_method_once_per_meeting")]


class ParticipantGroup(models.TextChoices):
    CLIENTS = "clients", _("clients")
    RELATIVES = "relatives", _("relatives (naasten)")
    CLIENT_COUNCIL = "client_council", _("a member of the client council")
    STAFF = "staff", _("staff")


class TrajectoryTemplate(models.Model):
    """The structure of a trajectory to start from: groups, step wording and planned sessions.

    Never holds client content. ``organisation`` is empty for the product's templates per care
    context. ``sessions`` is a list of ``{"step", "group", "kind", "week", "title", "methods": [method
    ids or starting-library keys]}``.
    """

    TEXT_FIELDS = ("name", "description")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="trajectory_templates"
    )
    builtin_key = models.SlugField(max_length=60, null=True, blank=True, unique=True)
    name = models.CharField(_("name"), max_length=TITLE_MAX_LENGTH)
    care_context = models.CharField(_("care context"), max_length=20, choices=CareContext.choices)
    subject = models.CharField(_("subject"), max_length=TITLE_MAX_LENGTH, blank=True)
    description = models.TextField(_("description"), max_length=TEXT_MAX_LENGTH, blank=True)
    participant_groups = models.JSONField(default=list, blank=True)
    step_texts = models.JSONField(default=dict, blank=True)
    sessions = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("trajectory template")
        verbose_name_plural = _("trajectory templates")

    def __str__(self) -> str:
        return self.localized.name

    @property
    def localized(self) -> LocalizedTexts:
        return LocalizedTexts(self, self.TEXT_FIELDS)

    def step_text(self, step: int) -> str:
        text = (self.step_texts or {}).get(str(step), "")
        return gettext(text) if self.builtin_key and text else text


class GoalOutcome(models.TextChoices):
    ACHIEVED = "achieved", _("yes")
    PARTLY = "partly", _("partly")
    NOT = "not", _("not (yet)")


class Goal(models.Model):
    """What a participant, or a group, hopes to get out of taking part. Looked back on at the evaluation.

    A personal goal (``member`` set) is for that person and the facilitator; a group goal
    (``member`` empty) for the members of that group.
    """

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="goals")
    member = models.ForeignKey(
        Membership, on_delete=models.CASCADE, null=True, blank=True, related_name="goals", verbose_name=_("whose")
    )
    group = models.CharField(_("group"), max_length=20, choices=MethodGroup.choices)
    text = models.TextField(_("what I hope to get out of it"), max_length=TEXT_MAX_LENGTH)
    created_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(_("did it work out?"), max_length=20, choices=GoalOutcome.choices, blank=True)
    outcome_note = models.TextField(_("what it brought"), max_length=TEXT_MAX_LENGTH, blank=True)
    evaluated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.text[:60]


class Lesson(models.Model):
    """What a facilitator learned from a closed trajectory, shared without client identities
    with the organisation's facilitators and quality staff."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="lessons")
    what_worked = models.TextField(_("what worked"), max_length=TEXT_MAX_LENGTH)
    what_did_not = models.TextField(_("what did not work"), max_length=TEXT_MAX_LENGTH, blank=True)
    what_changed = models.TextField(_("what changed for clients"), max_length=TEXT_MAX_LENGTH, blank=True)
    advice = models.TextField(_("advice for the next trajectory"), max_length=TEXT_MAX_LENGTH, blank=True)
    themes_code = models.CharField(max_length=200, blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")

    @property
    def themes(self) -> list[str]:
        return text_to_codes(self.themes_code)


class LessonMethod(models.Model):
    """A method used in the trajectory, and how well it worked (1 to 5)."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="method_ratings")
    method = models.ForeignKey(Method, on_delete=models.PROTECT, related_name="ratings")
    rating = models.PositiveSmallIntegerField(
        _("how well it worked"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        ordering = ["-rating", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["lesson", "method"], name="one_rating_per_method_per_lesson"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="rating_from_1_to_5"),
        ]


class EvaluationReport(models.Model):
    """A short structured report of the trajectory, after the GRIPP2 short form for reporting
    patient and public involvement: aim, methods, results, outcomes, critical reflection."""

    trajectory = models.OneToOneField(Trajectory, on_delete=models.CASCADE, related_name="evaluation_report")
    aim = models.TextField(_("aim"), max_length=TEXT_MAX_LENGTH)
    methods = models.TextField(_("methods"), max_length=TEXT_MAX_LENGTH)
    results = models.TextField(_("results"), max_length=TEXT_MAX_LENGTH)
    outcomes = models.TextField(_("outcomes"), max_length=TEXT_MAX_LENGTH)
    reflection = models.TextField(_("critical reflection"), max_length=TEXT_MAX_LENGTH)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)


__all__ = [
    "codes_to_text",
    "text_to_codes",
    "EvaluationReport",
    "Goal",
    "GoalOutcome",
    "Lesson",
    "LessonMethod",
    "MeetingMethod",
    "Method",
    "MethodGroup",
    "ParticipantGroup",
    "Suitability",
    "TrajectoryTemplate",
]
