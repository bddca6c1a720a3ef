"""The administration's and the invitations' lists run the same number of queries for 2 rows as for
20 (no N+1), and no more than their ceiling (``tests/query_counts.py``)."""

import datetime

import pytest
from django.contrib.auth.hashers import make_password
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories
from tests.query_counts import Scenario, assert_query_counts, measure_get
from trajectories.models import Invitation, Location, LoginCard, MemberRole, OrganisationRole
from trajectories.people.services import card_code_hash, token_hash


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world


def build_accounts(world, n):
    """``n`` more people, each with an app and a login card."""
    for number in range(n):
        user = factories.person(world.organisation, username=f"persoon{number:02d}", first_name=f"Persoon{number:02d}")
        TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        LoginCard.objects.create(user=user, lookup=f"Q{number:03d}", code_hash=card_code_hash(f"Q{number:03d}"),
                                 pin_hash=make_password("1234"))
    return f"Persoon{n - 1:02d}"


def build_invitations(world, n, *, trajectory=None):
    for number in range(n):
        Invitation.objects.create(
            organisation=world.organisation, email=f"nieuw{number:02d}@example.org", token_hash=token_hash(str(number)),
            created_by=world.org_admin, expires_at=timezone.now() + datetime.timedelta(days=3),
            role=OrganisationRole.MEMBER, trajectory=trajectory, member_role=MemberRole.CLIENT if trajectory else "",
        )
    return f"nieuw{n - 1:02d}@example.org"


SCENARIOS = [
    # Ceilings: what the page runs today (with the unread count in the header) and no more.
    Scenario("admin_accounts", "org_admin", build_accounts, lambda world, target: reverse("people:admin_accounts"),
             ceiling=13),
    Scenario("admin_invitations", "org_admin", build_invitations,
             lambda world, target: reverse("people:admin_invitations"), ceiling=13),
    Scenario("trajectory_invitations", "facilitator",
             lambda world, n: build_invitations(world, n, trajectory=world.trajectory),
             lambda world, target: reverse("people:trajectory_invitations", kwargs={"pk": world.trajectory.pk}),
             ceiling=16),
    Scenario("admin_locations", "org_admin",
             lambda world, n: [Location.objects.create(organisation=world.organisation, name=f"Plek {i:02d}")
                               for i in range(n)][-1].name,
             lambda world, target: reverse("people:admin_locations"), ceiling=13),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.id)
def test_list_pages_run_the_same_queries_for_2_and_20_rows(scenario, world, client_for):
    assert_query_counts(scenario, world, client_for)


def test_the_audit_page_runs_the_same_queries_for_few_and_many_entries(world, client_for):
    http = client_for(world.org_admin)
    url = reverse("people:admin_audit")
    for _ in range(2):
        http.get(reverse("people:admin_accounts"))
    small = measure_get(http, url, [], what="audit, few")
    for _ in range(20):
        http.get(reverse("people:admin_accounts"))
    large = measure_get(http, url, [], what="audit, many")
    assert small[0] == large[0] <= 13
