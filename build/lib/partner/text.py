"""Text as people mean it: one form for names before they are stored or compared.

Two strings that look the same on screen can differ underneath: a full-width letter, a ligature,
an invisible zero-width space, a right-to-left override that turns a name around, or a Cyrillic
"е" in a Latin "Gerda". ``normalise_text`` removes what nobody sees (so a stored name shows as it
was meant); ``comparable_text`` also folds look-alike letters and case, for checks such as "does
this lesson name a client", which must not be fooled by such tricks.
"""

import re
import unicodedata

from anyascii import anyascii

# Unicode "format" characters (category Cf): zero-width spaces and joiners, direction marks,
# embeddings, overrides and isolates, the byte-order mark, soft hyphens. Invisible by design.
_WHITESPACE = re.compile(r"\s+")


def _without_format_characters(text: str) -> str:
    return "".join(character for character in text if unicodedata.category(character) != "Cf")


def normalise_text(text: str) -> str:
    """NFKC, without invisible format characters, with runs of white space made one space, trimmed."""
    text = unicodedata.normalize("NFKC", text or "")
    return _WHITESPACE.sub(" ", _without_format_characters(text)).strip()


def comparable_text(text: str) -> str:
    """``normalise_text``, then look-alike letters of any script folded to their Latin twin, and
    case folded: "Gеrda" (Cyrillic е), "Ger\\u200bda" and "GERDA" all compare as "gerda".

    anyascii (a maintained transliteration table) does the folding; it is for comparing only,
    never for what is shown or stored.
    """
    return anyascii(normalise_text(text)).casefold()
