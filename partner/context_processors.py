"""Template context for every page."""

from django.utils.functional import SimpleLazyObject

from trajectories.models import OrganisationRole
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


def organisation_admin(request) -> dict:
    """Whether the user administers their organisation (a link to /beheer/ in the header)."""

    def administers() -> bool:
        user = getattr(request, "user", None)
        return user is not None and user.is_authenticated and user_organisation_role(user)[1] == OrganisationRole.ADMIN

    return {"administers_organisation": SimpleLazyObject(administers)}
