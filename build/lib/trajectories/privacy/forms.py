"""Forms for privacy (AVG): recording a consent."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partner.forms import TextCleaningMixin
from trajectories.models import TEXT_MAX_LENGTH, ConsentKind


class ConsentForm(TextCleaningMixin, forms.Form):
    """Which consent is given (a button per kind), with an optional note by whoever records it."""

    kind = forms.ChoiceField(label=_("For"), choices=ConsentKind.choices)
    note = forms.CharField(label=_("Note"), max_length=TEXT_MAX_LENGTH, required=False)
