"""The people and trajectories most tests start from: one organisation with a trajectory and a person
in every role, and another organisation next to it.

``tests/conftest.py`` builds a fresh one per test (the ``world`` fixture); a module or class whose
tests only read it builds it once (``build_world``, through ``tests/shared.py``).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from tests import factories
from trajectories.models import MemberRole, OrganisationRole

ROLES = ("anonymous", "client", "staff", "facilitator", "quality", "other_facilitator", "admin", "org_admin")


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
    org_admin: object
    outsider: object
    trajectory: object
    other_trajectory: object

    def membership(self, user):
        return self.trajectory.memberships.get(user=user)

    def user(self, role):
        return None if role == "anonymous" else getattr(self, role)


def build_world() -> World:
    organisation = factories.OrganisationFactory(name="Zorggroep Test")
    other = factories.OrganisationFactory(name="Stichting Elders")
    facilitator = factories.person(organisation, username="fac", role=OrganisationRole.FACILITATOR, first_name="Fien")
    client = factories.person(organisation, username="cli", first_name="Gerda")
    client2 = factories.person(organisation, username="cli2", first_name="Henk")
    staff = factories.person(organisation, username="stf", first_name="Sanne")
    quality = factories.person(organisation, username="qua", role=OrganisationRole.QUALITY, first_name="Kees")
    outsider = factories.person(organisation, username="out", first_name="Olga")
    other_facilitator = factories.person(other, username="fac2", role=OrganisationRole.FACILITATOR, first_name="Joost")
    org_admin = factories.person(organisation, username="adm", role=OrganisationRole.ADMIN, first_name="Anna")
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
        org_admin=org_admin,
        outsider=outsider,
        trajectory=trajectory,
        other_trajectory=other_trajectory,
    )


class Cast:
    """The people of ``world.trajectory`` as memberships, by the names the tests tell their stories
    with: Fien leads (``lead``, the facilitator), Gerda and Henk are clients, Sanne is staff."""

    def __init__(self, world: World):
        self.world = world
        self.trajectory = world.trajectory
        self.lead = world.membership(world.facilitator)
        self.gerda = world.membership(world.client)
        self.henk = world.membership(world.client2)
        self.sanne = world.membership(world.staff)
