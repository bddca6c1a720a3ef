import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from partner import permissions
from tests import factories
from tests.errors import error_codes, says
from trajectories.core import services
from trajectories.core.access import trajectory_perms_for_user
from trajectories.models import (
    AgendaItem,
    MemberRole,
    OrganisationRole,
    StepTransition,
    Theme,
    Topic,
)
from trajectories.permissions import ROLE_PERMISSIONS, Perm

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world


class TestTrajectory:
    def test_creator_becomes_facilitator_with_every_right(self, world):
        membership = world.membership(world.facilitator)
        assert membership.role == MemberRole.FACILITATOR
        assert trajectory_perms_for_user(world.facilitator, world.trajectory) == ROLE_PERMISSIONS[MemberRole.FACILITATOR]
        assert world.trajectory.current_step == 1

    def test_only_organisation_facilitators_start_trajectories(self, world):
        with pytest.raises(ValidationError) as error:
            factories.trajectory_for(world.staff, world.organisation)
        assert error.value.code == "role"
        with pytest.raises(ValidationError) as error:
            factories.trajectory_for(world.other_facilitator, world.organisation)
        assert error.value.code == "role"

    def test_end_date_before_start_date_is_refused(self, world):
        with pytest.raises(ValidationError) as error:
            factories.trajectory_for(
                world.facilitator,
                world.organisation,
                start_date=datetime.date(2026, 5, 1),
                end_date=datetime.date(2026, 4, 1),
            )
        assert error_codes(error) == {"end_date": ["dates"]}
        assert says(error, "The end date cannot be before the start date.")

    def test_location_of_another_organisation_is_refused(self, world):
        elsewhere = factories.LocationFactory(organisation=world.other_organisation)
        with pytest.raises(ValidationError) as error:
            factories.trajectory_for(world.facilitator, world.organisation, location=elsewhere)
        assert error_codes(error) == {"location": ["organisation"]}
        assert says(error, "This location belongs to another organisation.")


class TestSteps:
    def test_advance_records_who_and_when(self, world):
        services.step_advance(trajectory=world.trajectory, by=world.facilitator)
        world.trajectory.refresh_from_db()
        assert world.trajectory.current_step == 2
        transition = StepTransition.objects.get(trajectory=world.trajectory)
        assert (transition.from_step, transition.to_step, transition.by) == (1, 2, world.facilitator)
        assert transition.at is not None

    def test_back_is_allowed_and_recorded(self, world):
        services.step_advance(trajectory=world.trajectory, by=world.facilitator)
        services.step_back(trajectory=world.trajectory, by=world.facilitator)
        world.trajectory.refresh_from_db()
        assert world.trajectory.current_step == 1
        assert [(t.from_step, t.to_step) for t in StepTransition.objects.order_by("pk")] == [(1, 2), (2, 1)]

    def test_steps_stay_between_one_and_four(self, world):
        with pytest.raises(ValidationError) as error:
            services.step_back(trajectory=world.trajectory, by=world.facilitator)
        assert error.value.code == "first_step"
        for _ in range(3):
            services.step_advance(trajectory=world.trajectory, by=world.facilitator)
        with pytest.raises(ValidationError) as error:
            services.step_advance(trajectory=world.trajectory, by=world.facilitator)
        assert error.value.code == "last_step"
        world.trajectory.refresh_from_db()
        assert world.trajectory.current_step == 4
        assert StepTransition.objects.count() == 3

    def test_a_stale_page_does_not_move_twice(self, world):
        services.step_advance(trajectory=world.trajectory, by=world.facilitator, expected_step=1)
        with pytest.raises(ValidationError) as error:
            services.step_advance(trajectory=world.trajectory, by=world.facilitator, expected_step=1)
        assert error.value.code == "stale"
        world.trajectory.refresh_from_db()
        assert world.trajectory.current_step == 2

    def test_closed_trajectories_do_not_change(self, world):
        services.trajectory_close(trajectory=world.trajectory, by=world.facilitator)
        with pytest.raises(ValidationError) as error:
            services.step_advance(trajectory=world.trajectory, by=world.facilitator)
        assert error.value.code == "closed"
        with pytest.raises(ValidationError) as error:
            factories.topic(world.trajectory, world.membership(world.client))
        assert error.value.code == "closed"
        services.trajectory_reopen(trajectory=world.trajectory, by=world.facilitator)
        factories.topic(world.trajectory, world.membership(world.client))


class TestMemberships:
    @pytest.mark.parametrize("role", [MemberRole.CLIENT, MemberRole.STAFF, MemberRole.FACILITATOR])
    def test_adding_grants_exactly_the_roles_permissions(self, world, role):
        person = factories.person(world.organisation)
        services.membership_add(trajectory=world.trajectory, user=person, role=role, by=world.facilitator)
        assert trajectory_perms_for_user(person, world.trajectory) == ROLE_PERMISSIONS[role]

    def test_removing_revokes_every_permission(self, world):
        membership = world.membership(world.client2)
        services.membership_remove(membership=membership, by=world.facilitator)
        assert trajectory_perms_for_user(world.client2, world.trajectory) == frozenset()

    def test_grant_and_membership_are_one_transaction(self, world, monkeypatch):
        person = factories.person(world.organisation)

        def broken(*args, **kwargs):
            raise RuntimeError("permission store down")

        monkeypatch.setattr(permissions, "assign_perm", broken)
        with pytest.raises(RuntimeError):
            services.membership_add(trajectory=world.trajectory, user=person, role=MemberRole.CLIENT, by=world.facilitator)
        assert not world.trajectory.memberships.filter(user=person).exists()

    def test_the_last_facilitator_stays(self, world):
        with pytest.raises(ValidationError) as error:
            services.membership_remove(membership=world.membership(world.facilitator), by=world.facilitator)
        assert error.value.code == "last_facilitator"

    def test_nobody_is_added_twice(self, world):
        with pytest.raises(ValidationError) as error:
            services.membership_add(
                trajectory=world.trajectory, user=world.client, role=MemberRole.STAFF, by=world.facilitator
            )
        assert error_codes(error) == {"user": ["duplicate"]}
        assert says(error, "This person already takes part in this trajectory.")

    def test_relatives_are_on_the_client_side(self, world):
        person = factories.person(world.organisation)
        with pytest.raises(ValidationError) as error:
            services.membership_add(
                trajectory=world.trajectory, user=person, role=MemberRole.STAFF, by=world.facilitator, is_relative=True
            )
        assert error_codes(error) == {"is_relative": ["role"]}
        assert says(error, "Only someone on the client side can be a relative.")
        relative = services.membership_add(
            trajectory=world.trajectory, user=person, role=MemberRole.CLIENT, by=world.facilitator, is_relative=True
        )
        assert str(relative.role_label) in {"relative", "naaste"}
        assert Perm.CLIENT_SPACE in trajectory_perms_for_user(person, world.trajectory)


class TestTopics:
    def test_client_is_the_author(self, world):
        gerda = world.membership(world.client)
        topic = factories.topic(world.trajectory, gerda)
        assert topic.author == gerda and topic.entered_by is None

    def test_facilitator_enters_on_behalf_of_a_client(self, world):
        lead = world.membership(world.facilitator)
        henk = world.membership(world.client2)
        topic = factories.topic(world.trajectory, lead, on_behalf_of=henk)
        assert (topic.author, topic.entered_by) == (henk, lead)
        by_name = factories.topic(world.trajectory, lead, on_behalf_of_name="Mevrouw Jansen")
        assert by_name.author is None and by_name.on_behalf_of_name == "Mevrouw Jansen"

    def test_only_the_facilitator_enters_on_behalf(self, world):
        with pytest.raises(ValidationError) as error:
            factories.topic(world.trajectory, world.membership(world.client), on_behalf_of_name="Iemand")
        assert says(error, "Only the facilitator can add a topic on behalf of someone else.")
        assert error_codes(error) == ["on_behalf"]
        with pytest.raises(ValidationError) as error:
            factories.topic(world.trajectory, world.membership(world.staff))
        assert error.value.code == "role"

    def test_anonymity_once_promised_stays(self, world):
        gerda = world.membership(world.client)
        topic = factories.topic(world.trajectory, gerda, is_anonymous=True)
        services.topic_update(topic=topic, by=gerda, title="Nieuw", theme=Theme.SAFETY, is_anonymous=False)
        topic.refresh_from_db()
        assert topic.is_anonymous and topic.title == "Nieuw"

    def test_clients_change_only_their_own_topics(self, world):
        topic = factories.topic(world.trajectory, world.membership(world.client))
        with pytest.raises(ValidationError) as error:
            services.topic_update(topic=topic, by=world.membership(world.client2), title="x", theme=Theme.OTHER)
        assert error.value.code == "not_author"
        with pytest.raises(ValidationError) as error:
            services.topic_delete(topic=topic, by=world.membership(world.client2))
        assert error.value.code == "not_author"
        services.topic_delete(topic=topic, by=world.membership(world.facilitator))
        assert not Topic.objects.filter(pk=topic.pk).exists()


class TestAgenda:
    def test_items_are_private_until_shared_and_then_final(self, world):
        gerda = world.membership(world.client)
        item = services.agenda_item_create(trajectory=world.trajectory, by=gerda, title="Rust")
        assert not item.is_shared
        services.agenda_item_share(item=item, by=gerda)
        item.refresh_from_db()
        assert item.is_shared and item.shared_by == gerda
        with pytest.raises(ValidationError) as error:
            services.agenda_item_update(item=item, by=gerda, title="Anders")
        assert error.value.code == "shared"
        with pytest.raises(ValidationError) as error:
            services.agenda_item_delete(item=item, by=gerda)
        assert error.value.code == "shared"

    def test_topics_of_another_trajectory_are_refused(self, world):
        other_lead = world.other_trajectory.memberships.get()
        foreign = factories.topic(world.other_trajectory, other_lead)
        with pytest.raises(ValidationError) as error:
            services.agenda_item_create(
                trajectory=world.trajectory, by=world.membership(world.client), title="x", topics=[foreign]
            )
        assert error_codes(error) == {"topics": ["topics"]}
        assert says(error, "Choose topics of this trajectory.")

    def test_moving_changes_the_priority(self, world):
        gerda = world.membership(world.client)
        first, second, third = (
            services.agenda_item_create(trajectory=world.trajectory, by=gerda, title=title) for title in "abc"
        )
        services.agenda_item_move(item=third, by=gerda, direction="up")
        services.agenda_item_move(item=first, by=gerda, direction="up")  # already on top: nothing happens
        order = list(AgendaItem.objects.filter(trajectory=world.trajectory).values_list("title", flat=True))
        assert order == ["a", "c", "b"]
        services.agenda_item_move(item=first, by=gerda, direction="down")
        order = list(AgendaItem.objects.filter(trajectory=world.trajectory).values_list("title", flat=True))
        assert order == ["c", "a", "b"]


class TestStaffSpace:
    def test_summary_is_shared_deliberately_and_then_final(self, world):
        sanne = world.membership(world.staff)
        with pytest.raises(ValidationError) as error:
            services.staff_summary_share(trajectory=world.trajectory, by=sanne)
        assert error.value.code == "empty"
        services.staff_summary_save(trajectory=world.trajectory, by=sanne, text="Eerste versie")
        summary = services.staff_summary_save(trajectory=world.trajectory, by=sanne, text="Tweede versie")
        assert summary.text == "Tweede versie" and not summary.is_shared
        services.staff_summary_share(trajectory=world.trajectory, by=sanne)
        with pytest.raises(ValidationError) as error:
            services.staff_summary_save(trajectory=world.trajectory, by=sanne, text="Derde versie")
        assert error.value.code == "shared"

    def test_reflections_are_about_shared_items_only(self, world):
        gerda = world.membership(world.client)
        private = services.agenda_item_create(trajectory=world.trajectory, by=gerda, title="Geheim")
        with pytest.raises(ValidationError) as error:
            services.staff_reflection_create(
                trajectory=world.trajectory, by=world.membership(world.staff), text="x", agenda_item=private
            )
        assert error_codes(error) == {"agenda_item": ["agenda_item"]}
        assert says(error, "Choose a shared agenda item of this trajectory.")
        with pytest.raises(ValidationError) as error:
            services.staff_reflection_create(trajectory=world.trajectory, by=gerda, text="x")
        assert error.value.code == "role"


class TestDialogue:
    def test_actions_need_a_member_owner_and_a_future_date(self, world):
        lead = world.membership(world.facilitator)
        stranger = world.other_trajectory.memberships.get()
        with pytest.raises(ValidationError) as error:
            services.action_create(trajectory=world.trajectory, by=lead, what="x", owner=stranger, due_date=TOMORROW)
        assert error_codes(error) == {"owner": ["owner"]}
        assert says(error, "Choose someone who takes part in this trajectory.")
        with pytest.raises(ValidationError) as error:
            services.action_create(
                trajectory=world.trajectory,
                by=lead,
                what="x",
                owner=lead,
                due_date=timezone.localdate() - datetime.timedelta(days=1),
            )
        assert error_codes(error) == {"due_date": ["past_date"]}
        assert says(error, "The date cannot be in the past.")
        action = services.action_create(trajectory=world.trajectory, by=lead, what="x", owner=lead, due_date=TOMORROW)
        assert action.status == "proposed"

    def test_dialogue_is_about_shared_items(self, world):
        gerda = world.membership(world.client)
        item = services.agenda_item_create(trajectory=world.trajectory, by=gerda, title="Rust")
        lead = world.membership(world.facilitator)
        with pytest.raises(ValidationError) as error:
            services.dialogue_save(agenda_item=item, by=lead, heard="a", agreed="b")
        assert error.value.code == "private"
        services.agenda_item_share(item=item, by=gerda)
        dialogue = services.dialogue_save(agenda_item=item, by=lead, heard="a", agreed="b")
        again = services.dialogue_save(agenda_item=item, by=lead, heard="c", agreed="d")
        assert dialogue.pk == again.pk and again.heard == "c"

    def test_owner_of_actions_cannot_be_removed_silently(self, world):
        lead = world.membership(world.facilitator)
        henk = world.membership(world.client2)
        services.action_create(trajectory=world.trajectory, by=lead, what="Menu maken", owner=henk, due_date=TOMORROW)
        with pytest.raises(ValidationError) as error:
            services.membership_remove(membership=henk, by=world.facilitator)
        assert error.value.code == "owns_actions"


def test_quality_role_gives_read_access_without_membership(world):
    quality = factories.person(world.organisation, role=OrganisationRole.QUALITY)
    assert trajectory_perms_for_user(quality, world.trajectory) == frozenset({Perm.VIEW})
    assert trajectory_perms_for_user(quality, world.other_trajectory) == frozenset()
