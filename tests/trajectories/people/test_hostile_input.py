"""Hostile input on invitations, login cards and the organisation's administration: never a server
error, never a half-made account, what was typed comes back (PINs and passwords never do)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.hostile import HOSTILE_TEXTS, SECRET, Field, OtherForms, Spec, scalar, text
from trajectories.models import Invitation, Location, LoginCard, OrganisationMember
from trajectories.people.services import card_code_hash, token_hash

TOKEN = "hostile-invitation-token"
CARD_CODE = "HOSTAB2345"


def secret(value):
    return Field(SECRET, lambda o: value)


def open_invitation(o):
    get_user_model().objects.filter(email="gast@example.org").delete()
    Invitation.objects.update_or_create(
        token_hash=token_hash(TOKEN),
        defaults={"organisation": o.world.organisation, "email": "gast@example.org", "accepted_at": None,
                  "accepted_user": None, "revoked_at": None, "expires_at": timezone.now() + datetime.timedelta(days=1)},
    )


def working_card(o):
    LoginCard.objects.update_or_create(
        lookup=CARD_CODE[:4],
        defaults={"user": o.world.client, "code_hash": card_code_hash(CARD_CODE), "pin_hash": make_password("4821"),
                  "failed_pins": 0, "revoked_at": None, "blocked_at": None},
    )


def no_invitations_to(email):
    return lambda o: Invitation.objects.filter(email=email).delete()


class TestOtherForms(OtherForms):
    SPECS = [
        Spec("admin_invitation", "org_admin", lambda o: reverse("people:admin_invitations"),
             lambda o: {"email": text("nieuw@example.org"), "first_name": text("Nina"), "role": scalar(lambda o: "member")},
             prepare=no_invitations_to("nieuw@example.org"), models=(Invitation,)),
        Spec("trajectory_invitation", "facilitator",
             lambda o: reverse("people:trajectory_invitations", kwargs={"pk": o.trajectory.pk}),
             lambda o: {"email": text("bep@example.org"), "first_name": text("Bep"),
                        "member_role": scalar(lambda o: "client")},
             prepare=no_invitations_to("bep@example.org"), models=(Invitation,)),
        Spec("invitation_accept", "anonymous", lambda o: reverse("people:invitation_accept", args=[TOKEN]),
             lambda o: {"first_name": text("Nina"), "last_name": text("de Vries"), "username": text("nina"),
                        "password1": secret("Zonnebloem-Tafel-42"), "password2": secret("Zonnebloem-Tafel-42")},
             prepare=open_invitation, models=(OrganisationMember,)),
        Spec("card_sign_in", "anonymous", lambda o: reverse("people:card_sign_in"),
             lambda o: {"code": text(CARD_CODE), "pin": secret("4821")}, prepare=working_card),
        Spec("admin_role", "org_admin", lambda o: reverse("people:admin_account", args=[o.world.client2.pk]),
             lambda o: {"role": scalar(lambda o: "quality")}, models=(OrganisationMember,)),
        Spec("admin_location", "org_admin", lambda o: reverse("people:admin_locations"),
             lambda o: {"name": text("Tuinkamer")}, prepare=lambda o: Location.objects.filter(name="Tuinkamer").delete(),
             models=(Location,)),
    ]


def card_issue_url(world):
    return reverse("people:login_card", kwargs={"pk": world.trajectory.pk, "member_pk": world.membership(world.client).pk})


def test_hostile_pins_for_a_new_card_are_refused_and_make_no_card(world, client_for):
    http = client_for(world.facilitator)
    for value in [*HOSTILE_TEXTS, "", "123", "12345", "١٢٣٤", "12 34\x00", ["1", "2"]]:
        for data in ({"pin": value, "pin2": value}, {"pin": value}, {"pin2": value}):
            response = http.post(card_issue_url(world), data)
            assert response.status_code == 200 and response["Content-Type"].startswith("text/html"), repr(value)
    assert not LoginCard.objects.exists()
    # Two different valid PINs are refused too.
    response = http.post(card_issue_url(world), {"pin": "1234", "pin2": "4321"})
    assert response.status_code == 200 and not LoginCard.objects.exists()


@pytest.mark.django_db
@settings(max_examples=20, deadline=None, derandomize=True)
@given(pin=st.text(max_size=12))
def test_random_pins_never_break_the_card_page(pin):
    """Random PINs on a card sign-in for a card that does not exist: a plain page every time."""
    response = Client().post(reverse("people:card_sign_in"), {"code": "ABCD-EFGHJK", "pin": pin})
    assert response.status_code == 200



def test_hostile_csv_files_never_break_the_import(world, client_for):
    """Hostile files (binary, NUL bytes, scripts, huge, no header, wrong separators) and a missing
    file: a plain page every time, nothing invited."""
    http = client_for(world.org_admin)
    files = [b"", b"\x00" * 100, b"\xff\xd8\xff\xe0 JFIF", "e-mail;voornaam\n<script>@x.nl;<b>x</b>\n".encode(),
             b"e-mail\n" + b"a@example.org\n" * 600, b'e-mail\n"open quote\n', b"e-mail\n" + b"x" * 1_100_000,
             *(f"e-mail;voornaam;rol\n{value};{value};{value}\n".encode() for value in HOSTILE_TEXTS[:12])]
    for content in files:
        response = http.post(reverse("people:admin_import"), {"file": SimpleUploadedFile("x.csv", content)})
        assert response.status_code == 200 and "<script>" not in response.content.decode().split("<main", 1)[-1]
    assert http.post(reverse("people:admin_import"), {}).status_code == 200
    assert http.post(reverse("people:admin_import"), {"file": "niet een bestand"}).status_code == 200
    assert not Invitation.objects.exists()
