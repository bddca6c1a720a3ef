"""A refusal: the ``ValidationError`` a service or form raises when a rule is broken, with its code.

Every refusal carries a ``code`` (snake_case, one per rule: ``closed``, ``organisation``,
``duplicate``, ...) so that tests and views can tell refusals apart without comparing translated
messages.

Why a helper: Django silently drops the code of ``ValidationError({"field": "message"}, code="x")``:
each value of a dict becomes ``ValidationError(value)`` without one. A refusal about a field is
therefore a dict of *coded* errors, which is what ``refusal(..., field=...)`` builds. A refusal not
about a field may equally be raised as ``ValidationError(message, code=...)``; a refusal about
several fields at once is ``ValidationError({field: refusal(message, code=...), ...})``.
``tests/test_refusal_codes.py`` checks the whole tree for it.
"""

from django.core.exceptions import ValidationError


def refusal(message: str, *, code: str, field: str | None = None, params: dict | None = None) -> ValidationError:
    """The refusal ``message`` with ``code``: about ``field`` when given, otherwise about the whole
    request. ``params`` fill in ``message`` when Django shows it (leave them out when the message is
    already filled in: Django would apply them a second time)."""
    error = ValidationError(message, code=code, params=params)
    return error if field is None else ValidationError({field: error})
