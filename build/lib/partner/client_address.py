"""The address of the person sending a request, also behind proxies.

Behind a reverse proxy or load balancer every request arrives from the proxy's address, so
limits keyed on ``REMOTE_ADDR`` would lock out everyone at once. Proxies that are trusted append
the address they saw to ``X-Forwarded-For``; only those last entries can be believed, as anything
before them was sent by the client itself. ``PARTNER_TRUSTED_PROXY_COUNT`` says how many trusted
proxies stand in front of the application (0, the default: none, use the connection's address).

The login lockout (django-axes), the join-code limit and the audit trail all use this one function.
(Written here rather than taken from a library: it is a few lines, and axes, our own limits and
the trail must agree on one answer.)
"""

import hashlib
import hmac
import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request) -> str:
    """The client's IP address: from ``X-Forwarded-For`` through the configured number of trusted
    proxies, else the connection's own address. Never a value the client could choose freely."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = settings.PARTNER_TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    # The nearest proxy appended the last entry, the one before it the entry before that, and so
    # on: the client is the entry written by the farthest trusted proxy.
    if len(forwarded) < trusted:
        return remote
    return _valid(forwarded[-trusted]) or remote


def client_address_hash(request) -> str:
    """A keyed hash of the client's address: enough to count tries and tell requests apart,
    useless to identify anyone. What the join-code limit and the audit trail store."""
    return hmac.new(settings.SECRET_KEY.encode(), client_address(request).encode(), hashlib.sha256).hexdigest()
