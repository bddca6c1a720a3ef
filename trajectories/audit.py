"""The audit trail in the style of NEN 7513: every access to trajectory content is recorded.

``AuditMiddleware`` records, after the view answered, each request to a page of the
``trajectories`` namespace (every trajectory page, the live session's client pages, the methods
library, lessons and the quality overviews): who, when, what (the page and the object), on whose
behalf (when the facilitator entered something for a client), and the answer's status. A
not-modified poll (304) reads nothing and is not recorded; refusals (404) are, as attempts.
The records cannot be changed or deleted (``AuditEvent``; on PostgreSQL also a trigger).
"""

import logging
import re

from django.db import transaction

from trajectories.live_services import join_address_hash
from trajectories.models import AuditAction, AuditEvent, LiveSession, Membership, Trajectory

logger = logging.getLogger(__name__)

# Pages whose answer is a file that leaves the application.
EXPORTS = {"plan_pdf", "plans_pdf", "actions_csv", "report_pdf", "meeting_card", "topic_photo"}
# Pages that only answer the server's health or a code form: no content.
NOT_AUDITED = {"health", "live_join"}
# URL names whose ``pk`` is not a trajectory.
NOT_A_TRAJECTORY_PK = {"live_client", "live_topic", "live_vote"}
# Fields by which a facilitator says for whom they enter something (names, or membership numbers).
ON_BEHALF_NAMES = ("on_behalf_of_name", "namens-on_behalf_of_name", "stem-voter_name", "voter_name")
ON_BEHALF_MEMBERS = ("on_behalf_of", "namens-on_behalf_of", "stem-voter", "member")


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _clean(value: str, length: int) -> str:
    """Text as the trail keeps it: no control characters (PostgreSQL refuses NUL), at most ``length``."""
    return _UNPRINTABLE.sub("?", value or "")[:length]


def _action(name: str, method: str) -> str:
    if method in ("GET", "HEAD"):
        return AuditAction.EXPORT if name in EXPORTS else AuditAction.READ
    if "delete" in name or "remove" in name:
        return AuditAction.DELETE
    if name.endswith("create") or name in {"explore", "agenda", "goals", "live_topic", "live_vote", "live_sessions"}:
        return AuditAction.CREATE
    return AuditAction.CHANGE


def _on_behalf(request) -> str:
    if request.method != "POST":
        return ""
    for field in ON_BEHALF_NAMES:
        value = (request.POST.get(field) or "").strip()
        if value:
            return _clean(value, 200)
    for field in ON_BEHALF_MEMBERS:
        value = request.POST.get(field) or ""
        if value.isascii() and value.isdigit() and len(value) < 19:
            member = Membership.objects.select_related("user").filter(pk=int(value)).first()
            if member is not None:
                return _clean(f"{member.display_name} ({member.pk})", 200)
    return ""


def _trajectory(name: str, kwargs: dict) -> Trajectory | None:
    pk = kwargs.get("pk")
    if pk is None or not 0 < int(pk) < 2**63:
        return None
    if name in NOT_A_TRAJECTORY_PK:
        session = LiveSession.objects.select_related("trajectory").filter(pk=pk).first()
        return session.trajectory if session else None
    return Trajectory.objects.filter(pk=pk).first()


def _object_id(kwargs: dict) -> str:
    others = [str(value) for key, value in kwargs.items() if key != "pk"]
    return ",".join(others)[:40]


def record(request, response) -> AuditEvent | None:
    """Record the request if it touched trajectory content (see the module's docstring)."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.namespace != "trajectories" or match.url_name in NOT_AUDITED:
        return None
    if response.status_code == 304:
        return None
    user = getattr(request, "user", None)
    authenticated = user is not None and user.is_authenticated
    if not authenticated and response.status_code in (301, 302):
        return None  # sent to the login page: nothing was opened
    name = match.url_name
    trajectory = _trajectory(name, match.kwargs)
    label = ""
    if authenticated:
        full_name = user.get_full_name()
        label = f"{user.get_username()} ({full_name})" if full_name else user.get_username()
    # In its own savepoint: a failure here never spoils the transaction of whatever runs around it.
    with transaction.atomic():
        return AuditEvent.objects.create(
            user_id=user.pk if authenticated else None,
            user_label=_clean(label, 200),
            on_behalf_of=_on_behalf(request),
            action=_action(name, request.method),
            trajectory_id=trajectory.pk if trajectory else None,
            trajectory_label=_clean(trajectory.title, 200) if trajectory else "",
            organisation_id=trajectory.organisation_id if trajectory else None,
            object_type=name[:60],
            object_id=_clean(_object_id(match.kwargs), 40),
            path=_clean(request.path, 300),
            method=_clean(request.method, 8),
            status=response.status_code,
            address_hash=join_address_hash(request.META.get("REMOTE_ADDR", "")),
        )


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        try:
            record(request, response)
        except Exception:  # the answer stands; a failure to record is itself logged loudly
            logger.exception("Could not record an audit event for %s %s", request.method, request.path)
        return response
