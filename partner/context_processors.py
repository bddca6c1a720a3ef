"""Template context for every page."""

from django.utils.functional import SimpleLazyObject

from trajectories.core.selectors import user_is_client_only
from trajectories.models import OrganisationRole
from trajectories.notify.selectors import unread_count
from trajectories.organisations import user_organisation_role


def live_guest(request) -> dict:
    """Whether the visitor joined a live session with its code (they get a simpler page header).

    Read from the session, which the login already loaded: no extra query.
    """
    session = getattr(request, "session", None)
    guest_of = session.get("live_guest_session") if session is not None and request.user.is_authenticated else None
    return {"live_guest_session": guest_of}


def toolkit(request) -> dict:
    """Whether the user sees the toolkit in the menu (facilitators and quality staff)."""

    def uses_toolkit() -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        return user_organisation_role(user)[1] in {OrganisationRole.FACILITATOR, OrganisationRole.QUALITY}

    return {"uses_toolkit": SimpleLazyObject(uses_toolkit)}


def client_mode(request) -> dict:
    """Whether the page is shown in client mode (a small header, a menu button, read-aloud):
    for people who take part only as a client, relative or guest. Asked once per request, and
    only when a page uses it."""

    def is_client() -> bool:
        user = getattr(request, "user", None)
        if user is None:
            return False
        if not hasattr(user, "_partner_client_mode"):
            user._partner_client_mode = user_is_client_only(user=user)
        return user._partner_client_mode

    return {"client_mode": SimpleLazyObject(is_client)}


def notifications(request) -> dict:
    """The number of unread notifications for the header (one query, only when a page shows it)."""

    def count() -> int:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return 0
        return unread_count(user=user)

    return {"unread_notifications": SimpleLazyObject(count)}


def organisation_admin(request) -> dict:
    """Whether the user administers their organisation (a link to /beheer/ in the header)."""

    def administers() -> bool:
        user = getattr(request, "user", None)
        return user is not None and user.is_authenticated and user_organisation_role(user)[1] == OrganisationRole.ADMIN

    return {"administers_organisation": SimpleLazyObject(administers)}
