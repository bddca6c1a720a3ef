"""Two people change the same agenda item (step 2) or action (step 4) at the same time.

Optimistic locking: a page carries the version it was made from; a save based on an older
version is refused with a clear message, the form keeps what was typed and shows what the other
person saved, and the first save stays intact. On PostgreSQL two real database connections
save at the same moment; the row lock makes exactly one of them win.
"""

import re

import pytest
from django.core.exceptions import ValidationError

from tests.html import assert_valid_html
from tests.pages import body, dutch, url
from tests.trajectories.concurrency import Edit, Setup, days, needs_postgresql, run_at_once
from trajectories.core import services
from trajectories.models import Action, ActionStatus, AgendaItem, PlanVersion
from trajectories.plan import services as plan_services

STALE = (
    "Someone else changed this in the meantime. Your text is still here: "
    "compare it with the current version below and save again."
)
OUT_OF_DATE = (
    "This page is out of date. Your text is still here: "
    "compare it with the current version below and save again."
)



def version_on_page(response) -> str:
    """The hidden version the page was made from, as a browser would send it back."""
    match = re.search(r'<input type="hidden" name="version" value="(\d+)"[^>]*>', response.content.decode())
    assert match, "the form has no hidden version field"
    return match.group(1)


@pytest.fixture
def setup(world):
    return Setup(world)


# --- services ---------------------------------------------------------------------------------------


class TestAgendaItemService:
    def test_a_save_based_on_an_older_version_is_refused_and_the_first_stays(self, setup):
        base = AgendaItem.objects.get(pk=setup.item.pk).version
        services.agenda_item_update(
            item=AgendaItem.objects.get(pk=setup.item.pk), by=setup.gerda, title="Warm eten, ook 's avonds",
            why="Gerda", topics=[setup.topic], expected_version=base,
        )
        with pytest.raises(ValidationError) as error:
            services.agenda_item_update(
                item=AgendaItem.objects.get(pk=setup.item.pk), by=setup.henk, title="Henk zijn tekst", why="Henk",
                expected_version=base,
            )
        assert error.value.code == "stale"
        assert error.value.messages == [dutch(STALE)]
        item = AgendaItem.objects.get(pk=setup.item.pk)
        assert (item.title, item.why, item.version) == ("Warm eten, ook 's avonds", "Gerda", base + 1)
        assert list(item.topics.all()) == [setup.topic]

    def test_a_save_on_the_current_version_goes_through_and_raises_the_version(self, setup):
        for expected in (0, 1, 2):
            item = services.agenda_item_update(
                item=setup.item, by=setup.gerda, title=f"Versie {expected}", expected_version=expected
            )
            assert item.version == expected + 1
        assert AgendaItem.objects.get(pk=setup.item.pk).version == 3

    def test_without_an_expected_version_it_saves_as_before_and_still_raises_the_version(self, setup):
        stale_copy = AgendaItem.objects.get(pk=setup.item.pk)
        services.agenda_item_update(item=setup.item, by=setup.gerda, title="Eerste")
        # An older copy of the row does not write its old version back.
        services.agenda_item_update(item=stale_copy, by=setup.henk, title="Tweede")
        item = AgendaItem.objects.get(pk=setup.item.pk)
        assert (item.title, item.version) == ("Tweede", 2)

    def test_sharing_raises_the_version_and_an_edit_from_before_is_refused(self, setup):
        base = setup.item.version
        services.agenda_item_share(item=AgendaItem.objects.get(pk=setup.item.pk), by=setup.gerda)
        assert AgendaItem.objects.get(pk=setup.item.pk).version == base + 1
        with pytest.raises(ValidationError) as error:
            services.agenda_item_update(item=setup.item, by=setup.henk, title="Te laat", expected_version=base)
        assert error.value.code == "shared"
        assert AgendaItem.objects.get(pk=setup.item.pk).title == "Warm eten"

    def test_moving_keeps_the_version_because_the_order_is_not_on_the_edit_page(self, setup):
        copy = AgendaItem.objects.get(pk=setup.item.pk)
        services.agenda_item_move(item=AgendaItem.objects.get(pk=setup.item.pk), by=setup.henk, direction="down")
        assert AgendaItem.objects.values_list("position", "version").get(pk=setup.item.pk) == (2, 0)
        services.agenda_item_update(item=copy, by=setup.gerda, title="Nog steeds mogelijk", expected_version=0)
        item = AgendaItem.objects.get(pk=setup.item.pk)
        # The edit, made from a copy read before the move, did not undo the move either.
        assert (item.title, item.position) == ("Nog steeds mogelijk", 2)

    def test_an_item_removed_in_the_meantime_is_refused_with_its_own_message(self, setup):
        copy = AgendaItem.objects.get(pk=setup.item.pk)
        services.agenda_item_delete(item=AgendaItem.objects.get(pk=setup.item.pk), by=setup.gerda)
        with pytest.raises(ValidationError) as error:
            services.agenda_item_update(item=copy, by=setup.henk, title="Te laat", expected_version=0)
        assert error.value.code == "gone"
        assert not AgendaItem.objects.filter(pk=setup.item.pk).exists()

    def test_removing_an_item_shared_in_the_meantime_is_refused(self, setup):
        copy = AgendaItem.objects.get(pk=setup.item.pk)
        services.agenda_item_share(item=AgendaItem.objects.get(pk=setup.item.pk), by=setup.gerda)
        with pytest.raises(ValidationError) as error:
            services.agenda_item_delete(item=copy, by=setup.henk)
        assert error.value.code == "shared"
        assert AgendaItem.objects.filter(pk=setup.item.pk).exists()


class TestActionService:
    def test_a_save_based_on_an_older_version_is_refused_and_the_first_stays(self, setup):
        base = Action.objects.get(pk=setup.action.pk).version
        services.action_update(
            action=Action.objects.get(pk=setup.action.pk), by=setup.lead,
            **setup.action_fields(what="Medicijnen na het eten"), expected_version=base,
        )
        with pytest.raises(ValidationError) as error:
            services.action_update(
                action=Action.objects.get(pk=setup.action.pk), by=setup.lead,
                **setup.action_fields(steps="Mijn eigen stappen", status=ActionStatus.IN_PROGRESS),
                expected_version=base,
            )
        assert error.value.code == "stale"
        assert error.value.messages == [dutch(STALE)]
        action = Action.objects.get(pk=setup.action.pk)
        assert (action.what, action.steps, action.status, action.version) == (
            "Medicijnen na het eten", "Apotheek bellen", ActionStatus.PROPOSED, base + 1,
        )

    def test_a_status_change_alone_also_raises_the_version(self, setup):
        services.action_update(
            action=setup.action, by=setup.lead, **setup.action_fields(status=ActionStatus.IN_PROGRESS),
            expected_version=0,
        )
        assert Action.objects.get(pk=setup.action.pk).version == 1

    def test_an_older_copy_does_not_write_its_old_version_back(self, setup):
        stale_copy = Action.objects.get(pk=setup.action.pk)
        services.action_update(action=setup.action, by=setup.lead, **setup.action_fields(what="Eerste"))
        services.action_update(action=stale_copy, by=setup.lead, **setup.action_fields(what="Tweede"))
        assert Action.objects.values_list("what", "version").get(pk=setup.action.pk) == ("Tweede", 2)

    def test_the_stored_action_not_an_old_copy_decides_whether_the_agreed_plan_changed(self, setup):
        """An old copy that still says "Apotheek bellen" must not hide a change of the agreed steps."""
        stale_copy = Action.objects.get(pk=setup.action.pk)
        services.action_update(action=setup.action, by=setup.lead, **setup.action_fields(steps="Arts bellen"))
        for side, member in (("clients", setup.gerda), ("staff", setup.sanne)):
            plan_services.plan_signoff(
                trajectory=setup.trajectory, side=side, member=member, recorded_by=setup.world.facilitator
            )
        # Steps back to what the old copy holds: a change of what was agreed, so a new draft.
        services.action_update(action=stale_copy, by=setup.lead, **setup.action_fields(steps="Apotheek bellen"))
        latest = PlanVersion.objects.filter(trajectory=setup.trajectory).order_by("-number").first()
        assert latest.number == 2 and latest.agreed_at is None

    def test_agreeing_on_the_plan_raises_the_version_of_the_actions_it_agrees(self, setup):
        """An edit page opened before the agreement still says "proposed": saving it would undo it."""
        base = setup.action.version
        for side, member in (("clients", setup.gerda), ("staff", setup.sanne)):
            plan_services.plan_signoff(
                trajectory=setup.trajectory, side=side, member=member, recorded_by=setup.world.facilitator
            )
        action = Action.objects.get(pk=setup.action.pk)
        assert (action.status, action.version) == (ActionStatus.AGREED, base + 1)
        with pytest.raises(ValidationError) as error:
            services.action_update(
                action=action, by=setup.lead, **setup.action_fields(status=ActionStatus.PROPOSED),
                expected_version=base,
            )
        assert error.value.code == "stale"
        assert Action.objects.get(pk=setup.action.pk).status == ActionStatus.AGREED

    def test_progress_notes_keep_the_version(self, setup):
        plan_services.action_progress_add(action=setup.action, by=setup.sanne, date=days(0), text="Gebeld.")
        assert Action.objects.get(pk=setup.action.pk).version == 0

    def test_an_action_removed_in_the_meantime_is_refused_with_its_own_message(self, setup):
        copy = Action.objects.get(pk=setup.action.pk)
        fields = setup.action_fields()
        services.action_delete(action=Action.objects.get(pk=setup.action.pk), by=setup.lead)
        with pytest.raises(ValidationError) as error:
            services.action_update(action=copy, by=setup.lead, **fields, expected_version=0)
        assert error.value.code == "gone"
        assert not Action.objects.filter(pk=setup.action.pk).exists()


# --- the pages -----------------------------------------------------------------------------------------


class TestAgendaItemPage:
    def test_the_second_save_is_refused_keeps_the_text_and_shows_the_current_version(self, setup, client_for):
        edit = url("agenda_item_edit", setup.world, item_pk=setup.item.pk)
        gerda, henk = client_for(setup.world.client), client_for(setup.world.client2)
        gerda_page, henk_page = gerda.get(edit), henk.get(edit)
        assert gerda_page.status_code == henk_page.status_code == 200
        assert version_on_page(gerda_page) == version_on_page(henk_page) == "0"

        first = gerda.post(edit, {
            "version": version_on_page(gerda_page), "title": "Warm eten op tafel", "why": "Gerda: lauw is niet lekker",
            "topics": [setup.topic.pk],
        })
        assert first.status_code == 302

        second = henk.post(edit, {
            "version": version_on_page(henk_page), "title": "Henk wil warme soep", "why": "Henk: mijn eigen uitleg",
        })
        assert second.status_code == 200
        page = body(second)
        assert dutch(STALE) in page
        # What Henk typed is still in the form ...
        assert 'value="Henk wil warme soep"' in page and "Henk: mijn eigen uitleg" in page
        # ... next to what Gerda saved, to compare.
        assert dutch("The current version") in page
        assert "Warm eten op tafel" in page and "Gerda: lauw is niet lekker" in page and "Lauwe soep" in page
        assert_valid_html(second)
        # Gerda's save is intact.
        item = AgendaItem.objects.get(pk=setup.item.pk)
        assert (item.title, item.why, item.version) == ("Warm eten op tafel", "Gerda: lauw is niet lekker", 1)
        assert list(item.topics.all()) == [setup.topic]

        # The page is now based on the current version: saving again, after comparing, goes through.
        assert version_on_page(second) == "1"
        again = henk.post(edit, {
            "version": version_on_page(second), "title": "Henk wil warme soep", "why": "Henk: mijn eigen uitleg",
        })
        assert again.status_code == 302
        assert AgendaItem.objects.values_list("title", "version").get(pk=setup.item.pk) == ("Henk wil warme soep", 2)

    def test_a_single_editor_saves_as_before(self, setup, client_for):
        edit = url("agenda_item_edit", setup.world, item_pk=setup.item.pk)
        gerda = client_for(setup.world.client)
        page = gerda.get(edit)
        assert dutch("The current version") not in body(page)
        response = gerda.post(edit, {"version": version_on_page(page), "title": "Alleen ik", "why": ""})
        assert response.status_code == 302
        assert AgendaItem.objects.get(pk=setup.item.pk).title == "Alleen ik"

    def test_a_broken_version_is_refused_like_a_page_out_of_date(self, setup, client_for):
        edit = url("agenda_item_edit", setup.world, item_pk=setup.item.pk)
        response = client_for(setup.world.client).post(
            edit, {"version": "abc", "title": "Mijn tekst", "why": "Mijn uitleg"}
        )
        assert response.status_code == 200
        page = body(response)
        assert dutch(OUT_OF_DATE) in page and 'value="Mijn tekst"' in page and "Warm eten" in page
        assert version_on_page(response) == "0"
        assert AgendaItem.objects.get(pk=setup.item.pk).title == "Warm eten"

    def test_the_new_item_form_still_adds_items(self, setup, client_for):
        page = client_for(setup.world.client).get(url("agenda", setup.world))
        assert 'name="version"' not in page.content.decode(), "a new item has no version to compare with"
        response = client_for(setup.world.client).post(
            url("agenda", setup.world), {"version": "0", "title": "Nieuw punt", "why": ""}
        )
        assert response.status_code == 302
        assert AgendaItem.objects.filter(title="Nieuw punt", version=0).exists()


class TestActionPage:
    def test_the_second_save_is_refused_keeps_the_text_and_shows_the_current_version(self, setup, client_for):
        edit = url("action_edit", setup.world, action_pk=setup.action.pk)
        # The facilitator has the plan open on the laptop and on the tablet in the room.
        laptop, tablet = client_for(setup.world.facilitator), client_for(setup.world.facilitator)
        laptop_page, tablet_page = laptop.get(edit), tablet.get(edit)
        assert version_on_page(laptop_page) == version_on_page(tablet_page) == "0"

        first = laptop.post(edit, setup.action_post(
            version_on_page(laptop_page), what="Medicijnen na het eten", status="in_progress",
            co_owners=[setup.gerda.pk],
        ))
        assert first.status_code == 302

        second = tablet.post(edit, setup.action_post(
            version_on_page(tablet_page), steps="Stappen getypt op de tablet", status="stopped",
            status_reason="De arts is ertegen",
        ))
        assert second.status_code == 200
        page = body(second)
        assert dutch(STALE) in page
        assert "Stappen getypt op de tablet" in page and "De arts is ertegen" in page
        assert dutch("The current version") in page and "Medicijnen na het eten" in page
        assert setup.gerda.display_name in page
        assert_valid_html(second)
        action = Action.objects.get(pk=setup.action.pk)
        assert (action.what, action.steps, action.status, action.version) == (
            "Medicijnen na het eten", "Apotheek bellen", ActionStatus.IN_PROGRESS, 1,
        )
        assert list(action.co_owners.all()) == [setup.gerda]

        assert version_on_page(second) == "1"
        again = tablet.post(edit, setup.action_post(
            version_on_page(second), steps="Stappen getypt op de tablet", status="stopped",
            status_reason="De arts is ertegen",
        ))
        assert again.status_code == 302
        action = Action.objects.get(pk=setup.action.pk)
        assert (action.steps, action.status, action.version) == ("Stappen getypt op de tablet", "stopped", 2)

    def test_an_edit_page_from_before_the_agreement_cannot_undo_it(self, setup, client_for):
        edit = url("action_edit", setup.world, action_pk=setup.action.pk)
        http = client_for(setup.world.facilitator)
        page = http.get(edit)
        for side, member in (("clients", setup.gerda), ("staff", setup.sanne)):
            plan_services.plan_signoff(
                trajectory=setup.trajectory, side=side, member=member, recorded_by=setup.world.facilitator
            )
        response = http.post(edit, setup.action_post(version_on_page(page), status="proposed"))
        assert response.status_code == 200 and dutch(STALE) in body(response)
        assert Action.objects.get(pk=setup.action.pk).status == ActionStatus.AGREED

    def test_the_new_action_form_still_adds_actions(self, setup, client_for):
        page = client_for(setup.world.facilitator).get(url("action_create", setup.world))
        assert page.status_code == 200 and 'name="version"' not in page.content.decode()
        response = client_for(setup.world.facilitator).post(
            url("action_create", setup.world), setup.action_post("0", what="Nieuwe actie")
        )
        assert response.status_code == 302
        assert Action.objects.filter(what="Nieuwe actie", version=0).exists()


# --- really at the same time: two connections on PostgreSQL --------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_connections_saving_the_same_agenda_item_at_once_exactly_one_wins(world):
    needs_postgresql()
    setup = Setup(world)
    pk = setup.item.pk
    members = {"Gerda": setup.gerda, "Henk": setup.henk}

    def edit(name):
        def read():
            return AgendaItem.objects.get(pk=pk)

        def save(item):
            services.agenda_item_update(
                item=item, by=members[name], title=f"Tekst van {name}", why=name, expected_version=item.version
            )

        return Edit(read, save)

    results = run_at_once(edit("Gerda"), edit("Henk"))
    assert sorted(results) == ["saved", "stale"], results
    winner = ["Gerda", "Henk"][results.index("saved")]
    item = AgendaItem.objects.get(pk=pk)
    assert (item.title, item.why, item.version) == (f"Tekst van {winner}", winner, 1)


@pytest.mark.django_db(transaction=True)
def test_two_connections_saving_the_same_action_at_once_exactly_one_wins(world):
    needs_postgresql()
    setup = Setup(world)
    pk = setup.action.pk

    def edit(what, status):
        def read():
            action = Action.objects.select_related("owner", "agenda_item").get(pk=pk)
            return action, setup.action_fields(action, what=what, status=status)

        def save(read):
            action, fields = read
            services.action_update(action=action, by=setup.lead, expected_version=action.version, **fields)

        return Edit(read, save)

    results = run_at_once(edit("Laptop", ActionStatus.IN_PROGRESS), edit("Tablet", ActionStatus.DONE))
    assert sorted(results) == ["saved", "stale"], results
    what, status = [("Laptop", ActionStatus.IN_PROGRESS), ("Tablet", ActionStatus.DONE)][results.index("saved")]
    action = Action.objects.get(pk=pk)
    assert (action.what, action.status, action.version) == (what, status, 1)
