"""Template context for every page."""


def live_guest(request) -> dict:
    """Whether the visitor joined a live session with its code (they get a simpler page header).

    Read from the session, which the login already loaded: no extra query.
    """
    session = getattr(request, "session", None)
    guest_of = session.get("live_guest_session") if session is not None and request.user.is_authenticated else None
    return {"live_guest_session": guest_of}
