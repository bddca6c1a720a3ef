"""The product's own error pages, also with debug on (``make run``): never Django's technical pages
with their list of URL patterns, unless a developer asks for them with PARTNER_TECHNICAL_ERRORS."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from partner.middleware import FriendlyErrorPagesMiddleware

TECHNICAL = "Using the URLconf"


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True
    settings.PARTNER_TECHNICAL_ERRORS = False
    return settings


def test_an_unknown_address_gets_the_friendly_page_in_dutch_with_debug_on(debug_on, db):
    response = Client().get("/bestaat-niet/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Pagina niet gevonden" in page and TECHNICAL not in page
    assert '<html lang="nl">' in page


def test_an_unknown_address_without_its_slash_is_still_redirected(debug_on, db):
    response = Client().get("/meedoen")
    assert response.status_code == 301 and response["Location"] == "/meedoen/"


def test_a_refused_trajectory_gets_the_friendly_page_in_english_too(debug_on, world, client_for):
    http = client_for(world.client)
    http.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = http.get(reverse("trajectories:detail", kwargs={"pk": world.other_trajectory.pk}))
    page = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in page and "Http404" not in page and "Traceback" not in page


def test_a_developer_can_ask_for_the_technical_page(debug_on, db):
    debug_on.PARTNER_TECHNICAL_ERRORS = True
    response = Client().get("/bestaat-niet/")
    assert response.status_code == 404 and TECHNICAL in response.content.decode()


def test_a_server_error_gets_the_friendly_page_and_is_still_reported(debug_on, db):
    from django.core.signals import got_request_exception

    heard = []

    def listener(**kwargs):
        heard.append(kwargs["request"])

    got_request_exception.connect(listener)
    try:
        request = RequestFactory().get("/kapot/")
        try:
            raise RuntimeError("broken")
        except RuntimeError as error:
            response = FriendlyErrorPagesMiddleware(lambda r: None).process_exception(request, error)
    finally:
        got_request_exception.disconnect(listener)
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()
    assert heard == [request]


def test_with_debug_off_django_uses_the_same_templates(settings, db):
    settings.DEBUG = False
    response = Client().get("/bestaat-niet/")
    assert response.status_code == 404 and "Pagina niet gevonden" in response.content.decode()
