"""What a refusal (a ``ValidationError``) says: its codes, and its message as the service raised it."""

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext


def _error(error: pytest.ExceptionInfo | ValidationError) -> ValidationError:
    return error.value if isinstance(error, pytest.ExceptionInfo) else error


def error_codes(error: pytest.ExceptionInfo | ValidationError) -> dict[str, list] | list:
    """The codes of a refusal: ``{field: [codes]}`` for one about fields, otherwise ``[codes]``."""
    error = _error(error)
    if hasattr(error, "error_dict"):
        return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}
    return [e.code for e in error.error_list]


def says(error: pytest.ExceptionInfo | ValidationError, msgid: str, **params) -> bool:
    """The refusal carries ``msgid`` (in the active language, as the service raised it, with ``params``).

    For the refusals that have no code yet, this is what tells them apart.
    """
    message = gettext(msgid) % params if params else gettext(msgid)
    return message in " ".join(_error(error).messages)
