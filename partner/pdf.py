"""The one PDF pipeline: a Django template rendered on the server by WeasyPrint as PDF/UA-1.

Every PDF of the product (participation matrix, action plan, facilitator cards) goes through
``pdf_response``: A4, tagged for screen readers, ``/Lang`` from ``<html lang>``, the title from
``<title>``, fonts embedded. Documents may only load our own static files: any other address
is refused, so rendering never reaches out to another server with care data.
"""

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

PDF_VARIANT = "pdf/ua-1"


def _static_file(url: str) -> Path:
    """The static file behind ``url``; anything else is refused."""
    path = urlsplit(url).path
    prefix = settings.STATIC_URL
    found = None
    if path.startswith(prefix) and ".." not in path.split("/"):
        found = finders.find(path[len(prefix):])
    if not found:
        raise ValueError(f"PDF documents may only use the project's static files, not {url!r}")
    return Path(found)


def _static_only_fetcher():
    """A WeasyPrint URL fetcher limited to files found by Django's static finders."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            path = _static_file(url)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})

    return StaticOnlyFetcher(fail_on_errors=False)


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """The PDF bytes of ``template_name`` rendered with ``context``."""
    from weasyprint import HTML  # imported late: loading Pango is not free and most requests need no PDF

    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url="http://partner.invalid/", url_fetcher=_static_only_fetcher()).write_pdf(
        pdf_variant=PDF_VARIANT
    )


def pdf_response(template_name: str, context: dict, *, request, filename: str) -> HttpResponse:
    """An attachment response with the rendered PDF; the view checks permissions first."""
    return pdf_bytes_response(render_pdf(template_name, context, request=request), filename=filename)


def pdf_bytes_response(content: bytes, *, filename: str) -> HttpResponse:
    """An attachment response with a PDF made before (a stored one); never kept in a cache."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def render_pdf_parts(parts, *, on_part_done=None) -> bytes:
    """One PDF of several documents (``(template_name, context)`` each), laid out one by one so a
    background job can report progress (``on_part_done(number done)``) between them."""
    from weasyprint import HTML

    documents = []
    for done, (template_name, context) in enumerate(parts, start=1):
        html = render_to_string(template_name, context)
        documents.append(
            HTML(string=html, base_url="http://partner.invalid/", url_fetcher=_static_only_fetcher()).render(
                pdf_variant=PDF_VARIANT
            )
        )
        if on_part_done is not None:
            on_part_done(done)
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf(pdf_variant=PDF_VARIANT)
