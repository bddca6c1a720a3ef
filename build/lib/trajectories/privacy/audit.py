"""The audit trail in the style of NEN 7513: every access to care data is recorded.

Each view that shows or changes care data says so where it is written, with ``@audited``: what a
GET (or HEAD) does (``read``: read, or export for a file that leaves the application) and what
any other method does (``write``: created, changed, deleted, or exported). Views that touch no
care data say ``@not_audited``; a test checks that every view of the ``trajectories`` and
``matrix`` apps says one or the other.

``AuditMiddleware`` records, after the view answered: who, when, what (the page and its object),
the action, the trajectory or organisation, on whose behalf and the answer's status. Which
trajectory (or organisation) it was comes from the access functions, the one place where
protected objects are fetched (``audit_target``); on whose behalf comes only from facts the
server checked (``audit_on_behalf``, called by a view after the service accepted the input),
never from what was posted. A not-modified poll (304) reads nothing and is not recorded;
refusals (404) are, as attempts.

Events outside a view's answer (an administrator's download or erasure, a change to a person's
second step) are recorded with ``audit_event_record``. The records cannot be changed or deleted
(``AuditEvent``; on PostgreSQL also a trigger).
"""

import contextvars
import logging
import re
from dataclasses import dataclass, field

from django.db import transaction

from partner.client_address import client_address_hash
from trajectories.models import AuditAction, AuditEvent, Membership, Trajectory

__all__ = ["AuditAction", "audit_event_record", "audit_on_behalf", "audit_target", "audited", "not_audited"]

logger = logging.getLogger(__name__)

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _clean(value: str, length: int) -> str:
    """Text as the trail keeps it: no control characters (PostgreSQL refuses NUL), at most ``length``."""
    return _UNPRINTABLE.sub("?", value or "")[:length]


# --- what a view declares ---------------------------------------------------------------------


@dataclass(frozen=True)
class AuditSpec:
    read: str
    write: str

    def action_for(self, method: str) -> str:
        return self.read if method in ("GET", "HEAD") else self.write


def audited(*, read: str = AuditAction.READ, write: str = AuditAction.CHANGE):
    """Declare that a view's requests are recorded: ``read`` for GET/HEAD, ``write`` for the rest."""
    spec = AuditSpec(read=read, write=write)

    def decorate(view):
        view.audit_spec = spec
        return view

    return decorate


def not_audited(view):
    """Declare that a view shows and changes no care data (a code form, the health check)."""
    view.audit_spec = None
    return view


def view_audit_spec(view) -> AuditSpec | None:
    return getattr(view, "audit_spec", None)


def view_declares_audit(view) -> bool:
    return hasattr(view, "audit_spec")


# --- what the request touched, noted while it runs ----------------------------------------------


@dataclass
class AuditNote:
    trajectory: Trajectory | None = None
    organisation_id: int | None = None
    label: str = ""
    on_behalf_of: str = ""
    extra: dict = field(default_factory=dict)


_note: contextvars.ContextVar[AuditNote | None] = contextvars.ContextVar("partner_audit_note", default=None)


def audit_target(*, trajectory: Trajectory | None = None, organisation_id: int | None = None, label: str = "") -> None:
    """Called by access functions: the request is about this trajectory (or organisation)."""
    note = _note.get()
    if note is None:
        return
    if trajectory is not None:
        note.trajectory = trajectory
        note.organisation_id = trajectory.organisation_id
        note.label = trajectory.title
    elif organisation_id is not None and note.trajectory is None:
        note.organisation_id = organisation_id
        note.label = label or note.label


def membership_label(member: Membership) -> str:
    return f"{member.display_name} ({member.pk})"


def audit_on_behalf(*, member: Membership | None = None, name: str = "") -> None:
    """Called by a view after a service accepted something entered for someone else: the client
    (a member the form and the service checked, or the name that was stored) it was entered for."""
    note = _note.get()
    if note is None:
        return
    if member is not None:
        note.on_behalf_of = membership_label(member)
    elif name.strip():
        note.on_behalf_of = name.strip()


# --- recording --------------------------------------------------------------------------------


def _user_label(user) -> str:
    full_name = user.get_full_name()
    return f"{user.get_username()} ({full_name})" if full_name else user.get_username()


def audit_event_record(
    request,
    *,
    action: str,
    object_type: str,
    object_id: str = "",
    status: int = 200,
    trajectory: Trajectory | None = None,
    organisation_id: int | None = None,
    trajectory_label: str = "",
    on_behalf_of: str = "",
) -> AuditEvent:
    """Write one event of the trail for ``request``'s user. The only writer of ``AuditEvent``."""
    user = getattr(request, "user", None)
    authenticated = user is not None and user.is_authenticated
    if trajectory is not None:
        organisation_id = trajectory.organisation_id
        trajectory_label = trajectory.title
    # In its own savepoint: a failure here never spoils the transaction of whatever runs around it.
    with transaction.atomic():
        return AuditEvent.objects.create(
            user_id=user.pk if authenticated else None,
            user_label=_clean(_user_label(user), 200) if authenticated else "",
            on_behalf_of=_clean(on_behalf_of, 200),
            action=action,
            trajectory_id=trajectory.pk if trajectory else None,
            trajectory_label=_clean(trajectory_label, 200),
            organisation_id=organisation_id,
            object_type=_clean(object_type, 60),
            object_id=_clean(object_id, 40),
            path=_clean(request.path, 300),
            method=_clean(request.method, 8),
            status=status,
            address_hash=client_address_hash(request),
        )


def _object_type(match) -> str:
    """The page: its URL name, with the app in front for pages outside the trajectories app."""
    return match.url_name if match.namespace == "trajectories" else match.view_name


def _object_id(kwargs: dict) -> str:
    return ",".join(str(value) for key, value in kwargs.items() if key != "pk")


def record(request, response, note: AuditNote) -> AuditEvent | None:
    """Record the request if its view declared it (see the module's docstring)."""
    match = getattr(request, "resolver_match", None)
    spec = view_audit_spec(match.func) if match is not None else None
    if spec is None or response.status_code == 304:
        return None
    user = getattr(request, "user", None)
    if not (user is not None and user.is_authenticated) and response.status_code in (301, 302):
        return None  # sent to the login page: nothing was opened
    return audit_event_record(
        request,
        action=spec.action_for(request.method),
        object_type=_object_type(match),
        object_id=_object_id(match.kwargs),
        status=response.status_code,
        trajectory=note.trajectory,
        organisation_id=note.organisation_id,
        trajectory_label=note.label,
        on_behalf_of=note.on_behalf_of,
    )


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        note = AuditNote()
        token = _note.set(note)
        try:
            response = self.get_response(request)
        finally:
            _note.reset(token)
        try:
            record(request, response, note)
        except Exception:  # the answer stands; a failure to record is itself logged loudly
            logger.exception("Could not record an audit event for %s %s", request.method, request.path)
        return response
