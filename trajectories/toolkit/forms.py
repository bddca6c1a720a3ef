"""Forms of the facilitator's toolkit. They validate input; the services check the rules and save."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partner.forms import DateInput, TextCleaningMixin
from partner.refusals import refusal
from trajectories.models import (
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    CareContext,
    GoalOutcome,
    Location,
    MethodGroup,
    ParticipantGroup,
    Step,
    Suitability,
    Theme,
)
from trajectories.toolkit.models import METHOD_NAME_MAX_LENGTH, METHOD_TEXT_MAX_LENGTH

_invalid = {"invalid_choice": _("Choose one of the options in the list.")}


def _textarea(rows=4):
    return forms.Textarea(attrs={"rows": rows})


class MethodForm(TextCleaningMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=METHOD_NAME_MAX_LENGTH)
    purpose = forms.CharField(label=_("What it is for"), max_length=METHOD_TEXT_MAX_LENGTH, widget=_textarea(3))
    steps = forms.TypedMultipleChoiceField(
        label=_("Fits these steps"), choices=Step.choices, coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one step."), **_invalid},
    )
    group = forms.ChoiceField(label=_("For whom"), choices=MethodGroup.choices, error_messages=_invalid)
    suits = forms.MultipleChoiceField(
        label=_("Suits"), choices=Suitability.choices, required=False, widget=forms.CheckboxSelectMultiple,
        error_messages=_invalid,
    )
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, max_value=480)
    materials = forms.CharField(label=_("Materials"), max_length=METHOD_TEXT_MAX_LENGTH, required=False,
                                widget=_textarea(3))
    how_to = forms.CharField(label=_("How to run it"), max_length=METHOD_TEXT_MAX_LENGTH, widget=_textarea(8),
                             help_text=_("One step per line."))
    tips = forms.CharField(label=_("Tips"), max_length=METHOD_TEXT_MAX_LENGTH, required=False, widget=_textarea(3))
    accessibility = forms.CharField(
        label=_("Accessibility"), max_length=METHOD_TEXT_MAX_LENGTH, required=False, widget=_textarea(3),
        help_text=_("How to adapt it: plain language, pictures, less energy, poor sight or hearing."),
    )

    def clean(self):
        cleaned = super().clean()
        for name in ("name", "purpose", "how_to"):
            value = cleaned.get(name)
            if isinstance(value, str) and not value.strip() and name not in self.errors:
                self.add_error(name, refusal(_("Fill this in."), code="required"))
        return cleaned

    @classmethod
    def initial_for(cls, method) -> dict:
        texts = method.localized
        return {
            **{name: getattr(texts, name) for name in ("name", "purpose", "materials", "how_to", "tips",
                                                     "accessibility")},
            "steps": method.steps,
            "group": method.group,
            "suits": method.suits,
            "duration_minutes": method.duration_minutes,
        }


class MethodFilterForm(forms.Form):
    """Searching and filtering the library (GET; every field optional)."""

    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    step = forms.TypedChoiceField(
        label=_("Step"), choices=[("", _("All")), *Step.choices], coerce=int, empty_value=None, required=False,
        error_messages=_invalid,
    )
    group = forms.ChoiceField(label=_("For whom"), choices=[("", _("All")), *MethodGroup.choices], required=False,
                              error_messages=_invalid)
    suits = forms.MultipleChoiceField(
        label=_("Suits"), choices=Suitability.choices, required=False, widget=forms.CheckboxSelectMultiple,
        error_messages=_invalid,
    )


class TailorForm(TextCleaningMixin, forms.Form):
    participant_groups = forms.MultipleChoiceField(
        label=_("Who takes part"), choices=ParticipantGroup.choices, required=False,
        widget=forms.CheckboxSelectMultiple, error_messages=_invalid,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for step in Step:
            self.fields[f"step_{step.value}"] = forms.CharField(
                label=_("Step %(number)d: %(label)s, in our words") % {"number": step.value, "label": step.label},
                max_length=TEXT_MAX_LENGTH, required=False, widget=_textarea(3),
            )

    def step_texts(self) -> dict:
        return {str(step.value): self.cleaned_data.get(f"step_{step.value}", "") for step in Step}


class NewTrajectoryForm(TextCleaningMixin, forms.Form):
    """The few facts a trajectory from a template or a copy needs."""

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    location = forms.ModelChoiceField(label=_("Location or team"), queryset=Location.objects.none(), required=False)

    def __init__(self, *args, organisation_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.filter(organisation_id=organisation_id)
        self.fields["start_date"].initial = timezone.localdate

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        if abs(start.year - timezone.localdate().year) > 20:
            raise forms.ValidationError(_("Choose a start date within twenty years from now."), code="date_range")
        return start


class TemplateSaveForm(TextCleaningMixin, forms.Form):
    name = forms.CharField(label=_("Name of the template"), max_length=TITLE_MAX_LENGTH)


class GoalForm(TextCleaningMixin, forms.Form):
    text = forms.CharField(
        label=_("What do you hope to get out of taking part?"), max_length=TEXT_MAX_LENGTH, widget=_textarea(3),
        help_text=_("For example: to be heard, to meet others, that something changes for everyone."),
    )
    group = forms.ChoiceField(
        label=_("A goal of"), required=False, error_messages=_invalid,
        choices=[("", _("me myself")), *MethodGroup.choices],
    )

    def __init__(self, *args, for_groups: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not for_groups:
            del self.fields["group"]


class GoalEvaluateForm(TextCleaningMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Did it work out?"), choices=GoalOutcome.choices, widget=forms.RadioSelect,
                                error_messages=_invalid)
    note = forms.CharField(label=_("What did it bring?"), max_length=TEXT_MAX_LENGTH, required=False,
                           widget=_textarea(3))


RATING_CHOICES = [("", _("not used")), *[(str(n), str(n)) for n in range(1, 6)]]


class LessonForm(TextCleaningMixin, forms.Form):
    what_worked = forms.CharField(label=_("What worked?"), max_length=TEXT_MAX_LENGTH, widget=_textarea(4))
    what_did_not = forms.CharField(label=_("What did not work?"), max_length=TEXT_MAX_LENGTH, required=False,
                                   widget=_textarea(4))
    what_changed = forms.CharField(label=_("What changed for clients?"), max_length=TEXT_MAX_LENGTH,
                                   required=False, widget=_textarea(4))
    advice = forms.CharField(label=_("Advice for the next trajectory"), max_length=TEXT_MAX_LENGTH,
                             required=False, widget=_textarea(3))
    themes = forms.MultipleChoiceField(label=_("Themes"), choices=Theme.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple, error_messages=_invalid)

    def __init__(self, *args, methods, **kwargs):
        super().__init__(*args, **kwargs)
        self.methods = list(methods)
        for method in self.methods:
            self.fields[f"method-{method.pk}"] = forms.TypedChoiceField(
                label=method.localized.name, choices=RATING_CHOICES, coerce=int, empty_value=None, required=False,
                error_messages=_invalid,
            )

    def method_fields(self):
        return [self[f"method-{method.pk}"] for method in self.methods]

    def method_ratings(self) -> dict:
        return {
            method: self.cleaned_data[f"method-{method.pk}"]
            for method in self.methods
            if self.cleaned_data.get(f"method-{method.pk}")
        }


class LessonFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    care_context = forms.ChoiceField(label=_("Care context"), choices=[("", _("All")), *CareContext.choices],
                                     required=False, error_messages=_invalid)
    theme = forms.ChoiceField(label=_("Theme"), choices=[("", _("All")), *Theme.choices], required=False,
                              error_messages=_invalid)
    method = forms.ModelChoiceField(label=_("Working method"), queryset=None, required=False, empty_label=_("All"),
                                    error_messages=_invalid)

    def __init__(self, *args, methods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].queryset = methods
        self.fields["method"].label_from_instance = lambda method: method.localized.name


class EvaluationReportForm(TextCleaningMixin, forms.Form):
    aim = forms.CharField(label=_("1. Aim"), max_length=TEXT_MAX_LENGTH, widget=_textarea(4),
                          help_text=_("What did the trajectory want to achieve, and with whom?"))
    methods = forms.CharField(label=_("2. Methods"), max_length=TEXT_MAX_LENGTH, widget=_textarea(4),
                              help_text=_("How did clients and staff take part: sessions, working methods, roles."))
    results = forms.CharField(label=_("3. Results"), max_length=TEXT_MAX_LENGTH, widget=_textarea(4),
                              help_text=_("What came out of it: the agenda, the actions, what was done."))
    outcomes = forms.CharField(label=_("4. Outcomes"), max_length=TEXT_MAX_LENGTH, widget=_textarea(4),
                               help_text=_("What changed for clients and staff, and for the organisation?"))
    reflection = forms.CharField(label=_("5. Critical reflection"), max_length=TEXT_MAX_LENGTH, widget=_textarea(4),
                                 help_text=_("What went well, what went less well, what would you do differently?"))

