"""The audit trail records what each view declares: reads, changes and exports of care data and of
the participation matrix, administrators' downloads and erasures, and on whose behalf, taken only
from facts the server checked."""

import pytest
from django.contrib.admin import helpers
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from trajectories.models import AuditAction, AuditEvent, MemberRole, Theme, Topic
from trajectories.privacy.audit import view_declares_audit


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world


def views_of(namespace: str):
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == namespace:
            for inner in pattern.url_patterns:
                assert isinstance(inner, URLPattern)
                yield inner.name, inner.callback


@pytest.mark.parametrize("namespace", ["trajectories", "matrix", "people"])
def test_every_view_says_what_it_does_with_care_data(namespace):
    undeclared = [name for name, view in views_of(namespace) if not view_declares_audit(view)]
    assert list(views_of(namespace)), "no views found"
    assert undeclared == [], f"add @audited(...) or @not_audited to: {undeclared}"


def events():
    return [(e.action, e.object_type, e.status) for e in AuditEvent.objects.order_by("pk")]


class TestPersonalData:
    def test_a_persons_own_download_is_an_export(self, world, client_for):
        client_for(world.client).post(reverse("trajectories:my_data"))
        assert events() == [(AuditAction.EXPORT, "my_data", 200)]

    def test_an_administrators_download_and_erasure_are_recorded(self, world, client_for):
        admin = client_for(world.admin)
        changelist = reverse("admin:auth_user_changelist")
        admin.post(changelist, {"action": "download_personal_data", helpers.ACTION_CHECKBOX_NAME: [world.client2.pk]})
        admin.post(changelist, {"action": "erase_personal_data", helpers.ACTION_CHECKBOX_NAME: [world.client2.pk],
                                "confirm": "yes"})
        recorded = [(e.action, e.object_type, e.object_id, e.user_id, e.organisation_id)
                    for e in AuditEvent.objects.order_by("pk")]
        assert recorded == [
            (AuditAction.EXPORT, "personal_data", str(world.client2.pk), world.admin.pk, world.organisation.pk),
            (AuditAction.DELETE, "person_erase", str(world.client2.pk), world.admin.pk, world.organisation.pk),
        ]

    def test_a_refused_erasure_is_not_recorded_as_one(self, world, client_for):
        client_for(world.admin).post(
            reverse("admin:auth_user_changelist"),
            {"action": "erase_personal_data", helpers.ACTION_CHECKBOX_NAME: [world.admin.pk], "confirm": "yes"},
        )
        assert not AuditEvent.objects.filter(object_type="person_erase").exists()


class TestOnBehalfOf:
    def explore(self, world):
        return reverse("trajectories:explore", kwargs={"pk": world.trajectory.pk})

    def test_a_client_cannot_write_someone_else_into_the_trail(self, world, client_for):
        http = client_for(world.client)
        http.post(self.explore(world), {"title": "Warm eten", "theme": Theme.FOOD, "story": "",
                                        "on_behalf_of_name": "Mevrouw Jansen",
                                        "on_behalf_of": str(world.membership(world.client2).pk),
                                        "namens-on_behalf_of_name": "Iemand", "member": "1"})
        event = AuditEvent.objects.get(method="POST")
        assert (event.action, event.status, event.on_behalf_of) == (AuditAction.CREATE, 302, "")
        assert Topic.objects.get().author == world.membership(world.client)

    def test_a_member_of_another_trajectory_is_never_turned_into_a_name(self, world, client_for):
        from tests import factories

        elsewhere = factories.person(world.other_organisation, username="ver", first_name="Verre")
        membership = factories.add_member(world.other_trajectory, elsewhere, MemberRole.CLIENT,
                                          by=world.other_facilitator)
        client_for(world.facilitator).post(self.explore(world), {
            "on_behalf_of": str(membership.pk), "on_behalf_of_name": "", "title": "x", "theme": Theme.FOOD,
        })
        event = AuditEvent.objects.get(method="POST")
        assert event.on_behalf_of == "" and "Verre" not in event.on_behalf_of
        assert not Topic.objects.exists()  # the form refused the foreign member

    def test_what_the_facilitator_entered_for_a_client_names_that_client(self, world, client_for):
        member = world.membership(world.client2)
        client_for(world.facilitator).post(self.explore(world), {
            "on_behalf_of": str(member.pk), "on_behalf_of_name": "", "title": "Rust", "theme": Theme.FOOD,
        })
        event = AuditEvent.objects.get(method="POST")
        assert event.on_behalf_of == f"{member.display_name} ({member.pk})"
        assert Topic.objects.get().author == member
