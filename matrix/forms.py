"""Forms validate input only; views hand the cleaned data to ``services``."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from matrix.models import KINDS_WITH_ACTUAL, GroupKind, ParticipantGroup, Phase, Project, ProjectRole, Role
from matrix.services import CellInput
from partner.forms import DateInput, TextCleaningMixin
from partner.refusals import refusal
from trajectories.core.selectors import people_to_pick, person_label
from trajectories.models import Location


class ProjectForm(TextCleaningMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = ["name", "description", "start_date", "location", "trajectory"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "start_date": DateInput()}
        help_texts = {
            "trajectory": _("Only when the project is a PARTNER trajectory."),
        }

    def __init__(self, *args, organisation, trajectories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.filter(organisation=organisation)
        self.fields["location"].required = False
        self.fields["trajectory"].queryset = trajectories
        self.fields["trajectory"].required = False

    def _post_clean(self):
        # The service checks the links; a new project has no organisation until it is created.
        pass


class ProjectCreateForm(ProjectForm):
    groups = forms.MultipleChoiceField(
        label=_("Who takes part?"),
        choices=[(kind, label) for kind, label in GroupKind.choices if kind != GroupKind.OTHER],
        widget=forms.CheckboxSelectMultiple,
        initial=[GroupKind.CLIENTS],
        error_messages={"required": _("Choose at least one group.")},
    )

    class Meta(ProjectForm.Meta):
        fields = ProjectForm.Meta.fields


class GroupForm(TextCleaningMixin, forms.ModelForm):
    class Meta:
        model = ParticipantGroup
        fields = ["kind", "name"]

    def _post_clean(self):
        pass


class ProjectMemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=get_user_model().objects.none())
    role = forms.ChoiceField(label=_("Role in this project"), choices=ProjectRole.choices)

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people_to_pick(
            organisation_id=project.organisation_id, exclude_user_ids=project.memberships.values("user_id")
        )
        self.fields["user"].label_from_instance = person_label


ROLE_CHOICES = [(role.value, role.label) for role in Role]


def cell_field_name(group_pk: int, phase: int, part: str) -> str:
    return f"cell-{group_pk}-{phase}-{part}"


class AssessmentForm(TextCleaningMixin, forms.Form):
    """The whole grid of one assessment: per group and phase a radio choice per row."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    discussed_with = forms.CharField(
        label=_("Discussed with"),
        max_length=200,
        required=False,
        help_text=_("For example: the client council, the client group, the team."),
    )
    note = forms.CharField(label=_("Note"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, kind: str, groups: list[ParticipantGroup], previous_cells=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.groups = groups
        self.with_actual = kind in KINDS_WITH_ACTUAL
        self.parts = ["desired", "agreed"] + (["actual"] if self.with_actual else [])
        previous = {(cell.group_id, cell.phase): cell for cell in previous_cells}
        for group in groups:
            for phase in Phase.values:
                before = previous.get((group.pk, phase))
                for part in self.parts:
                    initial = getattr(before, f"{part}_role", None) if part != "actual" else None
                    self.fields[cell_field_name(group.pk, phase, part)] = forms.TypedChoiceField(
                        choices=ROLE_CHOICES,
                        coerce=int,
                        required=False,
                        widget=forms.RadioSelect,
                        initial=initial,
                        # Not Django's message, which repeats the value sent (even a NUL byte) on the page.
                        error_messages={"invalid_choice": _("Choose a role.")},
                    )
                self.fields[cell_field_name(group.pk, phase, "activities")] = forms.CharField(
                    label=_("Activities"),
                    max_length=5000,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    initial=getattr(before, "activities", ""),
                )
                self.fields[cell_field_name(group.pk, phase, "note")] = forms.CharField(
                    label=_("Note"),
                    max_length=5000,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def clean(self):
        cleaned = super().clean()
        missing = False
        for group in self.groups:
            for phase in Phase.values:
                for part in self.parts:
                    name = cell_field_name(group.pk, phase, part)
                    if name in self.errors:
                        continue
                    if cleaned.get(name) in (None, ""):
                        self.add_error(name, refusal(_("Choose a role."), code="required"))
                        missing = True
        if missing:
            raise forms.ValidationError(
                _("The grid is not complete. Every row needs a choice; the rows without one are marked."),
                code="incomplete",
            )
        return cleaned

    def cells(self) -> dict[tuple[int, int], CellInput]:
        data = self.cleaned_data
        return {
            (group.pk, phase): CellInput(
                desired_role=data[cell_field_name(group.pk, phase, "desired")],
                agreed_role=data[cell_field_name(group.pk, phase, "agreed")],
                actual_role=data[cell_field_name(group.pk, phase, "actual")] if self.with_actual else None,
                activities=data[cell_field_name(group.pk, phase, "activities")],
                note=data[cell_field_name(group.pk, phase, "note")],
            )
            for group in self.groups
            for phase in Phase.values
        }


class OverviewFilterForm(forms.Form):
    location = forms.ModelChoiceField(
        label=_("Location or team"), queryset=Location.objects.none(), required=False, empty_label=_("All")
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.filter(organisation=organisation)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", refusal(_("The end date cannot be before the start date."), code="dates"))
        return cleaned

