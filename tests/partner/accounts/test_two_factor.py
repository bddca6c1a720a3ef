"""Two-step login: a password alone never gives a verified session, and people manage their own apps."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.middleware import OTPMiddleware
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from partner.accounts import two_factor
from trajectories.models import AuditAction, AuditEvent


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world


def code_for(key_hex: str) -> str:
    return f"{totp(bytes.fromhex(key_hex)):06d}"


def password_login(username: str) -> Client:
    http = Client()
    assert http.post(reverse("login"), {"username": username, "password": "partner-test"}).status_code == 302
    return http


def verified_login(username: str, device: TOTPDevice) -> Client:
    http = password_login(username)
    device.refresh_from_db()
    device.last_t = -1
    device.throttle_reset()
    response = http.post(reverse("two_factor_verify"), {"token": f"{totp(device.bin_key):06d}"})
    assert response.status_code == 302
    return http


@pytest.fixture
def required(settings):
    settings.PARTNER_REQUIRE_2FA = True


@pytest.fixture
def quality_device(world):
    return TOTPDevice.objects.create(user=world.quality, name="Telefoon", confirmed=True)


class TestThePasswordAloneIsNotEnough:
    """The finding: with a password, open the setup page, enrol a new app, and everything opens."""

    def test_the_setup_page_sends_a_password_only_session_to_the_code(self, world, required, quality_device):
        http = password_login("qua")
        response = http.get(reverse("two_factor_setup"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_verify"))
        assert "two_factor_pending_key" not in http.session  # no secret was even offered

    def test_a_code_for_a_new_secret_is_refused_and_nothing_opens(self, world, required, quality_device):
        http = password_login("qua")
        session = http.session
        session["two_factor_pending_key"] = "00" * 20  # as if the attacker had a secret of their own
        session.save()
        response = http.post(reverse("two_factor_setup"), {"token": code_for("00" * 20), "next": "/"})
        assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_verify"))
        assert list(TOTPDevice.objects.filter(user=world.quality)) == [quality_device]
        for url in (reverse("trajectories:plans_overview"), reverse("trajectories:actions_csv"),
                    reverse("trajectories:dashboard")):
            assert http.get(url)["Location"].startswith(reverse("two_factor_verify"))

    def test_the_administrator_cannot_reach_the_admin_that_way_either(self, world, required):
        TOTPDevice.objects.create(user=world.admin, name="app", confirmed=True)
        http = password_login("boss")
        assert http.get(reverse("two_factor_setup"))["Location"].startswith(reverse("two_factor_verify"))
        assert http.get(reverse("admin:index"))["Location"].startswith(reverse("two_factor_verify"))

    def test_the_services_refuse_too(self, world, quality_device):
        request = RequestFactory().post("/")
        request.user = world.quality
        request.session = {}
        request = OTPMiddleware(lambda request: request)(request)  # a confirmed app, not verified here
        with pytest.raises(ValidationError) as refused:
            two_factor.two_factor_device_add(request=request, pending=two_factor.PendingDevice(key="11" * 20), name="x")
        assert refused.value.code == "not_allowed"
        with pytest.raises(ValidationError) as refused:
            two_factor.two_factor_device_remove(request=request, device=quality_device)
        assert refused.value.code == "not_allowed"
        assert list(TOTPDevice.objects.filter(user=world.quality)) == [quality_device]


class TestManagingOwnApps:
    def test_first_app_needs_no_verified_session_and_opening_the_page_stores_nothing(self, world, required):
        http = password_login("qua")
        assert http.get(reverse("two_factor_setup")).status_code == 200
        assert http.get(reverse("two_factor_setup")).status_code == 200
        assert not TOTPDevice.objects.filter(user=world.quality).exists()

    def test_a_verified_person_lists_adds_and_removes_apps_and_sees_each_change(self, world, required, quality_device):
        http = verified_login("qua", quality_device)
        page = http.get(reverse("two_factor_setup")).content.decode()
        assert "Telefoon" in page and "Geen wijzigingen" in page
        key = http.session["two_factor_pending_key"]
        added = http.post(reverse("two_factor_setup"), {"name": "Tablet", "token": code_for(key)})
        assert added.status_code == 302
        tablet = TOTPDevice.objects.get(user=world.quality, name="Tablet")
        assert tablet.confirmed and tablet.key == key
        page = http.get(reverse("two_factor_setup")).content.decode()
        assert "Tablet" in page and "er is een app toegevoegd" in page
        assert http.session["two_factor_pending_key"] != key  # a fresh secret for a next app

        removed = http.post(reverse("two_factor_device_delete", kwargs={"pk": tablet.pk}))
        assert removed.status_code == 302
        assert not TOTPDevice.objects.filter(pk=tablet.pk).exists()
        page = http.get(reverse("two_factor_setup")).content.decode()
        assert "er is een app verwijderd" in page
        events = AuditEvent.objects.filter(object_type="two_factor_device").order_by("pk")
        assert [(e.action, e.object_id, e.user_id) for e in events] == [
            (AuditAction.CREATE, str(tablet.pk), world.quality.pk),
            (AuditAction.DELETE, str(tablet.pk), world.quality.pk),
        ]

    def test_the_last_app_of_someone_who_must_have_one_stays(self, world, required, quality_device):
        http = verified_login("qua", quality_device)
        response = http.post(reverse("two_factor_device_delete", kwargs={"pk": quality_device.pk}), follow=True)
        assert "Voeg eerst een andere app toe" in response.content.decode()
        assert TOTPDevice.objects.filter(pk=quality_device.pk).exists()

    def test_nobody_removes_someone_elses_app(self, world, quality_device):
        other = TOTPDevice.objects.create(user=world.staff, name="Sanne", confirmed=True)
        http = verified_login("qua", quality_device)
        assert http.post(reverse("two_factor_device_delete", kwargs={"pk": other.pk})).status_code == 404
        assert TOTPDevice.objects.filter(pk=other.pk).exists()

    def test_removing_needs_a_verified_session(self, world, quality_device):
        http = password_login("qua")
        response = http.post(reverse("two_factor_device_delete", kwargs={"pk": quality_device.pk}))
        assert response["Location"].startswith(reverse("two_factor_verify"))
        assert TOTPDevice.objects.filter(pk=quality_device.pk).exists()

    def test_my_data_links_to_it(self, world, client_for):
        page = client_for(world.staff).get(reverse("trajectories:my_data")).content.decode()
        assert reverse("two_factor_setup") in page


def test_a_right_code_just_after_a_wrong_one_says_wait_not_wrong(world, required, quality_device):
    http = password_login("qua")
    wrong = http.post(reverse("two_factor_verify"), {"token": "000000"})
    assert "Deze code klopt niet" in wrong.content.decode()
    quality_device.refresh_from_db()
    right = http.post(reverse("two_factor_verify"), {"token": f"{totp(quality_device.bin_key):06d}"})
    page = right.content.decode()
    assert right.status_code == 200 and "Wacht even" in page and "klopt niet" not in page


def test_the_service_keeps_the_last_app_of_someone_who_must_have_one(world, required, quality_device):
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import login as otp_login

    request = RequestFactory().post("/")
    request.user = world.quality
    request.session = SessionStore()
    request = OTPMiddleware(lambda request: request)(request)
    otp_login(request, quality_device)
    assert request.user.is_verified()
    with pytest.raises(ValidationError) as refused:
        two_factor.two_factor_device_remove(request=request, device=quality_device)
    assert refused.value.code == "last_device"
