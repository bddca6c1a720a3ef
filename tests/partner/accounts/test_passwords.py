"""Forgotten and changed passwords: the reset link arrives at a real SMTP server, works once, and
both are recorded in the audit trail; sign-in by e-mail address; sign-ins and failures recorded."""

import re

from django.test import Client
from django.urls import reverse

from trajectories.models import AuditEvent

NEW_PASSWORD = "Lindeboom-Wandeling-7"


def test_a_user_resets_a_forgotten_password_through_the_email(world, smtp_server):
    world.staff.email = "sanne@example.org"
    world.staff.save()
    http = Client()
    response = http.post(reverse("password_reset"), {"email": "SANNE@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert len(smtp_server.messages) == 1 and smtp_server.messages[0]["To"] == "sanne@example.org"
    body = smtp_server.body()
    assert world.staff.username in body
    link = re.search(r"https?://[^/\s]+(/inloggen/nieuw-wachtwoord/\S+/)", body).group(1)
    form_page = http.get(link, follow=True)
    assert form_page.status_code == 200 and "Kies een nieuw wachtwoord" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    response = http.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    world.staff.refresh_from_db()
    assert world.staff.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(object_type="password", user_id=world.staff.pk, action="change").exists()
    # The link works once.
    again = Client().get(link, follow=True)
    assert "werkt niet meer" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_email(world, smtp_server):
    response = Client().post(reverse("password_reset"), {"email": "niemand@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert smtp_server.messages == []


def test_people_change_their_own_password(world, client_for):
    http = client_for(world.client)
    response = http.post(reverse("password_change"), {
        "old_password": "partner-test", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    assert response.status_code == 302
    world.client.refresh_from_db()
    assert world.client.check_password(NEW_PASSWORD)
    wrong = http.post(reverse("password_change"), {
        "old_password": "fout", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    assert wrong.status_code == 200


def test_sign_in_with_an_email_address_and_the_audit_of_sign_ins(world):
    world.quality.email = "kees@example.org"
    world.quality.save()
    assert Client().post(reverse("login"), {"username": "Kees@Example.org", "password": "partner-test"}).status_code == 302
    assert Client().post(reverse("login"), {"username": "kees@example.org", "password": "fout"}).status_code == 200
    recorded = [(e.object_type, e.user_id, e.status) for e in AuditEvent.objects.order_by("pk")]
    assert recorded == [("sign_in", world.quality.pk, 200), ("sign_in_failed", None, 401)]
