"""Forms of notifications and personal settings: input only; the views call ``services``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from trajectories.models import EmailFrequency


class EmailFrequencyForm(forms.Form):
    email_frequency = forms.ChoiceField(
        label=_("E-mail me about news"), choices=EmailFrequency.choices, widget=forms.RadioSelect,
        help_text=_("E-mails say only which trajectory and what kind of news; you read the rest after signing in."),
    )


class CalendarAddressForm(forms.Form):
    """Make a new secret calendar address (the old one stops working), or turn it off."""

    action = forms.ChoiceField(choices=[("renew", _("new address")), ("revoke", _("turn off"))])
