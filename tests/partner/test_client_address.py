"""Behind a proxy every request arrives from the proxy's address: limits and the trail must still
tell clients apart, and nobody may choose their own address by sending a header."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from partner.client_address import client_address, client_address_hash
from tests.live_helpers import open_session
from trajectories.models import AuditEvent, JoinAttempt

PROXY = "10.0.0.1"


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world


def request_from(remote: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


class TestClientAddress:
    def test_without_trusted_proxies_the_header_is_ignored(self, settings):
        settings.PARTNER_TRUSTED_PROXY_COUNT = 0
        assert client_address(request_from(PROXY, "192.0.2.7")) == PROXY

    def test_one_trusted_proxy_gives_the_address_it_saw(self, settings):
        settings.PARTNER_TRUSTED_PROXY_COUNT = 1
        assert client_address(request_from(PROXY, "192.0.2.7")) == "192.0.2.7"
        # What the client put in the header itself comes before the proxy's entry: not believed.
        assert client_address(request_from(PROXY, "203.0.113.9, 192.0.2.7")) == "192.0.2.7"

    def test_two_trusted_proxies(self, settings):
        settings.PARTNER_TRUSTED_PROXY_COUNT = 2
        assert client_address(request_from(PROXY, "203.0.113.9, 192.0.2.7, 10.0.0.2")) == "192.0.2.7"

    @pytest.mark.parametrize("forwarded", ["", "nonsense", "1.2.3.4\x00", "999.1.1.1"])
    def test_a_missing_or_broken_header_falls_back_to_the_connection(self, settings, forwarded):
        settings.PARTNER_TRUSTED_PROXY_COUNT = 1
        assert client_address(request_from(PROXY, forwarded)) == PROXY

    def test_ipv6_is_normalised(self, settings):
        settings.PARTNER_TRUSTED_PROXY_COUNT = 1
        assert client_address(request_from(PROXY, "2001:DB8:0:0::1")) == "2001:db8::1"


def wrong_login(username: str, address: str) -> int:
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address).post(
        reverse("login"), {"username": username, "password": "fout"}
    ).status_code


def test_wrong_passwords_from_one_client_do_not_lock_out_everyone_behind_the_proxy(world, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.PARTNER_TRUSTED_PROXY_COUNT = 1
    assert [wrong_login("fac", "192.0.2.66") for _ in range(3)] == [200, 200, 429]
    honest = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.7")
    assert honest.post(reverse("login"), {"username": "fac", "password": "partner-test"}).status_code == 302


def test_wrong_codes_from_one_phone_do_not_stop_the_room(world, settings):
    settings.LIVE_JOIN_MAX_FAILURES = 3
    settings.PARTNER_TRUSTED_PROXY_COUNT = 1
    session = open_session(world)
    guesser = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.66")
    for _ in range(3):
        guesser.post(reverse("trajectories:live_join"), {"code": "QQQQQQ"})
    assert guesser.post(reverse("trajectories:live_join"), {"code": session.join_code}).status_code == 429
    phone = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.7")
    response = phone.post(reverse("trajectories:live_join"), {"code": session.join_code})
    assert response.status_code == 302
    assert JoinAttempt.objects.count() == 3


def test_the_audit_trail_keeps_the_clients_address_hash(world, settings):
    settings.PARTNER_TRUSTED_PROXY_COUNT = 1
    http = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.7")
    http.force_login(world.client)
    http.get(reverse("trajectories:detail", kwargs={"pk": world.trajectory.pk}))
    event = AuditEvent.objects.get()
    assert event.address_hash == client_address_hash(request_from(PROXY, "192.0.2.7"))
    assert event.address_hash != client_address_hash(request_from(PROXY))
    assert "192.0.2.7" not in event.address_hash
