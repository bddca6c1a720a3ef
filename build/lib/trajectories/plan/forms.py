"""Forms of the action plan: progress notes, reviews and the quality overview's filters."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partner.forms import DateInput, TextCleaningMixin
from trajectories.models import (
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Action,
    ActionProgress,
    ActionStatus,
    Location,
    Theme,
)


class ProgressForm(TextCleaningMixin, forms.ModelForm):
    """A dated note on how an action is going."""

    class Meta:
        model = ActionProgress
        fields = ["date", "text"]
        labels = {"text": _("What happened?")}
        widgets = {"date": DateInput(), "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate

    def _post_clean(self):
        pass


class ReviewForm(TextCleaningMixin, forms.Form):
    """A follow-up moment: the date, a title, what changed, and per action its status and what changed."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("For example: After 3 months, or After 6 months."),
    )
    summary = forms.CharField(
        label=_("What changed for clients?"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In plain words: what is different now for clients, all in all?"),
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate
        self.actions = list(actions)
        for action in self.actions:
            self.fields[self.status_name(action)] = forms.ChoiceField(
                label=_("Status"), choices=ActionStatus.choices, initial=action.status
            )
            self.fields[self.changed_name(action)] = forms.CharField(
                label=_("What changed for clients?"),
                max_length=TEXT_MAX_LENGTH,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    @staticmethod
    def status_name(action) -> str:
        return f"action-{action.pk}-status"

    @staticmethod
    def changed_name(action) -> str:
        return f"action-{action.pk}-what_changed"

    def action_rows(self) -> list[tuple[Action, forms.BoundField, forms.BoundField]]:
        """Per action its two fields, for the template."""
        return [(action, self[self.status_name(action)], self[self.changed_name(action)]) for action in self.actions]

    def outcomes(self) -> dict[int, tuple[str, str]]:
        """The cleaned outcomes as the service wants them: {action pk: (status, what changed)}."""
        return {
            action.pk: (self.cleaned_data[self.status_name(action)], self.cleaned_data[self.changed_name(action)])
            for action in self.actions
        }


class ActionFilterForm(forms.Form):
    """Quality staff filter every action of their organisation (GET; every field optional)."""

    location = forms.ModelChoiceField(
        label=_("Location or team"), queryset=Location.objects.none(), required=False, empty_label=_("All")
    )
    # The default message repeats the value typed into the URL, control characters and all.
    _invalid = {"invalid_choice": _("Choose one of the options in the list.")}
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ActionStatus.choices], error_messages=_invalid
    )
    theme = forms.ChoiceField(
        label=_("Theme"), required=False, choices=[("", _("All")), *Theme.choices], error_messages=_invalid
    )
    overdue = forms.BooleanField(label=_("Only overdue actions"), required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.filter(organisation=organisation)
