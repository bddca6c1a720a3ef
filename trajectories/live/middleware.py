"""A guest whose live session ended sees a plain goodbye, never a username and password form."""

from django.conf import settings
from django.shortcuts import render
from django.urls import Resolver404, resolve

from trajectories.live.views.client import GUEST_SESSION_KEY

# Pages that stay as they are for a former guest: logging in (the device may be shared), the
# language, joining a new session with a new code, and the health check.
STILL_OPEN = {
    "login",
    "logout",
    "set_language",
    "health",
    "trajectories:live_join",
    "trajectories:live_join_code",
    # The room screen's cheap poll: answered from one query (trajectories/live/views/facilitator.py).
    "trajectories:live_board_partial",
}


class GuestSessionEndedMiddleware:
    """When the session a guest joined with its code is closed, their account is switched off
    (``live_session_close``), so they are no longer logged in; the browser's session still says
    which live session they joined. Every page then answers "this session has ended"."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Cheapest first: static files and the board's poll never load the session or the user.
        if (
            not request.path_info.startswith(settings.STATIC_URL)
            and _url_name(request) not in STILL_OPEN
            and request.session.get(GUEST_SESSION_KEY) is not None
            and not request.user.is_authenticated
        ):
            return render(request, "trajectories/live/session_ended.html")
        return self.get_response(request)


def _url_name(request) -> str | None:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None
