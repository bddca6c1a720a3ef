"""The translation catalogues are complete and in step with the code, and the language choice works.

The interface's source strings are English msgids; Dutch (the default) comes from
``locale/nl/LC_MESSAGES/django.po``. English needs no translations, its catalogue only exists so
that ``makemessages`` keeps both in step. After changing a string, run ``make messages`` (needs
GNU gettext), fill in the Dutch and commit the ``.po`` and ``.mo`` files.
"""

import ast
import os
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext, ngettext, override
from django.utils.translation.template import templatize

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
FIX = "Run `make messages`, translate what is new in locale/nl/LC_MESSAGES/django.po and commit the .po and .mo files."

# The same folders ``make messages`` leaves out (``--ignore '.venv/*' --ignore 'tests/*'``), plus
# what makemessages skips by itself (hidden folders, STATIC_ROOT).
SKIPPED_DIRS = {"tests", "node_modules", Path(settings.STATIC_ROOT).name, "__pycache__"}

PLACEHOLDER = re.compile(r"%\((\w+)\)")


def po_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / "django.po"


def load_po(code: str) -> polib.POFile:
    return polib.pofile(str(po_path(code)))


@pytest.fixture(scope="module")
def dutch_po():
    return load_po("nl")


def key(entry) -> tuple:
    return (entry.msgctxt or None, entry.msgid, entry.msgid_plural or None)


def label(message_key: tuple) -> str:
    context, msgid, plural = message_key
    text = repr(msgid)
    if plural:
        text += f" / {plural!r}"
    if context:
        text += f" (context {context!r})"
    return text


# --- the catalogues themselves ------------------------------------------------------------------


def test_the_dutch_catalogue_has_a_proper_header(dutch_po):
    assert not dutch_po.metadata_is_fuzzy, "remove '#, fuzzy' from the header of the Dutch catalogue"
    assert dutch_po.metadata["Language"] == "nl"
    assert dutch_po.metadata["Project-Id-Version"] == "PARTNER"
    assert dutch_po.metadata["Plural-Forms"].replace(" ", "") == "nplurals=2;plural=(n!=1);"
    assert dutch_po.metadata["Content-Type"] == "text/plain; charset=UTF-8"


def test_the_english_catalogue_has_a_proper_header():
    english = load_po("en")
    assert not english.metadata_is_fuzzy, "remove '#, fuzzy' from the header of the English catalogue"
    assert english.metadata["Language"] == "en"


def test_every_dutch_entry_is_translated_and_none_is_fuzzy_or_obsolete(dutch_po):
    untranslated = [label(key(entry)) for entry in dutch_po.untranslated_entries()]
    fuzzy = [label(key(entry)) for entry in dutch_po.fuzzy_entries()]
    obsolete = [label(key(entry)) for entry in dutch_po.obsolete_entries()]
    assert not untranslated, f"{len(untranslated)} entries have no Dutch yet: {untranslated}"
    assert not fuzzy, f"fuzzy entries (check the Dutch, then remove the fuzzy flag): {fuzzy}"
    assert not obsolete, f"obsolete entries: {obsolete}. {FIX}"
    for entry in dutch_po:
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0, 1], f"{label(key(entry))} needs msgstr[0] and msgstr[1]"
            assert all(text.strip() for text in entry.msgstr_plural.values()), label(key(entry))
        else:
            assert entry.msgstr.strip(), label(key(entry))


def test_both_catalogues_hold_the_same_messages(dutch_po):
    english = load_po("en")
    assert {key(entry) for entry in english} == {key(entry) for entry in dutch_po}, FIX


def test_english_needs_no_translations():
    """English falls back to the msgids; a filled English msgstr would silently change the source text."""
    filled = [label(key(entry)) for entry in load_po("en").translated_entries()]
    assert not filled, f"English entries should stay empty: {filled}"


def placeholder_problems(source: str, translation: str) -> list[str]:
    problems = []
    if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
        problems.append(
            f"placeholders {sorted(PLACEHOLDER.findall(translation))} in {translation!r} "
            f"differ from {sorted(PLACEHOLDER.findall(source))} in {source!r}"
        )
    # Whatever is left after taking out %(name)s and %% must have no lone % either.
    rest = PLACEHOLDER.sub("", translation).replace("%%", "")
    source_rest = PLACEHOLDER.sub("", source).replace("%%", "")
    if rest.count("%") != source_rest.count("%"):
        problems.append(f"stray % in {translation!r}")
    return problems


def test_dutch_placeholders_match_the_source(dutch_po):
    problems = []
    for entry in dutch_po.translated_entries():
        if entry.msgid_plural:
            problems += placeholder_problems(entry.msgid, entry.msgstr_plural[0])
            problems += placeholder_problems(entry.msgid_plural, entry.msgstr_plural[1])
        else:
            problems += placeholder_problems(entry.msgid, entry.msgstr)
    assert not problems, "\n".join(problems)


def test_python_format_flags_are_consistent(dutch_po):
    """makemessages marks strings with %(name)s as python-format; msgfmt then checks them."""
    missing = [
        label(key(entry))
        for entry in dutch_po
        if PLACEHOLDER.search(entry.msgid) and "python-format" not in entry.flags
    ]
    assert not missing, f"python-format flag missing on {missing}. {FIX}"


# --- compiled catalogues -------------------------------------------------------------------------


def pairs_of_po(po: polib.POFile) -> set[tuple]:
    result = set()
    for entry in po.translated_entries():
        if entry.msgid_plural:
            forms = tuple(sorted(entry.msgstr_plural.items()))
            result.add((entry.msgctxt or None, entry.msgid, entry.msgid_plural, forms))
        else:
            result.add((entry.msgctxt or None, entry.msgid, None, entry.msgstr))
    return result


def pairs_of_mo(mo: polib.MOFile) -> set[tuple]:
    result = set()
    for entry in mo:
        if entry.msgid == "" and not entry.msgctxt:
            continue  # the header
        if entry.msgid_plural:
            forms = tuple(sorted((int(index), text) for index, text in entry.msgstr_plural.items()))
            result.add((entry.msgctxt or None, entry.msgid, entry.msgid_plural, forms))
        else:
            result.add((entry.msgctxt or None, entry.msgid, None, entry.msgstr))
    return result


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_compiled_catalogue_is_up_to_date(code):
    mo_path = po_path(code).with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing. {FIX}"
    po_pairs = pairs_of_po(load_po(code))
    mo_pairs = pairs_of_mo(polib.mofile(str(mo_path)))
    stale = sorted(po_pairs - mo_pairs, key=str)[:10]
    extra = sorted(mo_pairs - po_pairs, key=str)[:10]
    assert po_pairs == mo_pairs, (
        f"{mo_path.relative_to(settings.BASE_DIR)} does not match its .po file "
        f"(not in the .mo: {stale}; only in the .mo: {extra}). {FIX}"
    )


def test_django_uses_the_dutch_catalogue():
    with override("nl"):
        assert gettext("User name") == "Gebruikersnaam"
        assert gettext("Password") == "Wachtwoord"
        assert ngettext("%(counter)s topic", "%(counter)s topics", 1) % {"counter": 1} == "1 onderwerp"
        assert ngettext("%(counter)s topic", "%(counter)s topics", 3) % {"counter": 3} == "3 onderwerpen"
    with override("en"):
        assert gettext("User name") == "User name"


# --- the catalogue is in step with the code --------------------------------------------------------


def source_files(*suffixes: str):
    base = Path(settings.BASE_DIR)
    for directory, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIPPED_DIRS)
        for filename in sorted(filenames):
            if filename.endswith(suffixes):
                yield Path(directory) / filename


# gettext-like functions and which positional arguments are (context, msgid, plural), as
# makemessages passes them to xgettext.
KEYWORDS = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}


def message_key(function: str, arguments: list) -> tuple | None:
    """(context, msgid, plural) if the needed arguments are plain strings, else None."""
    context_at, msgid_at, plural_at = KEYWORDS[function]
    needed = [at for at in (context_at, msgid_at, plural_at) if at is not None]
    if len(arguments) <= max(needed) or not all(isinstance(arguments[at], str) for at in needed):
        return None
    return (
        arguments[context_at] if context_at is not None else None,
        arguments[msgid_at],
        arguments[plural_at] if plural_at is not None else None,
    )


def python_messages(path: Path) -> set[tuple]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        function = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if function not in KEYWORDS:
            continue
        arguments = [arg.value if isinstance(arg, ast.Constant) else None for arg in node.args]
        found_key = message_key(function, arguments)
        if found_key:
            found.add(found_key)
    return found


STRING = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
TEMPLATE_CALL = re.compile(rf"\b({'|'.join(KEYWORDS)})\(\s*((?:{STRING}\s*,\s*)*{STRING})")


def template_messages(path: Path) -> set[tuple]:
    """Django's own ``templatize`` (what makemessages runs) turns {% translate %},
    {% blocktranslate %} (with count, context and trimmed) and _("...") in tags into gettext
    calls with string literals; those are read back here."""
    found = set()
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for match in TEMPLATE_CALL.finditer(code):
        arguments = [ast.literal_eval(literal) for literal in re.findall(STRING, match.group(2))]
        found_key = message_key(match.group(1), arguments)
        if found_key:
            found.add(found_key)
    return found


@pytest.fixture(scope="module")
def code_messages() -> dict[tuple, str]:
    """Every message in the code, with one file it comes from.

    Python files are parsed with ``ast``, so implicit string concatenation is understood; calls
    whose message is not a plain string literal (a variable, an f-string) are skipped, as
    makemessages would skip them too.
    """
    messages = {}
    for path in source_files(".py"):
        for found in python_messages(path):
            messages.setdefault(found, str(path.relative_to(settings.BASE_DIR)))
    for path in source_files(".html", ".txt"):
        for found in template_messages(path):
            messages.setdefault(found, str(path.relative_to(settings.BASE_DIR)))
    return messages


def test_the_code_scan_finds_messages(code_messages):
    """Guards the scan itself: a broken scan would make the next test pass on nothing."""
    keys = set(code_messages)
    assert (None, "User name", None) in keys  # Python, gettext_lazy
    assert (None, "Skip to content", None) in keys  # {% translate %}
    assert (None, "Logged in as %(name)s", None) in keys  # {% blocktranslate with %}
    assert (None, "%(counter)s topic", "%(counter)s topics") in keys  # {% blocktranslate count %}
    assert (None, "Other actions", None) in keys  # _("...") inside a template tag
    assert len(keys) > 300


def test_every_message_in_the_code_is_translated_into_dutch(dutch_po, code_messages):
    catalogue = {key(entry): entry for entry in dutch_po}
    missing = [f"{label(found)} from {where}" for found, where in sorted(code_messages.items(), key=str)
               if found not in catalogue]
    assert not missing, f"not in the Dutch catalogue: {missing}. {FIX}"
    untranslated = [label(found) for found in code_messages if not catalogue[found].translated()]
    assert not untranslated, f"no Dutch for {untranslated}"


def test_the_catalogue_has_no_messages_the_code_no_longer_uses(dutch_po, code_messages):
    unused = [label(key(entry)) for entry in dutch_po if key(entry) not in code_messages]
    assert not unused, f"the Dutch catalogue has messages the code no longer uses: {unused}. {FIX}"


# --- choosing the language -------------------------------------------------------------------------

LOGIN_URL = "/inloggen/"


def login_page(client, **headers) -> str:
    response = client.get(LOGIN_URL, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def assert_dutch(page: str):
    assert '<html lang="nl">' in page
    assert "Gebruikersnaam" in page and "Wachtwoord" in page
    assert "User name" not in page and "Password" not in page


def assert_english(page: str):
    assert '<html lang="en">' in page
    assert "User name" in page and "Password" in page
    assert "Gebruikersnaam" not in page and "Wachtwoord" not in page


def test_login_url_is_the_dutch_one():
    assert reverse("login") == LOGIN_URL


def test_the_login_page_is_dutch_by_default(db, client):
    assert_dutch(login_page(client))


def test_a_browser_asking_for_english_gets_english(db, client):
    assert_english(login_page(client, accept_language="en-GB,en;q=0.9"))


def test_a_browser_asking_for_another_language_gets_dutch(db, client):
    assert_dutch(login_page(client, accept_language="de-DE,de;q=0.9,fr;q=0.8"))


def test_the_language_cookie_chooses_english(db, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert_english(login_page(client))


def test_the_language_cookie_wins_over_the_browser(db, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    assert_dutch(login_page(client, accept_language="en"))


def test_the_language_form_switches_to_english_and_back(db, client):
    response = client.post(reverse("set_language"), {"language": "en", "next": LOGIN_URL})
    assert response.status_code == 302 and response["Location"] == LOGIN_URL
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert_english(login_page(client))
    client.post(reverse("set_language"), {"language": "nl", "next": LOGIN_URL})
    assert_dutch(login_page(client))


def test_a_failed_login_is_explained_in_dutch(db, client):
    response = client.post(LOGIN_URL, {"username": "niemand", "password": "fout"})
    assert response.status_code == 200
    with override("nl"):
        message = gettext("This user name and password do not match. Check them and try again.")
    assert message != "This user name and password do not match. Check them and try again."
    assert message in response.content.decode()
