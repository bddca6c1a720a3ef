"""Shared test setup: one organisation with a trajectory and a person in every role."""

import os
from dataclasses import dataclass

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the
# same thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from hypothesis import settings as hypothesis_settings  # noqa: E402

from tests import factories  # noqa: E402
from trajectories.models import MemberRole, OrganisationRole  # noqa: E402

# In CI the property-based tests replay the same examples on every run, so a landing never
# depends on luck; locally they explore new random input each time.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    hypothesis_settings.load_profile("ci")

ROLES = ("anonymous", "client", "staff", "facilitator", "quality", "other_facilitator", "admin")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Password hashing is not under test here; a fast hasher keeps fixtures cheap.

    (``tests/test_security.py`` checks the real setting: Argon2.)
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def login_lockout_off(settings):
    """django-axes counts wrong passwords per test run; its own tests turn it on (``test_security.py``).

    Django's test client logs in without a request, which axes refuses, so it is off elsewhere.
    """
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploaded photos go to a fresh folder per test, never into the project."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return settings.PRIVATE_MEDIA_ROOT


@dataclass
class World:
    organisation: object
    other_organisation: object
    facilitator: object
    client: object
    client2: object
    staff: object
    quality: object
    other_facilitator: object
    admin: object
    outsider: object
    trajectory: object
    other_trajectory: object

    def membership(self, user):
        return self.trajectory.memberships.get(user=user)

    def user(self, role):
        return None if role == "anonymous" else getattr(self, role)


@pytest.fixture
def world(db):
    from django.contrib.auth import get_user_model

    organisation = factories.OrganisationFactory(name="Zorggroep Test")
    other = factories.OrganisationFactory(name="Stichting Elders")
    facilitator = factories.person(organisation, username="fac", role=OrganisationRole.FACILITATOR, first_name="Fien")
    client = factories.person(organisation, username="cli", first_name="Gerda")
    client2 = factories.person(organisation, username="cli2", first_name="Henk")
    staff = factories.person(organisation, username="stf", first_name="Sanne")
    quality = factories.person(organisation, username="qua", role=OrganisationRole.QUALITY, first_name="Kees")
    outsider = factories.person(organisation, username="out", first_name="Olga")
    other_facilitator = factories.person(other, username="fac2", role=OrganisationRole.FACILITATOR, first_name="Joost")
    admin = get_user_model().objects.create_superuser("boss", password="partner-test")
    trajectory = factories.trajectory_for(facilitator, organisation)
    factories.add_member(trajectory, client, MemberRole.CLIENT, by=facilitator)
    factories.add_member(trajectory, client2, MemberRole.CLIENT, by=facilitator)
    factories.add_member(trajectory, staff, MemberRole.STAFF, by=facilitator)
    other_trajectory = factories.trajectory_for(other_facilitator, other, title="Elders")
    return World(
        organisation=organisation,
        other_organisation=other,
        facilitator=facilitator,
        client=client,
        client2=client2,
        staff=staff,
        quality=quality,
        other_facilitator=other_facilitator,
        admin=admin,
        outsider=outsider,
        trajectory=trajectory,
        other_trajectory=other_trajectory,
    )


@pytest.fixture
def client_for(client):
    """``client_for(user)``: a Django test client logged in as ``user`` (or anonymous for None)."""
    from django.test import Client

    def make(user):
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make
