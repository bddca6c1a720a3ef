"""Middleware of the project: sessions that end after inactivity, two-factor authentication,
query strings the administration cannot use, and the product's own error pages with debug on."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.signals import got_request_exception
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseServerError
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve

from partner.accounts.two_factor import two_factor_redirect

logger = logging.getLogger("django.request")

# Pages a logged-in person can always reach, also before their second factor: logging in and out,
# the language, the code itself, the health check, and the room screen's cheap poll (which never
# loads the session; the full check behind it asks for the second factor itself). The
# authenticator page is not among them: a person with an authenticator confirms their code first.
TWO_FACTOR_EXEMPT = {
    "login",
    "logout",
    "set_language",
    "two_factor_verify",
    "health",
    "trajectories:live_board_partial",
}
TWO_FACTOR_SETUP = "two_factor_setup"


def _url_name(request) -> str | None:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return match.view_name


class SessionIdleTimeoutMiddleware:
    """A session ends ``SESSION_IDLE_MINUTES`` after the last page the person opened.

    Every request that uses the session of a logged-in person saves it again, which moves its end
    forward. Requests that never touch the session (static files, the board's cheap poll) do not.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.accessed and session.session_key and request.user.is_authenticated:
            session.modified = True
        return response


class TwoFactorMiddleware:
    """After the password, the second factor: a person with an authenticator app confirms a code;
    a person who must have one and has none is sent to set it up. Until then, nothing else opens."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(settings.STATIC_URL):
            return self.get_response(request)
        name = _url_name(request)
        if name in TWO_FACTOR_EXEMPT:
            return self.get_response(request)
        return two_factor_redirect(request, setting_up=name == TWO_FACTOR_SETUP) or self.get_response(request)


class AdminNullCharactersMiddleware:
    """In the administration, a NUL character in the query string is answered with 400.

    The administration's search and list filters (ours, and those django-axes, django-otp and
    guardian register) hand query-string values to the database unchecked, and PostgreSQL refuses
    NUL in text with an error (a 500). A NUL is never meaningful there. The application's own filter
    pages go through forms, which refuse it with a message next to the field (and keep the rest).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_null_character(request.GET) and _is_admin(request):
            return HttpResponseBadRequest(render_to_string("400.html", request=request))
        return self.get_response(request)


def _has_null_character(query) -> bool:
    return any("\x00" in key or any("\x00" in value for value in query.getlist(key)) for key in query)


def _is_admin(request) -> bool:
    try:
        return resolve(request.path_info).app_name == "admin"
    except Resolver404:
        return False


class FriendlyErrorPagesMiddleware:
    """With debug on, refused, missing and broken pages still get the product's own 403/404/500
    pages (as in production), so the demo never shows Django's technical pages.

    Django shows its technical pages whenever ``DEBUG`` is on and offers no setting to turn them
    off; this middleware answers first. ``PARTNER_TECHNICAL_ERRORS=1`` brings the technical pages
    back for a developer. A server error is still logged with its traceback. With debug off it
    does nothing: Django's own handlers render the same templates.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @property
    def active(self) -> bool:
        return settings.DEBUG and not settings.PARTNER_TECHNICAL_ERRORS

    def __call__(self, request):
        if self.active and not request.path_info.startswith(settings.STATIC_URL) and _url_name(request) is None:
            # No page has this address: Django would answer with its list of URL patterns.
            response = self.get_response(request)
            if response.status_code == 404:
                return _friendly(request, 404)
            return response
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not self.active:
            return None
        if isinstance(exception, Http404):
            return _friendly(request, 404)
        if isinstance(exception, PermissionDenied):
            return _friendly(request, 403)
        logger.error("Server error at %s", request.path, exc_info=exception)
        # As Django does: the test client re-raises it, and error reporting hears of it.
        got_request_exception.send(sender=None, request=request)
        return HttpResponseServerError(render_to_string("500.html"))


def _friendly(request, status: int):
    return HttpResponse(render_to_string(f"{status}.html", request=request), status=status)
