"""Form plumbing both apps use: text without control characters, lists of primary keys, dates."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from partner.pk import fits_a_database_integer

# Control characters (except tab and line breaks) and Unicode noncharacters: nobody types them
# on purpose, they make the pages that show them invalid HTML, and PostgreSQL refuses NUL.
# (Django's CharField already refuses NUL itself, with its own message.)
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)


CONTROL_CHARACTERS = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_NONCHARACTERS}]")


class TextCleaningMixin:
    """Refuses control characters in every text field, keeping what was typed on the page.

    Text that is too long is refused by the server with a message ("niet meer dan 200 tekens"), never
    cut off silently: the browser's ``maxlength`` would stop typing or drop the end of what was
    pasted without a word, so the fields do not get it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if isinstance(field, forms.CharField) and isinstance(value, str) and CONTROL_CHARACTERS.search(value):
                self.add_error(
                    name,
                    forms.ValidationError(
                        _(
                            "This text contains invisible control characters (often from copy and paste). "
                            "Remove them and try again."
                        ),
                        code="control_characters",
                    ),
                )
        return cleaned


class PrimaryKeysField(forms.ModelMultipleChoiceField):
    """A multiple choice of objects that refuses ids no database column can hold.

    Django's own check sends every submitted id to the database in an ``IN (...)`` lookup,
    which SQLite cannot do for a number beyond 64 bits (a server error instead of a form error).
    """

    def _check_values(self, value):
        for pk in value:
            try:
                number = int(pk)
            except (TypeError, ValueError):
                continue  # Django's own check refuses it with a form error
            if not fits_a_database_integer(number):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")
