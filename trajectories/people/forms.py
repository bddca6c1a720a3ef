"""Forms for invitations, login cards and an organisation's accounts."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from partner.forms import TextCleaningMixin
from trajectories.core.models import MemberRole
from trajectories.organisations import OrganisationRole

PIN_ATTRS = {"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]*", "class": "form-control-lg"}
TRAJECTORY_INVITE_ROLES = [(MemberRole.CLIENT, MemberRole.CLIENT.label), (MemberRole.STAFF, MemberRole.STAFF.label)]


class InvitationForm(TextCleaningMixin, forms.Form):
    """Who to invite: an address, the first name for the e-mail, the role in the organisation."""

    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role in the organisation"), choices=OrganisationRole.choices)


class TrajectoryInvitationForm(TextCleaningMixin, forms.Form):
    """A facilitator invites someone for their trajectory, as a client or a staff member."""

    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    member_role = forms.ChoiceField(label=_("Takes part as"), choices=TRAJECTORY_INVITE_ROLES)


class InvitationAcceptForm(TextCleaningMixin, forms.Form):
    """The invitee's name, user name and password."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    username = forms.CharField(
        label=_("User name"), max_length=150,
        help_text=_("You sign in with this name (or your e-mail address). Letters, digits and @ . + - _ only."),
    )
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                strip=False)
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        get_user_model().username_validator(username)
        return username

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", forms.ValidationError(_("The two passwords are not the same."), code="mismatch"))
        return cleaned


def _pin(value: str) -> str:
    return "".join((value or "").split())


class LoginCardIssueForm(TextCleaningMixin, forms.Form):
    """The 4-digit PIN that goes with a new card, chosen with the client."""

    pin = forms.CharField(label=_("PIN (4 digits)"), max_length=4, min_length=4, widget=forms.PasswordInput(attrs=PIN_ATTRS))
    pin2 = forms.CharField(label=_("PIN again"), max_length=4, min_length=4, widget=forms.PasswordInput(attrs=PIN_ATTRS))

    def clean_pin(self):
        pin = _pin(self.cleaned_data["pin"])
        if not (pin.isascii() and pin.isdigit() and len(pin) == 4):
            raise forms.ValidationError(_("The PIN is 4 digits."), code="pin")
        return pin

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("pin") and _pin(cleaned.get("pin2", "")) != cleaned["pin"]:
            self.add_error("pin2", forms.ValidationError(_("The two PINs are not the same."), code="mismatch"))
        return cleaned


class CardSignInForm(TextCleaningMixin, forms.Form):
    """Signing in with a login card: its code (filled in by the QR code) and the PIN."""

    code = forms.CharField(label=_("The code on your card"), max_length=20,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                         "class": "form-control-lg"}))
    pin = forms.CharField(label=_("Your PIN (4 digits)"), max_length=8, widget=forms.PasswordInput(attrs=PIN_ATTRS),
                          error_messages={"required": _("Type your 4 digits.")})


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role in the organisation"), choices=OrganisationRole.choices)


class LocationForm(TextCleaningMixin, forms.Form):
    name = forms.CharField(label=_("Name of the location or team"), max_length=200)


class AccountImportForm(forms.Form):
    """A CSV file with a line per person: e-mail, first name, role (the first line names the columns)."""

    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns: e-mail, voornaam, rol (medewerker, procesbegeleider, kwaliteitsmedewerker or beheerder)."),
    )
