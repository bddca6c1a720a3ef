"""Middleware of the project: sessions that end after inactivity, and two-factor authentication."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

# Pages a logged-in person can always reach, also before their second factor: logging in and out,
# the language, the second factor itself, the health check, and the room screen's cheap poll
# (which never loads the session; the full check behind it asks for login itself).
TWO_FACTOR_EXEMPT = {
    "login",
    "logout",
    "set_language",
    "two_factor_verify",
    "two_factor_setup",
    "trajectories:health",
    "trajectories:live_board_partial",
}


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


def needs_two_factor(user) -> bool:
    """Administrators and quality staff must use a second factor when ``PARTNER_REQUIRE_2FA`` is on."""
    if not settings.PARTNER_REQUIRE_2FA:
        return False
    from trajectories.access import user_organisation_role
    from trajectories.models import OrganisationRole

    return user.is_staff or user_organisation_role(user)[1] == OrganisationRole.QUALITY


class TwoFactorMiddleware:
    """After the password, the second factor: a person with an authenticator app confirms a code;
    a person who must have one and has none is sent to set it up. Until then, nothing else opens."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(settings.STATIC_URL) or _url_name(request) in TWO_FACTOR_EXEMPT:
            return self.get_response(request)
        return two_factor_redirect(request) or self.get_response(request)


def two_factor_redirect(request):
    """Where a logged-in person still has to go for their second factor, or None when all is well.

    Used by ``TwoFactorMiddleware`` and by views it leaves alone for speed (the board's poll).
    """
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return None
    from django_otp import user_has_device

    if user_has_device(user, confirmed=True):
        return redirect(f"{reverse('two_factor_verify')}?{urlencode({'next': request.get_full_path()})}")
    if needs_two_factor(user):
        return redirect(f"{reverse('two_factor_setup')}?{urlencode({'next': request.get_full_path()})}")
    return None
