"""The PDF pipeline: PDF/UA-1 with language, title and structure, and no outside resources."""

import copy
import io

import pytest
from pypdf import PdfReader

from partner.pdf import _static_file, render_pdf
from tests.pdf_checks import assert_fonts_embedded


def test_a_document_is_tagged_titled_and_in_the_page_language(settings, tmp_path):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates  # assigned whole, so Django reloads its template engines
    (tmp_path / "doc.html").write_text(
        '{% extends "pdf/base.html" %}{% block title %}Actieplan De Linde{% endblock %}'
        "{% block content %}<h1>Actieplan</h1><p>{{ text }}</p>{% endblock %}"
    )
    from django.utils import timezone
    from django.utils.translation import override

    with override("nl"):
        data = render_pdf("doc.html", {"text": "<b>vet</b> & zo", "generated_at": timezone.now()})
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert "/StructTreeRoot" in root
    assert reader.metadata.title == "Actieplan De Linde"
    text = reader.pages[0].extract_text()
    assert "<b>vet</b> & zo" in text  # what a user typed stays text
    assert "pagina 1 van 1" in text
    assert_fonts_embedded(reader)


@pytest.mark.parametrize(
    "url",
    ["https://cdn.example.org/bootstrap.css", "file:///etc/passwd", "http://partner.invalid/static/../settings.py"],
)
def test_documents_only_load_our_own_static_files(url):
    with pytest.raises(ValueError):
        _static_file(url)


def test_our_stylesheet_is_found():
    assert _static_file("http://partner.invalid/static/css/pdf.css").name == "pdf.css"
