"""Reading a CSV of people to invite (an organisation administrator's import): every row checked,
each refusal with its reason, so that the import can be all or nothing.

Written here rather than with a library: the standard ``csv`` module reads the file; what is left
is our own rules (columns, roles in Dutch or English, one invitation per address).
"""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from partner.forms import CONTROL_CHARACTERS
from trajectories.organisations import OrganisationRole

MAX_ROWS = 500
MAX_BYTES = 1_000_000
COLUMNS = {
    "email": {"email", "e-mail", "e-mailadres", "emailadres", "mail"},
    "first_name": {"first_name", "first name", "voornaam", "naam"},
    "role": {"role", "rol"},
}
ROLE_WORDS = {
    OrganisationRole.MEMBER: {"member", "medewerker", "lid", "cliënt", "client", ""},
    OrganisationRole.FACILITATOR: {"facilitator", "procesbegeleider", "begeleider"},
    OrganisationRole.QUALITY: {"quality", "quality staff", "kwaliteit", "kwaliteitsmedewerker"},
    OrganisationRole.ADMIN: {"admin", "beheerder", "organisation administrator"},
}


@dataclass(frozen=True)
class ImportRow:
    line: int
    email: str
    first_name: str
    role: str
    problem: str = ""


def _role_of(word: str) -> str | None:
    word = word.strip().casefold()
    for role, words in ROLE_WORDS.items():
        if word in words:
            return role
    return None


def read_rows(data: bytes) -> tuple[list[ImportRow], str]:
    """The rows of the file with a problem per refused row, or ([], why the file as a whole is refused)."""
    if len(data) > MAX_BYTES:
        return [], _("This file is too large. Import at most 500 people at a time.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], _("This file is not a CSV file in UTF-8. Save it as “CSV UTF-8” and try again.")
    if "\x00" in text:
        return [], _("This file is not a CSV file. Save it as “CSV UTF-8” and try again.")
    delimiter = ";" if text.split("\n", 1)[0].count(";") >= text.split("\n", 1)[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [cell.strip().casefold() for cell in next(reader, [])]
        index = {key: next((i for i, cell in enumerate(header) if cell in names), None) for key, names in COLUMNS.items()}
        if index["email"] is None:
            return [], _("The first line must name the columns, with at least “e-mail”.")
        rows, seen = [], set()
        for line, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                return [], _("This file is too large. Import at most 500 people at a time.")

            def cell(key, cells=cells):
                position = index[key]
                return cells[position].strip() if position is not None and position < len(cells) else ""

            email, first_name, role_word = cell("email"), " ".join(cell("first_name").split()), cell("role")
            role = _role_of(role_word)
            problem = ""
            try:
                validate_email(email)
            except ValidationError:
                problem = _("“%(value)s” is not an e-mail address.") % {"value": email[:100]}
            if not problem and CONTROL_CHARACTERS.search(first_name + role_word):
                problem = _("This line contains invisible control characters.")
            if not problem and role is None:
                problem = _("Unknown role “%(value)s”.") % {"value": role_word[:50]}
            if not problem and email.casefold() in seen:
                problem = _("This address is in the file twice.")
            seen.add(email.casefold())
            rows.append(ImportRow(line=line, email=email, first_name=first_name[:150], role=role or "", problem=problem))
    except csv.Error:
        return [], _("This file is not a CSV file. Save it as “CSV UTF-8” and try again.")
    if not rows:
        return [], _("This file has no people in it.")
    return rows, ""
