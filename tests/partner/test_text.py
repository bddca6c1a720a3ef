"""Names stored as meant and compared as read: invisible and look-alike characters hide nothing."""

import pytest

from partner.text import comparable_text, normalise_text


@pytest.mark.parametrize(("typed", "stored"), [
    ("  Bep  ", "Bep"),
    ("Be\u200bp", "Bep"),  # zero-width space
    ("\u202eBep", "Bep"),  # right-to-left override: would show the name reversed
    ("B\u00e8p", "B\u00e8p"),  # accents are kept
    ("Be\u0301p", "B\u00e9p"),  # combining accent composed (NFKC)
    ("\uff22\uff45\uff50", "Bep"),  # full-width letters
    ("Bep\u00a0\tde  Vries", "Bep de Vries"),
])
def test_normalise_text(typed, stored):
    assert normalise_text(typed) == stored


@pytest.mark.parametrize("disguised", ["Gerda", "GERDA", "Ger\u200bda", "G\u0435rda", "\uff27erda", "\u202dGerda"])
def test_comparable_text_sees_through_disguises(disguised):
    assert comparable_text(disguised) == "gerda"


def test_different_names_stay_different():
    assert comparable_text("Gerda") != comparable_text("Greta")
