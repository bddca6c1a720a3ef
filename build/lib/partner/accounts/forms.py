import math

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from partner.locks import serialized

CODE_WIDGET_ATTRS = {"autocomplete": "one-time-code", "inputmode": "numeric", "class": "form-control-lg"}


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("This user name and password do not match. Check them and try again."),
        "inactive": _("This account is switched off. Ask your administrator."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("User name")
        self.fields["password"].label = _("Password")

    def clean(self):
        """Logins for one user name run one at a time, so that the lockout's count of wrong
        passwords (django-axes) cannot be overrun by passwords sent in parallel: each attempt sees
        the failures recorded by the ones before it."""
        username = self.cleaned_data.get("username") or ""
        field = get_user_model().USERNAME_FIELD
        key = get_user_model().normalize_username(username).casefold() if field == "username" else username
        refusal = None
        with serialized(f"login:{key}"):
            try:
                cleaned = super().clean()
            except forms.ValidationError as error:
                # Raised outside the block: the failure django-axes just recorded must be committed.
                refusal = error
        if refusal is not None:
            raise refusal
        return cleaned


def _six_digits(value: str) -> str:
    return "".join((value or "").split())


def _wrong_code() -> forms.ValidationError:
    return forms.ValidationError(
        _("This code is not right (or no longer valid). Type the code the app shows now."), code="invalid"
    )


class TwoFactorCodeForm(forms.Form):
    """The six digits from one of the person's authenticator apps."""

    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs=CODE_WIDGET_ATTRS),
        error_messages={"required": _("Type the six digits from the app.")},
    )

    def __init__(self, *args, devices, **kwargs):
        super().__init__(*args, **kwargs)
        self.devices = devices
        self.device = None

    def clean_token(self):
        token = _six_digits(self.cleaned_data["token"])
        checks = [(device, *device.verify_is_allowed()) for device in self.devices]
        allowed = [device for device, ok, _data in checks if ok]
        if not allowed:
            # After a wrong code each app waits a little longer before it checks again (1, 2, 4 ...
            # seconds): say so, rather than calling a right code wrong.
            until = min((data or {}).get("locked_until") or timezone.now() for _device, _ok, data in checks)
            seconds = max(1, math.ceil((until - timezone.now()).total_seconds()))
            raise forms.ValidationError(
                ngettext(
                    "Wait a moment: you can try again in %(seconds)d second.",
                    "Wait a moment: you can try again in %(seconds)d seconds.",
                    seconds,
                )
                % {"seconds": seconds},
                code="throttled",
            )
        if token.isascii() and token.isdigit() and len(token) == 6:
            for device in allowed:
                if device.verify_token(token):
                    self.device = device
                    return token
        else:
            for device in allowed:
                device.throttle_increment()
        raise _wrong_code()


class AddDeviceForm(forms.Form):
    """A new authenticator app: a name to recognise it by, and a code it shows for the offered key."""

    name = forms.CharField(
        label=_("Name of this app or phone"),
        max_length=64,
        required=False,
        help_text=_("For example: my work phone. So that you can tell your apps apart."),
    )
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs=CODE_WIDGET_ATTRS),
        error_messages={"required": _("Type the six digits from the app.")},
    )

    def __init__(self, *args, pending, **kwargs):
        super().__init__(*args, **kwargs)
        self.pending = pending

    def clean_token(self):
        token = _six_digits(self.cleaned_data["token"])
        if not self.pending.verify(token):
            raise _wrong_code()
        return token
