"""Reading pages in tests: a page's text as a person reads it, the Dutch a page shows, a trajectory's address."""

import html

from django.urls import reverse
from django.utils.translation import gettext, override


def body(response) -> str:
    """The page's HTML with its entities decoded, to look for texts as they read."""
    return html.unescape(response.content.decode())


def dutch(msgid: str) -> str:
    """The Dutch text of ``msgid``; fails if it has no Dutch translation."""
    with override("nl"):
        text = gettext(msgid)
    assert text != msgid, f"no Dutch translation for {msgid!r}"
    return text


def url(name: str, world, **kwargs) -> str:
    """The address of the trajectory page ``name`` of ``world.trajectory``, with more URL arguments."""
    return reverse(f"trajectories:{name}", kwargs={"pk": world.trajectory.pk, **kwargs})
