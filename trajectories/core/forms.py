"""Forms validate input only; views hand the cleaned data to ``services``.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partner.forms import DateInput, PrimaryKeysField, TextCleaningMixin, TimeInput
from partner.refusals import refusal
from trajectories.core.selectors import membership_list, people_to_pick, person_label, shared_agenda_item_list
from trajectories.models import (
    TEXT_MAX_LENGTH,
    Action,
    AgendaItem,
    Dialogue,
    Location,
    Meeting,
    MemberRole,
    Membership,
    StaffReflection,
    StaffSummary,
    Step,
    Theme,
    Topic,
    Trajectory,
)
from trajectories.toolkit.selectors import visible_methods


class TrajectoryForm(TextCleaningMixin, forms.ModelForm):
    class Meta:
        model = Trajectory
        fields = ["title", "subject", "care_context", "location", "description", "start_date", "end_date"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "start_date": DateInput(),
            "end_date": DateInput(),
        }
        help_texts = {
            "subject": _("For example: eating and drinking, feeling at home, daytime activities."),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.filter(organisation=organisation)
        self.fields["location"].required = False

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", refusal(_("The end date cannot be before the start date."), code="dates"))
        return cleaned

    def _post_clean(self):
        # The model's constraints are checked by the service; skip the instance round trip
        # so that a form for a new trajectory does not need an organisation yet.
        pass


class StepMoveForm(TextCleaningMixin, forms.Form):
    expected_step = forms.TypedChoiceField(choices=Step.choices, coerce=int)
    reason = forms.CharField(label=_("Why?"), max_length=TEXT_MAX_LENGTH, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class MembershipAddForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=get_user_model().objects.none())
    role = forms.ChoiceField(label=_("Role in this trajectory"), choices=MemberRole.choices)
    is_relative = forms.BooleanField(
        label=_("Relative (naaste) of a client"),
        required=False,
        help_text=_("Only for the client role."),
    )

    def __init__(self, *args, trajectory: Trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        # Never a guest account: ``services.membership_add`` refuses them too.
        self.fields["user"].queryset = people_to_pick(
            organisation_id=trajectory.organisation_id,
            exclude_user_ids=Membership.objects.filter(trajectory=trajectory).values("user_id"),
        )
        self.fields["user"].label_from_instance = person_label

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_relative") and cleaned.get("role") != MemberRole.CLIENT:
            self.add_error("is_relative", refusal(_("Only someone on the client side can be a relative."), code="role"))
        return cleaned


class MethodChoiceField(PrimaryKeysField):
    """Working methods from the library, shown by their name in the user's language."""

    def label_from_instance(self, method):
        return method.localized.name


class MeetingForm(TextCleaningMixin, forms.ModelForm):
    methods = MethodChoiceField(
        label=_("Working methods from the library"), queryset=Meeting.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The session page shows the guide of each method you pick, and prints it as a card."),
    )

    class Meta:
        model = Meeting
        fields = [
            "kind", "title", "date", "start_time", "end_time", "place", "step", "group", "methods", "method", "notes",
        ]
        widgets = {
            "date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "notes": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {"method": _("Other working method (optional)")}
        help_texts = {
            "title": _("For example: Photos of a good meal, or Visit to De Lindeboom."),
            "method": _("For example: photos, conversation cards, a walk, life stories."),
            "notes": _("Only the group of this session (and the facilitator) can read these notes."),
        }

    def __init__(self, *args, organisation_id, **kwargs):
        super().__init__(*args, **kwargs)

        methods = visible_methods(organisation_id=organisation_id)
        self.fields["methods"].queryset = methods
        # The library in a useful order: by the step the session is for, then by name.
        self.fields["methods"].choices = sorted(
            ((method.pk, method.localized.name) for method in methods), key=lambda choice: choice[1].casefold()
        )
        if self.instance.pk and not self.is_bound:
            self.initial["methods"] = [planned.method_id for planned in self.instance.planned_methods.all()]
        # A form sent without the kind (an older page) plans an ordinary session.
        self.fields["kind"].required = False

    def clean_kind(self):
        return self.cleaned_data.get("kind") or "session"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if end is not None and start is None:
            self.add_error("start_time", ValidationError(_("Fill in when the session starts."), code="start_missing"))
        elif start is not None and end is not None and end <= start:
            self.add_error("end_time", ValidationError(_("The session must end after it starts."), code="end_before_start"))
        return cleaned

    def _post_clean(self):
        # The service saves (with the methods in order); nothing is copied onto the session here.
        pass


class TopicForm(TextCleaningMixin, forms.ModelForm):
    """The client's form: few fields, plain words, big choices."""

    class Meta:
        model = Topic
        fields = ["title", "theme", "story", "is_anonymous"]
        labels = {
            "title": _("What do you want to talk about?"),
            "theme": _("What is it about?"),
            "story": _("Do you want to tell more? (you can skip this)"),
            "is_anonymous": _("Do not show my name to others"),
        }
        help_texts = {
            "title": _("A few words are enough."),
            "is_anonymous": _("Only the facilitator can see it was you."),
        }
        widgets = {
            "title": forms.TextInput(attrs={"class": "form-control-lg", "autocomplete": "off"}),
            "theme": forms.RadioSelect,
            "story": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = Theme.choices
        if self.instance.pk and self.instance.is_anonymous:
            # Anonymity that was promised cannot be taken back.
            self.fields["is_anonymous"].disabled = True
            self.fields["is_anonymous"].help_text = _("This topic stays anonymous.")


class FacilitatorTopicForm(TopicForm):
    """The facilitator types a topic in for a client in the room."""

    on_behalf_of = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("a client without an account"),
    )

    class Meta(TopicForm.Meta):
        fields = ["on_behalf_of", "on_behalf_of_name", "title", "theme", "story", "is_anonymous"]
        labels = {
            **TopicForm.Meta.labels,
            "title": _("Topic"),
            "theme": _("Theme"),
            "story": _("Story (optional)"),
            "is_anonymous": _("Anonymous to other clients and staff"),
        }

    def __init__(self, *args, trajectory: Trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"].queryset = membership_list(trajectory=trajectory).filter(role=MemberRole.CLIENT)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("on_behalf_of") and cleaned.get("on_behalf_of_name"):
            self.add_error("on_behalf_of_name", refusal(_("Choose a client or type a name, not both."), code="on_behalf"))
        return cleaned


class TopicEditForm(TopicForm):
    pass


class VersionedFormMixin:
    """Optimistic locking for ``AgendaItemForm`` and ``ActionForm``: the page carries the version it
    was made from in a hidden field, and the view hands it to the service as ``expected_version``.
    """

    STALE_CODE = "stale"

    def _init_version(self):
        if self.instance.pk is None:
            del self.fields["version"]  # a new row has no earlier version to compare with
        else:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if "version" in self.errors:
            # A broken version (nobody types it): say so on top of the form, like a page that is out of date.
            del self.errors["version"]
            self.add_error(
                None,
                forms.ValidationError(
                    _(
                        "This page is out of date. Your text is still here: "
                        "compare it with the current version below and save again."
                    ),
                    code=self.STALE_CODE,
                ),
            )
        return cleaned

    @property
    def is_stale(self) -> bool:
        """The save was refused because the page was based on an older version."""
        return self.is_bound and any(error.code == self.STALE_CODE for error in self.non_field_errors().as_data())

    def changes(self) -> dict:
        """What was typed, for the service (the version goes to it as ``expected_version``)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}

    @property
    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version")

    def base_on_version(self, version: int) -> None:
        """Keep what was typed, but let the next save be based on ``version`` (the current one)."""
        data = self.data.copy()
        data[self.add_prefix("version")] = str(version)
        self.data = data


class AgendaItemForm(VersionedFormMixin, TextCleaningMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = AgendaItem
        fields = ["title", "why", "topics"]
        labels = {
            "title": _("What do we want to change?"),
            "why": _("Why is this important to us?"),
            "topics": _("Which topics does it come from?"),
        }
        widgets = {"why": forms.Textarea(attrs={"rows": 4}), "topics": forms.CheckboxSelectMultiple}
        field_classes = {"topics": PrimaryKeysField}

    def __init__(self, *args, trajectory: Trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.filter(trajectory=trajectory).order_by("pk")
        self.fields["topics"].required = False
        self._init_version()


class StaffReflectionForm(TextCleaningMixin, forms.ModelForm):
    class Meta:
        model = StaffReflection
        fields = ["agenda_item", "text", "is_anonymous"]
        labels = {
            "agenda_item": _("About which agenda item?"),
            "text": _("Your reflection"),
            "is_anonymous": _("Do not show my name to colleagues"),
        }
        help_texts = {"is_anonymous": _("Only the facilitator can see who wrote it.")}
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, trajectory: Trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = shared_agenda_item_list(trajectory=trajectory)
        self.fields["agenda_item"].required = False
        self.fields["agenda_item"].empty_label = _("In general")


class StaffSummaryForm(TextCleaningMixin, forms.ModelForm):
    class Meta:
        model = StaffSummary
        fields = ["text"]
        labels = {"text": _("Summary for clients")}
        help_texts = {"text": _("Clients read this once you share it. Individual reflections stay with staff.")}
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}


class DialogueForm(TextCleaningMixin, forms.ModelForm):
    class Meta:
        model = Dialogue
        fields = ["heard", "agreed"]
        widgets = {"heard": forms.Textarea(attrs={"rows": 4}), "agreed": forms.Textarea(attrs={"rows": 4})}


class ActionForm(VersionedFormMixin, TextCleaningMixin, forms.ModelForm):
    """An action of the plan: what, the concrete steps, who (together with whom), by when, status."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Action
        fields = [
            "what", "steps", "agenda_item", "owner", "co_owners", "due_date", "status", "status_reason", "review_date",
        ]
        widgets = {
            "steps": forms.Textarea(attrs={"rows": 4}),
            "co_owners": forms.CheckboxSelectMultiple,
            "due_date": DateInput(),
            "status_reason": forms.Textarea(attrs={"rows": 3}),
            "review_date": DateInput(),
        }
        field_classes = {"co_owners": PrimaryKeysField}
        help_texts = {
            "steps": _("One step per line: what happens first, and what next?"),
            "co_owners": _("Who does this together with the person above? Clients can take on actions too."),
            "status_reason": _("Needed when the action is adjusted or stopped. Clients read this too."),
            "review_date": _("When do we look together at how this action is going?"),
        }

    def __init__(self, *args, trajectory: Trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        members = membership_list(trajectory=trajectory)
        self.fields["agenda_item"].queryset = shared_agenda_item_list(trajectory=trajectory)
        self.fields["agenda_item"].required = False
        self.fields["agenda_item"].empty_label = _("Not linked to an agenda item")
        self.fields["owner"].queryset = members
        self.fields["co_owners"].queryset = members
        self.fields["co_owners"].required = False
        for name in ("owner", "co_owners"):
            self.fields[name].label_from_instance = lambda m: f"{m.display_name} ({m.role_label})"
        self.fields["status_reason"].required = False
        self.fields["review_date"].required = False
        self._init_version()

    def clean_due_date(self):
        due_date = self.cleaned_data["due_date"]
        is_new = self.instance.pk is None
        changed = not is_new and due_date != self.instance.due_date
        if (is_new or changed) and due_date < timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the past."), code="past_date")
        return due_date

    def _post_clean(self):
        # The service checks the rules and saves. Django would otherwise copy the typed values
        # onto the action before the service sees it, so the service could not tell what changed.
        pass
