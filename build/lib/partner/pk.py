"""Primary keys from URLs, forms and headers: a number the database can hold, or nothing.

Every primary key that comes from outside goes through ``parse_pk`` (or ``pk_or_404``): a value
that is no whole number, or one no database column could hold, is refused here, before it can
reach a query (SQLite refuses numbers beyond 64 bits with a server error).
"""

from django.http import Http404

MAX_PK = 2**63 - 1


def parse_pk(value) -> int | None:
    """``value`` as a primary key (1 up to the largest 64-bit number), or None."""
    if isinstance(value, str):
        value = value.strip()
        # str.isdigit() also accepts "²" and other digits that int() cannot read.
        if not (value.isascii() and value.isdigit()):
            return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 0 < number <= MAX_PK else None


def pk_or_404(value) -> int:
    """``value`` as a primary key, or 404 (for a URL or a posted id that cannot name a row)."""
    number = parse_pk(value)
    if number is None:
        raise Http404
    return number


def fits_a_database_integer(number: int) -> bool:
    """Whether ``number`` fits a 64-bit integer column (negative ones included)."""
    return -MAX_PK - 1 <= number <= MAX_PK
