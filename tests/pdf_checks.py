"""Checks on the PDFs the project makes."""

import io

from pypdf import PdfReader


def assert_fonts_embedded(reader: PdfReader) -> None:
    """PDF/UA needs every font embedded: each font descriptor carries its font file."""
    descriptors = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptors.append(descendant.get_object()["/FontDescriptor"].get_object())
    assert descriptors
    assert all({"/FontFile", "/FontFile2", "/FontFile3"} & set(d.keys()) for d in descriptors)


def pdf_words(response) -> str:
    """All the text of a PDF, without any white space (the layout may break lines anywhere)."""
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "".join("".join(page.extract_text() for page in reader.pages).split())


def squash(value: str) -> str:
    """``value`` without any white space, to find it in ``pdf_words``."""
    return "".join(value.split())
