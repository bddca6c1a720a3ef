"""Password rules beyond Django's own, with messages in the interface's language.

Django's validators refuse short, common, numeric-only and user-name-like passwords, but accept
"aaaaaaaaaaaa" or "abababababab": long, yet guessed at once. ``VarietyValidator`` asks for a
minimum number of different characters. (A strength estimator such as zxcvbn would do more, but
its Python port is not maintained; this one rule closes the gap that was found.)

``MinimumLengthValidator`` is Django's, with its message in our own catalogue: Django 5.2 changed
the message's text and its Dutch catalogue has not caught up, so "too short" appeared in English.
"""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short. Use at least %(count)d character.",
            "This password is too short. Use at least %(count)d characters.",
            self.min_length,
        ) % {"count": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Your password must contain at least %(count)d character.",
            "Your password must contain at least %(count)d characters.",
            self.min_length,
        ) % {"count": self.min_length}


class VarietyValidator:
    def __init__(self, min_distinct: int = 6):
        self.min_distinct = min_distinct

    def validate(self, password: str, user=None) -> None:
        if len(set(password.casefold())) < self.min_distinct:
            raise ValidationError(
                ngettext(
                    "This password repeats itself too much. Use at least %(count)d different character.",
                    "This password repeats itself too much. Use at least %(count)d different characters.",
                    self.min_distinct,
                )
                % {"count": self.min_distinct},
                code="password_too_repetitive",
                params={"count": self.min_distinct},
            )

    def get_help_text(self) -> str:
        return _("Your password must contain at least %(count)d different characters.") % {"count": self.min_distinct}
