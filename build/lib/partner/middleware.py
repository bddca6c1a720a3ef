"""Middleware of the project: sessions that end after inactivity, two-factor authentication, and
query strings the administration cannot use."""

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve

from partner.accounts.two_factor import two_factor_redirect

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
