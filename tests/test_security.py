"""Fit for care organisations: production settings, login protection, two-step login, the audit trail."""

import datetime
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from partner import settings as project_settings
from tests.errors import error_codes
from trajectories.core import services
from trajectories.models import AuditAction, AuditEvent, Theme

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world


def production_env(tmp_path) -> dict:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "PARTNER_"))},
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "partner.example.nl,127.0.0.1",
        "DJANGO_BEHIND_TLS_PROXY": "1",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "PARTNER_PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
    }


def manage(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "manage.py", *args], cwd=PROJECT, env=env, capture_output=True, text=True,
                          timeout=240)


@pytest.mark.slow
def test_the_deploy_check_passes_with_production_settings(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.slow
def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["DJANGO_SECRET_KEY"]
    result = manage(env, "check")
    assert result.returncode != 0 and "DJANGO_SECRET_KEY must be set" in result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url, headers=None, data=None):
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers={"Host": "partner.example.nl", **(headers or {})}, data=data)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def _cookie_header(set_cookies: list[str]) -> str:
    return "; ".join(cookie.split(";")[0] for cookie in set_cookies)


def _form_post(url, headers, cookies: list[str], fields: dict):
    """A form post as a browser sends it: the cookies it holds and the CSRF token from them."""
    token = next(cookie.split(";")[0].split("=", 1)[1] for cookie in cookies if cookie.startswith("csrftoken="))
    data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
    return _get(url, {**headers, "Cookie": _cookie_header(cookies), "Referer": "https://partner.example.nl/",
                      "Content-Type": "application/x-www-form-urlencoded"}, data=data)


def _check_language_cookie(base, https, cookies):
    status, headers, _body = _form_post(f"{base}/taal/setlang/", https, cookies, {"language": "en", "next": "/"})
    assert status == 302
    language = next(cookie for cookie in headers.get_all("Set-Cookie") if cookie.startswith("django_language="))
    assert "Secure" in language and "HttpOnly" in language and "SameSite=Lax" in language


def _check_two_step_cannot_be_bypassed(base, https):
    """The finding, against the production command: quality staff with an app, password only."""
    status, headers, _body = _get(f"{base}/inloggen/", https)
    cookies = headers.get_all("Set-Cookie")
    status, headers, _body = _form_post(f"{base}/inloggen/", https, cookies,
                                        {"username": "kwaliteit", "password": QUALITY_PASSWORD})
    assert status == 302, "the password login itself works"
    cookies = [c for c in cookies if not c.startswith("sessionid=")] + headers.get_all("Set-Cookie")
    with_cookies = {**https, "Cookie": _cookie_header(cookies)}
    for path in ("/account/tweestapsverificatie/", "/actieplannen/", "/actieplannen/acties.csv", "/beheer/", "/systeem/"):
        status, headers, _body = _get(f"{base}{path}", with_cookies)
        assert status == 302 and headers["Location"].startswith("/inloggen/code/"), (path, status)
    # A code for a secret of one's own enrols nothing and opens nothing.
    status, headers, _body = _form_post(f"{base}/account/tweestapsverificatie/", https, cookies,
                                        {"name": "mijn app", "token": "123456"})
    assert status == 302 and headers["Location"].startswith("/inloggen/code/")


QUALITY_PASSWORD = "Kwaliteit-boven-alles-2026"  # noqa: S105 - a test account of a throwaway database
MAKE_QUALITY_WITH_APP = f"""
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from trajectories.models import Organisation, OrganisationMember, OrganisationRole
user = get_user_model().objects.create_user("kwaliteit", password="{QUALITY_PASSWORD}", is_staff=True)
OrganisationMember.objects.create(user=user, organisation=Organisation.objects.create(name="Org"),
                                  role=OrganisationRole.QUALITY)
TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
"""


@pytest.mark.slow
def test_gunicorn_serves_the_app_with_production_headers(tmp_path):
    """The production command from the README, once: gunicorn behind a TLS proxy, debug off; with
    the two-step login of a member of quality staff who has an app (the bypass that was found)."""
    env = production_env(tmp_path)
    for step in (("migrate", "--noinput"), ("collectstatic", "--noinput"), ("shell", "-c", MAKE_QUALITY_WITH_APP)):
        result = manage(env, *step)
        assert result.returncode == 0, result.stderr
    port = _free_port()
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "partner.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--forwarded-allow-ips", "127.0.0.1"],
        cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    https = {"X-Forwarded-Proto": "https"}
    try:
        for _ in range(100):
            try:
                if _get(f"{base}/gezond/", https)[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        status, headers, _body = _get(f"{base}/inloggen/")
        assert status == 301 and headers["Location"].startswith("https://partner.example.nl/")
        status, headers, body = _get(f"{base}/inloggen/", https)
        assert status == 200 and "<!DOCTYPE html>" in body
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["X-Content-Type-Options"] == "nosniff"
        policy = {
            part.split()[0]: part.split()[1:] for part in headers["Content-Security-Policy"].split(";") if part.strip()
        }
        assert policy["script-src"] == ["'self'"] and "'unsafe-inline'" not in policy["script-src"]
        assert policy["frame-ancestors"] == ["'none'"]
        cookies = headers.get_all("Set-Cookie")
        csrf = next(cookie for cookie in cookies if cookie.startswith("csrftoken="))
        assert "Secure" in csrf and "HttpOnly" in csrf and "SameSite=Lax" in csrf
        stylesheet = next(part.split('"')[0] for part in body.split('href="/static/')[1:] if "partner" in part)
        assert _get(f"{base}/static/{stylesheet}", https)[0] == 200
        _check_language_cookie(base, https, cookies)
        _check_two_step_cannot_be_bypassed(base, https)
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "Traceback" not in output, output


def test_passwords_are_hashed_with_argon2_and_must_be_strong(settings):
    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    assert make_password("een lang wachtwoord").startswith("argon2$")
    for weak, code in (("kort", "password_too_short"), ("123456789012", "password_entirely_numeric"),
                       ("password1234", "password_too_common"), ("aaaaaaaaaaaa", "password_too_repetitive"),
                       ("abababababab", "password_too_repetitive")):
        with pytest.raises(ValidationError) as refused:
            validate_password(weak)
        assert code in [error.code for error in refused.value.error_list], weak
    validate_password("Zonnebloem-op-de-Linde-7")


def test_password_rules_speak_dutch():
    with pytest.raises(ValidationError) as refused:
        validate_password("kort")
    assert error_codes(refused) == ["password_too_short", "password_too_repetitive"]
    assert "Dit wachtwoord is te kort. Gebruik minstens 12 tekens." in refused.value.messages
    assert any("te veel hetzelfde" in message for message in refused.value.messages)
    texts = password_validators_help_texts()
    assert all("password" not in text.lower() for text in texts), texts  # no English left


@pytest.mark.parametrize("query", ["q=%00", "q=a%00b", "user_label=%00", "action__exact=%00", "at__gte=%00",
                                   "o=%00", "%00=1"])
def test_a_nul_character_in_an_admin_filter_is_a_clear_400(world, client_for, query):
    response = client_for(world.admin).get(reverse("admin:trajectories_auditevent_changelist") + "?" + query)
    assert response.status_code == 400
    assert "tekens die geen pagina kan gebruiken" in response.content.decode()


def test_the_applications_own_filters_keep_their_message_for_a_nul(world, client_for):
    response = client_for(world.quality).get(reverse("trajectories:plans_overview") + "?status=%00")
    assert response.status_code == 200 and response.context["form"].errors


def test_the_language_cookie_is_secure_in_production():
    assert project_settings.LANGUAGE_COOKIE_HTTPONLY is True
    assert project_settings.LANGUAGE_COOKIE_SAMESITE == "Lax"
    assert project_settings.LANGUAGE_COOKIE_SECURE is (not project_settings.DEBUG)


def test_too_many_wrong_passwords_lock_the_account_with_a_clear_message(world, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    http = Client()
    answers = [http.post(reverse("login"), {"username": "fac", "password": "fout"}).status_code for _ in range(3)]
    assert answers == [200, 200, 429]  # the third wrong password locks
    locked = http.post(reverse("login"), {"username": "fac", "password": "partner-test"})
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "te vaak fout" in page and "15 minuten" in page
    assert "_auth_user_id" not in http.session
    # Another account is not affected.
    assert http.post(reverse("login"), {"username": "cli", "password": "partner-test"}).status_code == 302


def test_a_session_ends_after_inactivity_and_each_page_keeps_it_alive(world, client_for):
    http = client_for(world.client)
    http.get(reverse("trajectories:dashboard"))
    session = Session.objects.get(session_key=http.session.session_key)
    idle = datetime.timedelta(minutes=settings.SESSION_IDLE_MINUTES)
    assert abs(session.expire_date - (timezone.now() + idle)) < datetime.timedelta(minutes=1)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + datetime.timedelta(minutes=1))
    http.get(reverse("trajectories:dashboard"))
    assert Session.objects.get(pk=session.pk).expire_date > timezone.now() + idle - datetime.timedelta(minutes=1)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = http.get(reverse("trajectories:dashboard"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


class TestTwoStepLogin:
    def login(self, username):
        http = Client()
        response = http.post(reverse("login"), {"username": username, "password": "partner-test"})
        assert response.status_code == 302
        return http

    def test_quality_staff_must_set_it_up_when_required_and_then_confirm_each_login(self, world, settings):
        settings.PARTNER_REQUIRE_2FA = True
        http = self.login("qua")
        response = http.get(reverse("trajectories:dashboard"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_setup"))
        setup = http.get(response["Location"])
        assert setup.status_code == 200 and "<svg" in setup.content.decode()
        assert not TOTPDevice.objects.filter(user=world.quality).exists()  # nothing stored until confirmed
        key = http.session["two_factor_pending_key"]
        wrong = http.post(reverse("two_factor_setup"), {"token": "000000", "next": "/"})
        assert "Deze code klopt niet" in wrong.content.decode()
        assert not TOTPDevice.objects.filter(user=world.quality).exists()
        good = http.post(reverse("two_factor_setup"), {"token": f"{totp(bytes.fromhex(key)):06d}", "next": "/"})
        assert good.status_code == 302
        device = TOTPDevice.objects.get(user=world.quality, confirmed=True)
        assert device.key == key
        assert http.get(reverse("trajectories:dashboard")).status_code == 200
        # Next time: the password alone is not enough.
        again = self.login("qua")
        response = again.get(reverse("trajectories:dashboard"))
        assert response["Location"].startswith(reverse("two_factor_verify"))
        wrong = again.post(reverse("two_factor_verify"), {"token": "000000", "next": "/"})
        assert "Deze code klopt niet" in wrong.content.decode()
        device.refresh_from_db()
        assert device.throttling_failure_count == 1  # guessing slows down: each wrong code adds a wait
        device.throttle_reset()  # the test does not wait for it
        device.last_t = -1  # a new code window for the test
        device.save()
        again.post(reverse("two_factor_verify"), {"token": f"{totp(device.bin_key):06d}", "next": "/"})
        assert again.get(reverse("trajectories:dashboard")).status_code == 200

    def test_administrators_need_it_too_but_others_only_when_they_choose(self, world, settings):
        settings.PARTNER_REQUIRE_2FA = True
        admin = Client()
        admin.force_login(world.admin)
        assert admin.get(reverse("admin:index"))["Location"].startswith(reverse("two_factor_setup"))
        for username in ("fac", "cli", "stf"):
            assert self.login(username).get(reverse("trajectories:dashboard")).status_code == 200

    def test_off_in_the_demo(self, world):
        assert settings.PARTNER_REQUIRE_2FA is False  # debug on, as for make run
        assert self.login("qua").get(reverse("trajectories:dashboard")).status_code == 200

    def test_clients_who_join_with_a_code_keep_their_password_free_path(self, world, settings):
        from trajectories.live import services as live_services

        settings.PARTNER_REQUIRE_2FA = True
        session = live_services.live_session_open(trajectory=world.trajectory, by=world.facilitator, title="Zaal")
        http = Client()
        joined = http.post(reverse("trajectories:live_join_code", kwargs={"code": session.join_code}), {"name": "Bep"})
        assert http.get(joined["Location"]).status_code == 200


class TestAuditTrail:
    def test_reads_changes_exports_and_on_behalf_entries_are_recorded(self, world, client_for):
        facilitator = client_for(world.facilitator)
        explore = reverse("trajectories:explore", kwargs={"pk": world.trajectory.pk})
        facilitator.get(explore)
        facilitator.post(explore, {"on_behalf_of": "", "on_behalf_of_name": "Mevrouw Jansen", "title": "Warm eten",
                                   "theme": Theme.FOOD, "story": ""})
        client_for(world.quality).get(reverse("trajectories:plan_pdf", kwargs={"pk": world.trajectory.pk}))
        events = list(AuditEvent.objects.order_by("pk"))
        assert [(e.action, e.object_type, e.status) for e in events] == [
            (AuditAction.READ, "explore", 200), (AuditAction.CREATE, "explore", 302),
            (AuditAction.EXPORT, "plan_pdf", 200),
        ]
        created = events[1]
        assert created.user_id == world.facilitator.pk and "fac" in created.user_label
        assert created.on_behalf_of == "Mevrouw Jansen"
        assert created.trajectory_id == world.trajectory.pk and created.trajectory_label == world.trajectory.title
        assert events[2].user_id == world.quality.pk

    def test_refusals_are_recorded_and_unchanged_polls_are_not(self, world, client_for):
        client_for(world.staff).get(reverse("trajectories:explore", kwargs={"pk": world.trajectory.pk}))
        refused = AuditEvent.objects.get()
        assert (refused.status, refused.user_id) == (404, world.staff.pk)
        Client().get(reverse("trajectories:explore", kwargs={"pk": world.trajectory.pk}))  # to the login page
        assert AuditEvent.objects.count() == 1

    def test_nobody_can_change_or_delete_the_trail(self, world, client_for):
        client_for(world.client).get(reverse("trajectories:detail", kwargs={"pk": world.trajectory.pk}))
        event = AuditEvent.objects.get()
        event.user_label = "iemand anders"
        with pytest.raises(PermissionDenied):
            event.save()
        with pytest.raises(PermissionDenied):
            event.delete()
        with pytest.raises(PermissionDenied):
            AuditEvent.objects.update(user_label="x")
        with pytest.raises(PermissionDenied):
            AuditEvent.objects.all().delete()
        assert AuditEvent.objects.get().user_label.startswith("cli")

    def test_on_postgresql_the_database_itself_refuses_changes(self, world, client_for):
        if connection.vendor != "postgresql":
            pytest.skip("the trigger exists on PostgreSQL (CI); SQLite relies on the model's guards")
        from django.db import DatabaseError, transaction

        client_for(world.client).get(reverse("trajectories:detail", kwargs={"pk": world.trajectory.pk}))
        for sql in ("UPDATE trajectories_auditevent SET user_label = 'x'", "DELETE FROM trajectories_auditevent"):
            with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)
        assert AuditEvent.objects.count() == 1

    def test_administrators_view_filter_and_export_it_but_cannot_edit(self, world, client_for):
        client_for(world.client).get(reverse("trajectories:detail", kwargs={"pk": world.trajectory.pk}))
        services.topic_create(trajectory=world.trajectory, by=world.membership(world.client), title="x",
                              theme=Theme.FOOD)
        admin = client_for(world.admin)
        listing = admin.get(reverse("admin:trajectories_auditevent_changelist") + "?action__exact=read")
        assert listing.status_code == 200 and "cli" in listing.content.decode()
        event = AuditEvent.objects.get()
        export = admin.post(reverse("admin:trajectories_auditevent_changelist"),
                            {"action": "export_csv", "_selected_action": [event.pk]})
        assert export["Content-Type"].startswith("text/csv") and world.trajectory.title in export.content.decode(
            "utf-8-sig")
        assert admin.get(reverse("admin:trajectories_auditevent_change", args=[event.pk])).status_code == 200
        assert admin.post(reverse("admin:trajectories_auditevent_delete", args=[event.pk])).status_code == 403
        # The export itself is recorded; nothing else changed.
        assert list(AuditEvent.objects.order_by("pk").values_list("pk", "action", "object_type", "user_id")) == [
            (event.pk, AuditAction.READ, "detail", world.client.pk),
            (AuditEvent.objects.latest("pk").pk, AuditAction.EXPORT, "audit_trail", world.admin.pk),
        ]
        for role in ("client", "staff", "facilitator", "quality"):
            response = client_for(getattr(world, role)).get(reverse("admin:trajectories_auditevent_changelist"))
            assert response.status_code == 302


def test_the_boards_poll_also_asks_for_the_second_factor(world, settings):
    """The poll is left alone by the two-factor middleware (for speed); its full check asks itself."""
    from trajectories.live import services as live_services

    settings.PARTNER_REQUIRE_2FA = True
    session = live_services.live_session_open(trajectory=world.trajectory, by=world.facilitator, title="Zaal")
    TOTPDevice.objects.create(user=world.facilitator, name="app", confirmed=True)
    http = Client()
    http.post(reverse("login"), {"username": "fac", "password": "partner-test"})
    url = reverse("trajectories:live_board_partial", kwargs={"pk": world.trajectory.pk, "session_pk": session.pk})
    response = http.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_verify"))
