"""The privacy rules of the PARTNER approach, one test (or more) per rule, through the real views."""

import datetime

import pytest
from django.urls import reverse

from tests import factories
from tests.errors import error_codes, says
from tests.world import Cast
from trajectories.core import services
from trajectories.core.access import trajectory_get_for_user
from trajectories.core.selectors import trajectory_list_for_user
from trajectories.models import MemberRole, Theme
from trajectories.permissions import Perm

TOPIC_TEXT = "Het eten is lauw als het komt"
ANONYMOUS_TOPIC = "Niemand vraagt of het gesmaakt heeft"
PRIVATE_ITEM = "Samen koken op zondag"
SHARED_ITEM = "Rustig samen eten"
REFLECTION = "Wij lopen heen en weer met medicijnen"
SUMMARY = "We herkennen de onrust aan tafel"


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world


@pytest.fixture
def story(world):
    """A trajectory in step 4 with content in every space, some of it shared."""
    cast = Cast(world)
    trajectory, gerda, sanne, lead = cast.trajectory, cast.gerda, cast.sanne, cast.lead
    lauw = services.topic_create(trajectory=trajectory, by=gerda, title=TOPIC_TEXT, theme=Theme.FOOD)
    services.topic_create(trajectory=trajectory, by=gerda, title=ANONYMOUS_TOPIC, theme=Theme.HEARD, is_anonymous=True)
    shared = services.agenda_item_create(trajectory=trajectory, by=gerda, title=SHARED_ITEM, topics=[lauw])
    services.agenda_item_share(item=shared, by=gerda)
    services.agenda_item_create(trajectory=trajectory, by=gerda, title=PRIVATE_ITEM)
    services.staff_reflection_create(trajectory=trajectory, by=sanne, agenda_item=shared, text=REFLECTION)
    for _ in range(3):
        services.step_advance(trajectory=trajectory, by=world.facilitator)
    services.action_create(
        trajectory=trajectory, by=lead, what="Medicijnronde verplaatsen", owner=sanne,
        due_date=datetime.date.today() + datetime.timedelta(days=10), agenda_item=shared,
    )
    return {"shared": shared}


def page(client_for, user, name, world, **kwargs):
    response = client_for(user).get(reverse(name, kwargs={"pk": world.trajectory.pk, **kwargs}))
    return response.status_code, response.content.decode()


def all_pages(client_for, user, world):
    """The text of every trajectory page this user can open."""
    names = ["detail", "explore", "agenda", "staff", "dialogue", "meetings", "members"]
    texts = []
    for name in names:
        status, text = page(client_for, user, f"trajectories:{name}", world)
        if status == 200:
            texts.append(text)
    return "\n".join(texts)


class TestClients:
    def test_clients_use_their_space(self, world, story, client_for):
        status, text = page(client_for, world.client2, "trajectories:explore", world)
        assert status == 200
        assert TOPIC_TEXT in text
        status, text = page(client_for, world.client2, "trajectories:agenda", world)
        assert status == 200 and PRIVATE_ITEM in text and SHARED_ITEM in text

    def test_clients_never_see_unshared_staff_reflections(self, world, story, client_for):
        assert page(client_for, world.client, "trajectories:staff", world)[0] == 404
        assert REFLECTION not in all_pages(client_for, world.client, world)

    def test_clients_see_the_staff_summary_only_once_shared(self, world, story, client_for):
        sanne = world.membership(world.staff)
        services.staff_summary_save(trajectory=world.trajectory, by=sanne, text=SUMMARY)
        assert SUMMARY not in all_pages(client_for, world.client, world)
        services.staff_summary_share(trajectory=world.trajectory, by=sanne)
        status, text = page(client_for, world.client, "trajectories:dialogue", world)
        assert status == 200 and SUMMARY in text
        assert "Medicijnronde verplaatsen" in text

    def test_anonymous_topics_hide_the_author_from_other_clients(self, world, story, client_for):
        _, text = page(client_for, world.client2, "trajectories:explore", world)
        assert ANONYMOUS_TOPIC in text
        topic_block = text.split(ANONYMOUS_TOPIC)[1].split("</li>")[0]
        assert "Gerda" not in topic_block
        assert "anonymous" in topic_block or "anoniem" in topic_block


class TestStaff:
    def test_staff_see_shared_agenda_items_only(self, world, story, client_for):
        status, text = page(client_for, world.staff, "trajectories:staff", world)
        assert status == 200
        assert SHARED_ITEM in text and REFLECTION in text
        everything = all_pages(client_for, world.staff, world)
        assert PRIVATE_ITEM not in everything

    def test_staff_never_see_raw_topics(self, world, story, client_for):
        assert page(client_for, world.staff, "trajectories:explore", world)[0] == 404
        assert page(client_for, world.staff, "trajectories:agenda", world)[0] == 404
        everything = all_pages(client_for, world.staff, world)
        assert TOPIC_TEXT not in everything and ANONYMOUS_TOPIC not in everything

    def test_staff_never_see_who_wrote_an_anonymous_reflection(self, world, story, client_for):
        colleague = factories.person(world.organisation, username="colleague", first_name="Bram")
        factories.add_member(world.trajectory, colleague, MemberRole.STAFF, by=world.facilitator)
        services.staff_reflection_create(
            trajectory=world.trajectory, by=world.membership(colleague), text="Ik vind dit spannend",
            is_anonymous=True,
        )
        _, text = page(client_for, world.staff, "trajectories:staff", world)
        block = text.split("Ik vind dit spannend")[1].split("</li>")[0]
        assert "Bram" not in block
        # The facilitator may need to know.
        _, text = page(client_for, world.facilitator, "trajectories:staff", world)
        assert "Bram" in text.split("Ik vind dit spannend")[1].split("</li>")[0]


class TestFacilitator:
    def test_facilitator_sees_both_spaces(self, world, story, client_for):
        everything = all_pages(client_for, world.facilitator, world)
        for text in (TOPIC_TEXT, ANONYMOUS_TOPIC, PRIVATE_ITEM, SHARED_ITEM, REFLECTION):
            assert text in everything

    def test_facilitator_sees_who_wrote_an_anonymous_topic(self, world, story, client_for):
        _, text = page(client_for, world.facilitator, "trajectories:explore", world)
        assert "Gerda" in text.split(ANONYMOUS_TOPIC)[1].split("</li>")[0]


class TestQualityStaff:
    def test_quality_staff_see_only_shared_outcomes(self, world, story, client_for):
        sanne = world.membership(world.staff)
        services.staff_summary_save(trajectory=world.trajectory, by=sanne, text=SUMMARY)
        services.staff_summary_share(trajectory=world.trajectory, by=sanne)
        status, text = page(client_for, world.quality, "trajectories:dialogue", world)
        assert status == 200
        assert SHARED_ITEM in text and SUMMARY in text and "Medicijnronde verplaatsen" in text
        everything = all_pages(client_for, world.quality, world)
        for secret in (TOPIC_TEXT, ANONYMOUS_TOPIC, PRIVATE_ITEM, REFLECTION):
            assert secret not in everything
        for name in ("explore", "agenda", "staff", "meetings", "members"):
            assert page(client_for, world.quality, f"trajectories:{name}", world)[0] == 404

    def test_quality_staff_follow_every_trajectory_of_their_organisation_only(self, world):
        second = factories.trajectory_for(world.facilitator, world.organisation, title="Tweede traject")
        listed = set(trajectory_list_for_user(user=world.quality))
        assert listed == {world.trajectory, second}

    def test_quality_staff_cannot_enter_the_client_or_staff_space(self, world):
        access = trajectory_get_for_user(world.quality, world.trajectory.pk, Perm.VIEW)
        assert not access.in_client_space and not access.in_staff_space and not access.is_facilitator


class TestOrganisations:
    def test_nobody_sees_another_organisations_trajectories(self, world, story, client_for):
        assert world.trajectory not in trajectory_list_for_user(user=world.other_facilitator)
        text = client_for(world.other_facilitator).get(reverse("trajectories:dashboard")).content.decode()
        assert reverse("trajectories:detail", kwargs={"pk": world.trajectory.pk}) not in text
        assert reverse("trajectories:detail", kwargs={"pk": world.other_trajectory.pk}) in text
        assert all_pages(client_for, world.other_facilitator, world) == ""

    def test_people_of_another_organisation_cannot_be_added(self, world):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as error:
            services.membership_add(
                trajectory=world.trajectory, user=world.other_facilitator, role=MemberRole.STAFF, by=world.facilitator
            )
        assert error_codes(error) == {"user": ["organisation"]}
        assert says(error, "This person does not belong to this organisation.")

    def test_administrators_do_not_read_client_content(self, world, story, client_for):
        assert list(trajectory_list_for_user(user=world.admin)) == []
        assert all_pages(client_for, world.admin, world) == ""

    def test_people_outside_the_trajectory_see_nothing(self, world, story, client_for):
        assert list(trajectory_list_for_user(user=world.outsider)) == []
        assert all_pages(client_for, world.outsider, world) == ""
