"""Client login cards: a PDF with the first name, a QR code and a code; the code and a 4-digit PIN
sign the client in; wrong PINs are limited; a revoked, blocked or reissued card stops working;
only hashes are stored."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from trajectories.models import AuditEvent, LoginCard
from trajectories.people import services


def card_url(world, user):
    return reverse("people:login_card", kwargs={"pk": world.trajectory.pk, "member_pk": world.membership(user).pk})


def print_card(world, client_for, pin="4821"):
    response = client_for(world.facilitator).post(card_url(world, world.client), {"pin": pin, "pin2": pin})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return text, re.search(r"\b([A-Z2-9]{4}-[A-Z2-9]{6})\b", text).group(1)


def sign_in(code, pin, http=None):
    http = http or Client()
    return http, http.post(reverse("people:card_sign_in"), {"code": code, "pin": pin})


def test_a_client_signs_in_with_the_printed_card_and_pin(world, client_for):
    text, code = print_card(world, client_for)
    assert "Gerda" in text and world.client.last_name not in text.replace("Gerda", "") or not world.client.last_name
    card = LoginCard.objects.get(user=world.client)
    assert code.replace("-", "") not in (card.code_hash + card.pin_hash + card.lookup * 0)
    assert "4821" not in card.pin_hash
    http, response = sign_in(code.lower().replace("-", " "), "4821")
    assert response.status_code == 302 and response["Location"] == reverse("trajectories:dashboard")
    assert http.get(reverse("trajectories:explore", kwargs={"pk": world.trajectory.pk})).status_code == 200
    assert AuditEvent.objects.filter(object_type="sign_in", user_id=world.client.pk).exists()
    # The QR code's address fills in the code.
    page = Client().get(reverse("people:card_sign_in") + f"?code={code}")
    assert code in page.content.decode()


def test_wrong_pins_are_limited_and_then_the_card_is_blocked(world, client_for, settings):
    settings.PARTNER_LOGIN_CARD_MAX_FAILURES = 3
    _text, code = print_card(world, client_for)
    for _attempt in range(2):
        _http, response = sign_in(code, "0000")
        assert response.status_code == 200 and "Deze pincode klopt niet" in response.content.decode()
    _http, response = sign_in(code, "0000")
    assert "geblokkeerd" in response.content.decode()
    # Now even the right PIN does not work: a lost card is useless without the PIN.
    _http, response = sign_in(code, "4821")
    assert response.status_code == 200 and "geblokkeerd" in response.content.decode()
    assert LoginCard.objects.get(user=world.client).failed_pins == 3


def test_a_reissued_card_replaces_the_old_one_and_a_stopped_card_says_so(world, client_for):
    _text, old = print_card(world, client_for)
    _text, new = print_card(world, client_for, pin="1357")
    _http, response = sign_in(old, "4821")
    assert response.status_code == 200 and "werkt niet meer" in response.content.decode()
    assert sign_in(new, "1357")[1].status_code == 302
    stop = reverse("people:login_card_stop", kwargs={"pk": world.trajectory.pk, "member_pk": world.membership(world.client).pk})
    assert client_for(world.facilitator).post(stop).status_code == 302
    _http, response = sign_in(new, "1357")
    assert "werkt niet meer" in response.content.decode()
    _http, response = sign_in("ZZZZ-ZZZZZZ", "1357")
    assert "kennen deze kaart niet" in response.content.decode()


def test_cards_are_for_clients_with_an_account_and_a_4_digit_pin(world, rf):
    request = rf.post("/")
    request.user = world.facilitator
    request.session = {}
    with pytest.raises(ValidationError) as refused:
        services.login_card_issue(request=request, membership=world.membership(world.staff), pin="1234")
    assert refused.value.code == "not_client"
    with pytest.raises(ValidationError) as refused:
        services.login_card_issue(request=request, membership=world.membership(world.client), pin="12a4")
    assert refused.value.error_dict["pin"][0].code == "pin"


def test_a_deactivated_clients_card_stops(world, client_for, rf):
    _text, code = print_card(world, client_for)
    request = rf.post("/")
    request.user = world.org_admin
    services.account_deactivate(request=request, member=world.client.organisation_member)
    _http, response = sign_in(code, "4821")
    assert response.status_code == 200 and "werkt niet meer" in response.content.decode()


def test_only_the_trajectorys_facilitator_prints_a_card(world, client_for):
    for user in (world.client, world.staff, world.quality, world.other_facilitator, world.org_admin):
        assert client_for(user).post(card_url(world, world.client), {"pin": "1111", "pin2": "1111"}).status_code == 404
    assert not LoginCard.objects.exists()
