"""Views: the forms people use, their messages in Dutch, and nothing typed is lost."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.html import assert_valid_html
from tests.live_helpers import open_session
from tests.pages import body, dutch, url
from trajectories.core import services
from trajectories.models import (
    Action,
    AgendaItem,
    MemberRole,
    Membership,
    StaffReflection,
    StepTransition,
    Theme,
    Topic,
    Trajectory,
)


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world



class TestTopicForms:
    def test_client_adds_a_topic(self, world, client_for):
        http = client_for(world.client)
        response = http.post(
            url("explore", world),
            {"title": "Rust aan tafel", "theme": Theme.FOOD, "story": "Het is druk.", "is_anonymous": "on"},
            follow=True,
        )
        assert response.status_code == 200
        topic = Topic.objects.get()
        assert (topic.author.user, topic.is_anonymous, topic.entered_by) == (world.client, True, None)
        assert "Rust aan tafel" in body(response)
        assert dutch("Thank you. Your topic has been added.") in body(response)

    def test_empty_topic_keeps_the_story_and_says_why_in_dutch(self, world, client_for):
        response = client_for(world.client).post(
            url("explore", world), {"title": "  ", "theme": Theme.FOOD, "story": "Mijn lange verhaal"}
        )
        assert response.status_code == 200
        assert "Dit veld is verplicht." in body(response)
        assert "Mijn lange verhaal" in body(response)
        assert not Topic.objects.exists()
        assert_valid_html(response)

    def test_too_long_topic_is_refused_with_the_text_kept(self, world, client_for):
        long_title = "ë" * 201
        response = client_for(world.client).post(url("explore", world), {"title": long_title, "theme": Theme.FOOD})
        assert response.status_code == 200
        assert "niet meer dan 200 tekens" in body(response)
        assert long_title in body(response)
        assert not Topic.objects.exists()

    def test_facilitator_enters_a_topic_on_behalf_of_a_client(self, world, client_for):
        henk = world.membership(world.client2)
        response = client_for(world.facilitator).post(
            url("explore", world),
            {"on_behalf_of": henk.pk, "title": "Zelf kiezen", "theme": Theme.FOOD},
        )
        assert response.status_code == 302
        topic = Topic.objects.get()
        assert topic.author == henk and topic.entered_by == world.membership(world.facilitator)
        page = body(client_for(world.client).get(url("explore", world)))
        assert "Henk" in page.split("Zelf kiezen")[1]

    def test_facilitator_cannot_pick_a_client_and_type_a_name(self, world, client_for):
        henk = world.membership(world.client2)
        response = client_for(world.facilitator).post(
            url("explore", world),
            {"on_behalf_of": henk.pk, "on_behalf_of_name": "Mevrouw Jansen", "title": "Zelf kiezen", "theme": "food"},
        )
        assert response.status_code == 200
        assert dutch("Choose a client or type a name, not both.") in body(response)
        assert "Zelf kiezen" in body(response)

    def test_clients_do_not_get_the_on_behalf_fields(self, world, client_for):
        response = client_for(world.client).post(
            url("explore", world),
            {"on_behalf_of": world.membership(world.client2).pk, "title": "Stiekem", "theme": Theme.FOOD},
        )
        assert response.status_code == 302
        assert Topic.objects.get().author.user == world.client

    def test_an_anonymous_topic_cannot_be_made_public_again(self, world, client_for):
        gerda = world.membership(world.client)
        topic = services.topic_create(
            trajectory=world.trajectory, by=gerda, title="Geheim", theme=Theme.HEARD, is_anonymous=True
        )
        client_for(world.client).post(
            url("topic_edit", world, topic_pk=topic.pk), {"title": "Geheim", "theme": Theme.HEARD}
        )
        topic.refresh_from_db()
        assert topic.is_anonymous

    def test_another_client_cannot_edit_my_topic(self, world, client_for):
        topic = services.topic_create(
            trajectory=world.trajectory, by=world.membership(world.client), title="Van mij", theme=Theme.FOOD
        )
        http = client_for(world.client2)
        assert http.get(url("topic_edit", world, topic_pk=topic.pk)).status_code == 404
        assert http.post(url("topic_delete", world, topic_pk=topic.pk)).status_code == 404
        assert Topic.objects.filter(pk=topic.pk).exists()


class TestAgendaViews:
    def test_share_needs_a_confirmation_and_then_staff_read_it(self, world, client_for):
        gerda = world.membership(world.client)
        item = services.agenda_item_create(trajectory=world.trajectory, by=gerda, title="Rustig eten")
        http = client_for(world.client)
        confirm = http.get(url("agenda_item_share", world, item_pk=item.pk))
        assert confirm.status_code == 200
        item.refresh_from_db()
        assert not item.is_shared
        assert "Rustig eten" not in body(client_for(world.staff).get(url("staff", world)))
        http.post(url("agenda_item_share", world, item_pk=item.pk))
        item.refresh_from_db()
        assert item.is_shared
        assert "Rustig eten" in body(client_for(world.staff).get(url("staff", world)))

    def test_move_buttons_change_priority(self, world, client_for):
        gerda = world.membership(world.client)
        first = services.agenda_item_create(trajectory=world.trajectory, by=gerda, title="Eerste")
        second = services.agenda_item_create(trajectory=world.trajectory, by=gerda, title="Tweede")
        response = client_for(world.client).post(url("agenda_item_move", world, item_pk=second.pk, direction="up"))
        assert response.status_code == 302
        assert list(AgendaItem.objects.values_list("pk", flat=True)) == [second.pk, first.pk]

    def test_a_shared_item_cannot_be_edited(self, world, client_for):
        gerda = world.membership(world.client)
        item = services.agenda_item_create(trajectory=world.trajectory, by=gerda, title="Gedeeld")
        services.agenda_item_share(item=item, by=gerda)
        response = client_for(world.client).post(
            url("agenda_item_edit", world, item_pk=item.pk), {"title": "Anders"}, follow=True
        )
        item.refresh_from_db()
        assert item.title == "Gedeeld"
        assert dutch("This agenda item is shared with staff and can no longer be changed.") in body(response)


class TestStaffViews:
    def test_staff_write_a_reflection_and_share_the_summary(self, world, client_for):
        http = client_for(world.staff)
        response = http.post(url("staff", world), {"reflection": "1", "reflection-text": "Wij zien het ook"})
        assert response.status_code == 302
        assert StaffReflection.objects.get().author == world.membership(world.staff)
        http.post(url("staff", world), {"summary": "1", "summary-text": "Samen willen we rust"})
        assert "Samen willen we rust" not in body(client_for(world.client).get(url("dialogue", world)))
        http.post(url("staff_summary_share", world))
        assert "Samen willen we rust" in body(client_for(world.client).get(url("dialogue", world)))

    def test_sharing_an_empty_summary_is_refused_in_dutch(self, world, client_for):
        response = client_for(world.staff).post(url("staff_summary_share", world), follow=True)
        assert dutch("Write a summary before you share it.") in body(response)


class TestDialogueViews:
    @pytest.fixture
    def shared_item(self, world):
        gerda = world.membership(world.client)
        item = services.agenda_item_create(trajectory=world.trajectory, by=gerda, title="Rustig eten")
        services.agenda_item_share(item=item, by=gerda)
        return item

    def test_facilitator_records_the_dialogue(self, world, shared_item, client_for):
        response = client_for(world.facilitator).post(
            url("dialogue_edit", world, item_pk=shared_item.pk),
            {"heard": "Het is druk", "agreed": "Geen medicijnronde tijdens het eten"},
        )
        assert response.status_code == 302
        for user in (world.client, world.staff, world.quality):
            assert "Geen medicijnronde tijdens het eten" in body(client_for(user).get(url("dialogue", world)))

    def test_action_in_the_past_is_refused_and_the_form_keeps_everything(self, world, shared_item, client_for):
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        response = client_for(world.facilitator).post(
            url("action_create", world),
            {
                "what": "Menukaart maken met foto’s",
                "agenda_item": shared_item.pk,
                "owner": world.membership(world.staff).pk,
                "due_date": yesterday.isoformat(),
                "status": "proposed",
            },
        )
        assert response.status_code == 200
        page = body(response)
        assert dutch("The date cannot be in the past.") in page
        assert "Menukaart maken met foto’s" in page
        assert not Action.objects.exists()

    def test_action_without_owner_is_refused(self, world, shared_item, client_for):
        response = client_for(world.facilitator).post(
            url("action_create", world),
            {"what": "Menukaart", "due_date": "2099-01-01", "status": "proposed"},
        )
        assert response.status_code == 200
        assert "Dit veld is verplicht." in body(response)
        assert not Action.objects.exists()

    def test_action_owner_from_another_trajectory_is_refused(self, world, shared_item, client_for):
        stranger = world.other_trajectory.memberships.get()
        response = client_for(world.facilitator).post(
            url("action_create", world),
            {"what": "Menukaart", "owner": stranger.pk, "due_date": "2099-01-01", "status": "proposed"},
        )
        assert response.status_code == 200
        assert not Action.objects.exists()


class TestTrajectoryViews:
    def test_facilitator_starts_a_trajectory(self, world, client_for):
        response = client_for(world.facilitator).post(
            reverse("trajectories:create"),
            {"title": "Je thuis voelen", "subject": "Thuis", "care_context": "elderly", "start_date": "2026-01-01"},
        )
        created = Trajectory.objects.get(title="Je thuis voelen")
        assert response.status_code == 302
        assert response["Location"] == reverse("trajectories:members", kwargs={"pk": created.pk})
        assert created.memberships.get().role == MemberRole.FACILITATOR

    def test_end_before_start_is_refused_in_dutch(self, world, client_for):
        response = client_for(world.facilitator).post(
            reverse("trajectories:create"),
            {
                "title": "Omgekeerd",
                "subject": "Tijd",
                "care_context": "elderly",
                "start_date": "2026-05-01",
                "end_date": "2026-04-01",
            },
        )
        assert response.status_code == 200
        assert dutch("The end date cannot be before the start date.") in body(response)
        assert "Omgekeerd" in body(response)

    def test_step_buttons_move_the_trajectory(self, world, client_for):
        http = client_for(world.facilitator)
        http.post(url("step_advance", world), {"expected_step": 1})
        http.post(url("step_advance", world), {"expected_step": 1})  # a double click
        world.trajectory.refresh_from_db()
        assert world.trajectory.current_step == 2
        assert StepTransition.objects.count() == 1
        response = http.post(url("step_back", world), {"expected_step": 2}, follow=True)
        world.trajectory.refresh_from_db()
        assert world.trajectory.current_step == 1
        assert dutch("The trajectory moved back one step.") in body(response)

    def test_a_broken_step_form_gets_a_message_not_an_error(self, world, client_for):
        response = client_for(world.facilitator).post(url("step_advance", world), {"expected_step": "x"}, follow=True)
        assert response.status_code == 200
        world.trajectory.refresh_from_db()
        assert world.trajectory.current_step == 1

    def test_members_are_added_with_a_role(self, world, client_for):
        response = client_for(world.facilitator).post(
            url("members", world), {"user": world.outsider.pk, "role": "staff"}
        )
        assert response.status_code == 302
        assert world.trajectory.memberships.get(user=world.outsider).role == MemberRole.STAFF

    def test_people_from_another_organisation_are_not_offered(self, world, client_for):
        response = client_for(world.facilitator).post(
            url("members", world), {"user": world.other_facilitator.pk, "role": "staff"}
        )
        assert response.status_code == 200
        assert not world.trajectory.memberships.filter(user=world.other_facilitator).exists()


class TestGuestAccountsStayInTheirSession:
    """Issue 11: a guest of one trajectory was offered in another's picker and could be made staff
    there; the phone's password-free cookie then opened that trajectory's staff space."""

    GUEST = "This is a guest who joined a live session with its code. A guest takes part in that session only."

    @pytest.fixture
    def second(self, world):
        """Another trajectory of the same organisation, led by the same facilitator."""
        return factories.trajectory_for(world.facilitator, world.organisation, title="Wonen")

    @pytest.fixture
    def guest_phone(self, world):
        """Bep joined a live session of the first trajectory with its code, on her phone."""
        session = open_session(world)
        phone = Client()
        joined = phone.post(reverse("trajectories:live_join_code", kwargs={"code": session.join_code}), {"name": "Bep"})
        assert joined.status_code == 302
        return Membership.objects.get(joined_session=session).user, phone

    def members_url(self, trajectory):
        return reverse("trajectories:members", kwargs={"pk": trajectory.pk})

    def test_the_picker_offers_no_guest_and_nobody_twice(self, world, second, guest_phone, client_for):
        guest, _phone = guest_phone
        third = factories.trajectory_for(world.facilitator, world.organisation, title="Bewegen")
        factories.add_member(third, world.client, MemberRole.CLIENT, by=world.facilitator)  # Gerda: two trajectories
        page = client_for(world.facilitator).get(self.members_url(second))
        offered = list(page.context["form"].fields["user"].queryset)
        assert guest not in offered and f'value="{guest.pk}"' not in page.content.decode()
        assert len(offered) == len(set(offered)) and offered.count(world.client) == 1
        assert {world.client, world.client2, world.staff, world.outsider} <= set(offered)

    def test_posting_a_guest_is_refused(self, world, second, guest_phone, client_for):
        guest, _phone = guest_phone
        response = client_for(world.facilitator).post(self.members_url(second), {"user": guest.pk, "role": "staff"})
        assert response.status_code == 200 and response.context["form"].errors["user"]
        assert not second.memberships.filter(user=guest).exists()

    @pytest.mark.parametrize("role", [MemberRole.STAFF, MemberRole.CLIENT, MemberRole.FACILITATOR])
    def test_the_service_refuses_a_guest_with_its_code(self, world, second, guest_phone, role):
        guest, _phone = guest_phone
        with pytest.raises(ValidationError) as error:
            services.membership_add(trajectory=second, user=guest, role=role, by=world.facilitator)
        assert [e.code for e in error.value.error_dict["user"]] == ["guest_account"]
        assert error.value.messages == [dutch(self.GUEST)]
        assert not second.memberships.filter(user=guest).exists()

    def test_the_guests_phone_cannot_open_another_trajectorys_staff_space(self, world, second, guest_phone, client_for):
        guest, phone = guest_phone
        client_for(world.facilitator).post(self.members_url(second), {"user": guest.pk, "role": "staff"})
        for name in ("staff", "detail", "plan"):
            assert phone.get(reverse(f"trajectories:{name}", kwargs={"pk": second.pk})).status_code == 404, name


def test_the_interface_switches_to_english(world, client_for):
    http = client_for(world.staff)
    dutch_page = body(http.get(url("detail", world)))
    assert dutch("What to do now") in dutch_page
    http.post(reverse("set_language"), {"language": "en", "next": "/"})
    english_page = body(http.get(url("detail", world)))
    assert "What to do now" in english_page
    assert '<html lang="en">' in english_page


def test_unknown_pages_get_a_friendly_dutch_page(world, client_for):
    response = client_for(world.client).get("/bestaat-niet/")
    assert response.status_code == 404
    assert dutch("Page not found") in body(response)


def test_moving_an_item_up_shows_the_new_order_when_items_were_not_made_in_priority_order(world, client_for):
    """The finding: "De volgorde is aangepast", yet the page kept the old order (by creation)."""
    client = world.membership(world.client)
    first, second, third = (services.agenda_item_create(trajectory=world.trajectory, by=client, title=title)
                            for title in ("Eerst gemaakt", "Tweede", "Laatst gemaakt"))
    # The clients put the last one made at the top earlier.
    services.agenda_item_move(item=third, by=client, direction="up")
    services.agenda_item_move(item=third, by=client, direction="up")
    http = client_for(world.client)
    moved = http.post(reverse("trajectories:agenda_item_move", kwargs={
        "pk": world.trajectory.pk, "item_pk": second.pk, "direction": "up"}), follow=True)
    page = moved.content.decode()
    assert "De volgorde is aangepast" in page
    assert re.findall(r'id="item-(\d+)"', page) == [str(third.pk), str(second.pk), str(first.pk)]
