"""Accounts in a real browser, as a new user would: the organisation's administrator invites a
staff member, the e-mail (delivered to a real SMTP server) leads to a working account; a client
signs in on a phone with their card and PIN; a forgotten password is reset. Every page passes axe."""

import re
from urllib.parse import urlsplit

from django.contrib.auth.hashers import make_password

from tests.browser.pages import checked, login, submit, visit
from trajectories.models import LoginCard, OrganisationMember
from trajectories.people.services import card_code_hash

SEND = "main form[method=post]:not([action]) button[type=submit]"
PASSWORD = "Zonnebloem-Tafel-42"


def path_in(mailbox, pattern: str) -> str:
    return urlsplit(re.search(pattern, mailbox.body()).group(0)).path


def test_the_administrator_invites_a_staff_member_who_signs_up(world, open_page, smtp_server):
    admin = open_page()
    login(admin, "adm")
    submit(admin, "header a[href='/beheer/']")
    submit(admin, "main a[href='/beheer/uitnodigingen/']")
    admin.fill("input[name=email]", "nina@example.org")
    admin.fill("input[name=first_name]", "Nina")
    submit(admin, SEND)
    assert "nina@example.org" in admin.locator("main table").inner_text()

    invitee = open_page(viewport=(390, 844))
    visit(invitee, path_in(smtp_server, r"https?://\S+/uitnodiging/\S+/"))
    invitee.fill("input[name=first_name]", "Nina")
    invitee.fill("input[name=last_name]", "de Vries")
    invitee.fill("input[name=username]", "nina")
    invitee.fill("input[name=password1]", PASSWORD)
    invitee.fill("input[name=password2]", PASSWORD)
    submit(invitee, SEND)
    assert "Welkom" in invitee.locator("body").inner_text()
    assert OrganisationMember.objects.get(user__username="nina").organisation == world.organisation


def test_a_client_signs_in_on_a_phone_with_card_and_pin(world, open_page):
    LoginCard.objects.create(user=world.client, lookup="GRDA", code_hash=card_code_hash("GRDAKAART2"),
                             pin_hash=make_password("2580"), created_by=world.facilitator)
    phone = open_page(viewport=(390, 844))
    visit(phone, "/kaart/?code=GRDA-KAART2")  # what the QR code opens
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    phone.fill("input[name=pin]", "1111")
    submit(phone, SEND)
    assert "klopt niet" in phone.locator("main").inner_text()
    phone.fill("input[name=pin]", "2580")
    submit(phone, SEND)
    assert "/kaart/" not in phone.url and "/inloggen/" not in phone.url


def test_a_forgotten_password_is_reset_through_the_email(world, open_page, smtp_server):
    world.staff.email = "sanne@example.org"
    world.staff.save()
    page = open_page()
    visit(page, "/inloggen/")
    submit(page, "main a[href='/inloggen/wachtwoord-vergeten/']")
    page.fill("input[name=email]", "sanne@example.org")
    submit(page, SEND)
    visit(page, path_in(smtp_server, r"https?://\S+/inloggen/nieuw-wachtwoord/\S+/"))
    checked(page)
    page.fill("input[name=new_password1]", PASSWORD)
    page.fill("input[name=new_password2]", PASSWORD)
    submit(page, SEND)
    world.staff.refresh_from_db()
    assert world.staff.check_password(PASSWORD)
