"""What a printed login card shows: the client's first name, a QR code with the sign-in address
and the code, and the code to type. Never the PIN, never a last name."""

import segno
from django.urls import reverse

from trajectories.people.services import CARD_LOOKUP_LENGTH


def card_context(request, *, membership, code: str, generated_at) -> dict:
    address = request.build_absolute_uri(reverse("people:card_sign_in"))
    link = f"{address}?code={code}"
    return {
        "first_name": membership.user.first_name or membership.user.get_username(),
        "organisation": membership.trajectory.organisation.name,
        "address": address,
        "code": f"{code[:CARD_LOOKUP_LENGTH]}-{code[CARD_LOOKUP_LENGTH:]}",
        "qr_svg": segno.make(link, error="m").svg_inline(scale=4, border=2, omitsize=True),
        "generated_at": generated_at,
        "trajectory": membership.trajectory,
    }
