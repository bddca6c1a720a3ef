"""Forms of live sessions: opening one, the room screen's controls, joining and the client's questions."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from partner.forms import TextCleaningMixin
from partner.refusals import refusal
from partner.text import normalise_text
from trajectories.core.forms import FacilitatorTopicForm
from trajectories.live.photos import process_photo
from trajectories.live.services import MAX_TIMER_MINUTES
from trajectories.models import MAX_DOTS, TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, LiveSession, Membership, Theme, Topic

NAME_MAX_LENGTH = 60


class PhotoField(forms.FileField):
    """An optional photo, checked and cleaned (EXIF removed, scaled down) while the form validates."""

    widget = forms.ClearableFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"accept": "image/jpeg,image/png,image/webp,image/gif"})

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        return process_photo(upload)


class DotsFields(forms.Form):
    dots_per_client = forms.IntegerField(
        label=_("Dots per client"), min_value=1, max_value=MAX_DOTS, initial=3,
        help_text=_("How many dots each client may place."),
    )
    max_dots_per_topic = forms.IntegerField(
        label=_("At most per topic"), min_value=1, max_value=MAX_DOTS, initial=2,
        help_text=_("How many of their dots a client may put on one topic."),
    )

    def clean(self):
        cleaned = super().clean()
        dots, cap = cleaned.get("dots_per_client"), cleaned.get("max_dots_per_topic")
        if dots and cap and cap > dots:
            self.add_error(
                "max_dots_per_topic", refusal(_("Choose at least 1, and no more than the dots per client."), code="cap")
            )
        return cleaned


class LiveSessionOpenForm(TextCleaningMixin, DotsFields):
    title = forms.CharField(label=_("Name of the session"), max_length=TITLE_MAX_LENGTH)
    field_order = ["title", "dots_per_client", "max_dots_per_topic"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].initial = _("Session of %(date)s") % {
            "date": date_format(timezone.localdate(), "j F Y")
        }


class VotingForm(DotsFields):
    pass


class TimerForm(forms.Form):
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=MAX_TIMER_MINUTES, initial=5)


class TopicChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, topic):
        return topic.title


def _session_topics(session: LiveSession):
    return Topic.objects.filter(trajectory_id=session.trajectory_id, merged_into__isnull=True).order_by(
        "created_at", "pk"
    )


class FocusForm(forms.Form):
    topic = TopicChoiceField(label=_("Topic in focus"), queryset=Topic.objects.none(), required=False,
                             empty_label=_("The whole board"), widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, session: LiveSession, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = _session_topics(session)
        self.fields["topic"].initial = session.focus_topic_id


class MergeForm(forms.Form):
    duplicate = TopicChoiceField(label=_("This topic ..."), queryset=Topic.objects.none())
    into = TopicChoiceField(label=_("... is the same as"), queryset=Topic.objects.none())

    def __init__(self, *args, session: LiveSession, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("duplicate", "into"):
            self.fields[name].queryset = _session_topics(session)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("duplicate") and cleaned.get("duplicate") == cleaned.get("into"):
            self.add_error("into", refusal(_("Choose two different topics."), code="same"))
        return cleaned


class OnBehalfTopicForm(FacilitatorTopicForm):
    """The facilitator types in a topic for a client in the room, with a photo if there is one."""

    photo = PhotoField(label=_("Photo (optional)"))

    class Meta(FacilitatorTopicForm.Meta):
        pass


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, membership):
        return membership.display_name


class OnBehalfVoteForm(TextCleaningMixin, forms.Form):
    voter = MemberChoiceField(
        label=_("On behalf of"), queryset=Membership.objects.none(), required=False,
        empty_label=_("a client without an account"),
    )
    voter_name = forms.CharField(
        label=_("Name or nickname of the client"), max_length=100, required=False,
        help_text=_("For a client without an account. Only used to count their dots; not shown."),
    )
    topic = TopicChoiceField(label=_("Topic"), queryset=Topic.objects.none())

    def __init__(self, *args, session: LiveSession, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["voter"].queryset = clients
        self.fields["topic"].queryset = _session_topics(session)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("voter") and cleaned.get("voter_name"):
            self.add_error("voter_name", refusal(_("Choose a client or type a name, not both."), code="on_behalf"))
        elif not cleaned.get("voter") and not (cleaned.get("voter_name") or "").strip() and not self.errors:
            self.add_error(
                "voter_name",
                refusal(_("Choose a client or type a name, so that each person gets their own dots."), code="on_behalf"),
            )
        return cleaned


# --- the client's side ------------------------------------------------------------------------


class JoinCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The code is on the big screen. Six letters and numbers."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "form-control-lg join-code-input",
                "inputmode": "text",
            }
        ),
        error_messages={"required": _("Type the code from the screen.")},
    )


class JoinNameForm(TextCleaningMixin, forms.Form):
    name = forms.CharField(
        label=_("What is your name?"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        help_text=_("Your first name or a nickname is enough."),
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "class": "form-control-lg"}),
    )

    def clean_name(self):
        return normalise_text(self.cleaned_data["name"])


# One question per screen, in this order. Each screen sends the earlier answers along as hidden
# fields, so it all works without JavaScript and nothing typed is lost.
CLIENT_TOPIC_STEPS = ("theme", "title", "story", "photo")


class ClientTopicForm(TextCleaningMixin, forms.Form):
    theme = forms.ChoiceField(
        label=_("What is it about?"),
        choices=Theme.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what it is about. Tap one of the pictures.")},
    )
    title = forms.CharField(
        label=_("What do you want to tell?"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("A few words are enough."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "form-control-lg"}),
        error_messages={"required": _("Write a few words. What do you want to talk about?")},
    )
    story = forms.CharField(
        label=_("Do you want to tell more?"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        help_text=_("You can skip this."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    photo = PhotoField(
        label=_("Do you want to add a photo?"),
        help_text=_("Take a photo or choose one. You can skip this."),
    )
    is_anonymous = forms.BooleanField(label=_("Do not show my name with it"), required=False)

    def __init__(self, *args, step: str, ask_anonymous: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        position = CLIENT_TOPIC_STEPS.index(step)
        later = CLIENT_TOPIC_STEPS[position + 1:]
        for name in later:
            # Questions still to come are not checked yet.
            self.fields[name].required = False
        if step != "photo":
            del self.fields["photo"]
            del self.fields["is_anonymous"]
        elif not ask_anonymous:
            del self.fields["is_anonymous"]

    def first_step_with_errors(self) -> str | None:
        """The earliest question whose answer was refused: the screen to show again."""
        return next((step for step in CLIENT_TOPIC_STEPS if step in self.errors), None)
