"""Follow-up of the action plan: the richer action, progress notes, reviews and plan versions."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from tests import factories
from tests.errors import error_codes, says
from tests.hostile import HOSTILE_TEXTS, SCALAR_HOSTILE, SCRIPT
from tests.html import assert_valid_html
from tests.pages import body, url
from tests.world import Cast
from trajectories.core import services
from trajectories.models import (
    Action,
    ActionProgress,
    ActionStatus,
    PlanVersion,
    Review,
    ReviewOutcome,
)
from trajectories.plan import services as plan_services


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)



class Plan(Cast):
    """A shared agenda item with two actions; Sanne (staff) owns one together with Gerda (client)."""

    def __init__(self, world):
        super().__init__(world)
        item = services.agenda_item_create(trajectory=self.trajectory, by=self.gerda, title="Rustig eten")
        self.item = services.agenda_item_share(item=item, by=self.gerda)
        self.action = services.action_create(
            trajectory=self.trajectory, by=self.lead, agenda_item=self.item, what="Medicijnronde verplaatsen",
            owner=self.sanne, co_owners=[self.gerda], due_date=days(14), steps="Apotheek bellen\nRooster aanpassen",
            review_date=days(30),
        )
        self.other = services.action_create(
            trajectory=self.trajectory, by=self.lead, what="Keuzemenu maken", owner=self.henk, due_date=days(30)
        )

    def agree(self):
        for side, member in (("clients", self.gerda), ("staff", self.sanne)):
            version = plan_services.plan_signoff(
                trajectory=self.trajectory, side=side, member=member, recorded_by=self.world.facilitator
            )
        return version

    def update(self, action=None, **changes):
        action = action or self.action
        return services.action_update(action=action, by=self.lead, **factories.action_fields(action, **changes))

    def versions(self):
        return list(PlanVersion.objects.filter(trajectory=self.trajectory).order_by("number").values_list(
            "number", "agreed_at"
        ))


@pytest.fixture
def plan(world):
    return Plan(world)


# --- services -------------------------------------------------------------------------------------


class TestActionRules:
    @pytest.mark.parametrize("status", [ActionStatus.ADJUSTED, ActionStatus.STOPPED])
    def test_adjusting_or_stopping_needs_a_reason(self, plan, status):
        for reason in ("", "   \n "):
            with pytest.raises(ValidationError) as error:
                plan.update(status=status, status_reason=reason)
            assert error_codes(error) == {"status_reason": ["reason"]}
            assert says(error, "Say why the action was adjusted or stopped. Clients read this too.")
            with pytest.raises(ValidationError) as error:
                services.action_create(
                    trajectory=plan.trajectory, by=plan.lead, what="Nieuw", owner=plan.sanne, due_date=days(3),
                    status=status, status_reason=reason,
                )
            assert error_codes(error) == {"status_reason": ["reason"]}
            assert says(error, "Say why the action was adjusted or stopped. Clients read this too.")
        assert Action.objects.get(pk=plan.action.pk).status == ActionStatus.PROPOSED
        updated = plan.update(status=status, status_reason="  De keuken kan het niet.  ")
        assert (updated.status, updated.status_reason) == (status, "De keuken kan het niet.")

    def test_a_reason_only_stays_with_adjusted_or_stopped(self, plan):
        plan.update(status=ActionStatus.STOPPED, status_reason="Kan niet")
        assert plan.update(status=ActionStatus.IN_PROGRESS, status_reason="Kan niet").status_reason == ""
        created = services.action_create(
            trajectory=plan.trajectory, by=plan.lead, what="Nieuw", owner=plan.sanne, due_date=days(3),
            status_reason="Niet nodig",
        )
        assert created.status_reason == ""

    def test_co_owners_belong_to_the_trajectory_and_the_owner_is_not_one_twice(self, plan, world):
        stranger = world.other_trajectory.memberships.get()
        with pytest.raises(ValidationError) as error:
            plan.update(co_owners=[stranger])
        assert error_codes(error) == {"owner": ["owner"]}
        assert says(error, "Choose someone who takes part in this trajectory.")
        updated = plan.update(co_owners=[plan.sanne, plan.henk])
        assert set(updated.co_owners.all()) == {plan.henk}

    def test_an_unknown_status_is_refused(self, plan):
        with pytest.raises(ValidationError) as error:
            plan.update(status="finished")
        assert error_codes(error) == {"status": ["choice"]}
        assert says(error, "Choose a valid status.")


class TestPlanVersions:
    @pytest.mark.parametrize(
        "change",
        [
            {"what": "Medicijnronde na het eten"},
            {"steps": "Alleen de apotheek bellen"},
            {"due_date": 21},
            {"owner": "henk"},
            {"co_owners": []},
            {"agenda_item": None},
        ],
        ids=["what", "steps", "due_date", "owner", "co_owners", "agenda_item"],
    )
    def test_changing_what_was_agreed_starts_a_new_draft(self, plan, change):
        plan.agree()
        if "due_date" in change:
            change = {"due_date": days(change["due_date"])}
        if change.get("owner") == "henk":
            change = {"owner": plan.henk}
        plan.update(**change)
        versions = plan.versions()
        assert [number for number, _agreed in versions] == [1, 2]
        assert versions[0][1] is not None and versions[1][1] is None
        # A second change to the draft does not start yet another version.
        plan.update(what="Nog een keer anders")
        assert len(plan.versions()) == 2

    def test_a_status_reason_or_review_date_change_keeps_the_agreed_version(self, plan):
        plan.agree()
        plan.update(status=ActionStatus.IN_PROGRESS)
        plan.update(status=ActionStatus.ADJUSTED, status_reason="Het rooster is anders", review_date=days(60))
        assert len(plan.versions()) == 1 and plan.versions()[0][1] is not None

    def test_adding_or_removing_an_action_starts_a_new_draft(self, plan):
        plan.agree()
        services.action_delete(action=plan.other, by=plan.lead)
        assert len(plan.versions()) == 2
        plan.agree()
        services.action_create(
            trajectory=plan.trajectory, by=plan.lead, what="Nieuw", owner=plan.gerda, due_date=days(2)
        )
        assert [agreed is not None for _number, agreed in plan.versions()] == [True, True, False]

    def test_agreement_freezes_the_plan_in_the_snapshot(self, plan):
        version = plan.agree()
        plan.update(what="Anders")
        version.refresh_from_db()
        whats = {action["what"] for action in version.snapshot["actions"]}
        assert whats == {"Medicijnronde verplaatsen", "Keuzemenu maken"}
        frozen = next(a for a in version.snapshot["actions"] if a["id"] == plan.action.pk)
        assert frozen["owners"] == ["Sanne", "Gerda"]


class TestProgressService:
    def test_a_note_is_added_with_its_date(self, plan):
        note = plan_services.action_progress_add(
            action=plan.action, by=plan.sanne, date=days(-3), text="  Apotheek gebeld.  "
        )
        assert (note.date, note.text, note.by) == (days(-3), "Apotheek gebeld.", plan.sanne)

    def test_future_dates_and_empty_notes_are_refused(self, plan):
        with pytest.raises(ValidationError) as error:
            plan_services.action_progress_add(action=plan.action, by=plan.sanne, date=days(1), text="Morgen")
        assert error_codes(error) == {"date": ["future_date"]}
        assert says(error, "The date cannot be in the future.")
        with pytest.raises(ValidationError) as error:
            plan_services.action_progress_add(action=plan.action, by=plan.sanne, date=days(0), text=" \n ")
        assert error_codes(error) == {"text": ["required"]}
        assert says(error, "Write what happened.")
        assert not ActionProgress.objects.exists()

    def test_no_notes_on_a_closed_trajectory(self, plan, world):
        services.trajectory_close(trajectory=world.trajectory, by=world.facilitator)
        plan.action.trajectory.refresh_from_db()
        with pytest.raises(ValidationError) as error:
            plan_services.action_progress_add(action=plan.action, by=plan.sanne, date=days(0), text="Gedaan")
        assert error.value.code == "closed"

    def test_a_note_does_not_change_the_agreed_plan(self, plan):
        plan.agree()
        plan_services.action_progress_add(action=plan.action, by=plan.sanne, date=days(0), text="Gestart")
        assert len(plan.versions()) == 1


class TestReviewService:
    def outcomes(self, plan, status=ActionStatus.IN_PROGRESS):
        return {plan.action.pk: (ActionStatus.DONE, "Rustiger aan tafel"), plan.other.pk: (status, "")}

    def test_a_review_records_per_action_without_changing_the_plan(self, plan):
        plan.agree()
        review = plan_services.review_create(
            trajectory=plan.trajectory, by=plan.lead, date=days(0), title=" Na 3 maanden ",
            summary="Het is rustiger.", outcomes=self.outcomes(plan),
        )
        assert review.title == "Na 3 maanden"
        assert dict(review.outcomes.values_list("action_id", "status")) == {
            plan.action.pk: ActionStatus.DONE, plan.other.pk: ActionStatus.IN_PROGRESS,
        }
        # The review's result is the action's status from then on (plan, review and "what
        # happened" agree); a status is follow-up, so the agreed plan gets no new version.
        assert Action.objects.get(pk=plan.action.pk).status == ActionStatus.DONE
        assert Action.objects.get(pk=plan.other.pk).status == ActionStatus.IN_PROGRESS
        assert len(plan.versions()) == 1

    @pytest.mark.parametrize(
        "kwargs, field, code",
        [
            ({"date": 1}, "date", "future_date"),
            ({"title": "   "}, "title", "required"),
        ],
        ids=["future-date", "empty-title"],
    )
    def test_date_and_title_rules(self, plan, kwargs, field, code):
        data = {"date": days(0), "title": "Na 3 maanden", "outcomes": self.outcomes(plan)}
        if "date" in kwargs:
            kwargs = {"date": days(kwargs["date"])}
        data.update(kwargs)
        with pytest.raises(ValidationError) as error:
            plan_services.review_create(trajectory=plan.trajectory, by=plan.lead, **data)
        assert error_codes(error) == {field: [code]}
        assert says(error, {"date": "The date cannot be in the future.",
                           "title": "Give the review a title, for example: after 3 months."}[field])
        assert field in error.value.error_dict
        assert not Review.objects.exists()

    def test_outcomes_must_be_actions_of_this_trajectory_with_a_valid_status(self, plan, world):
        lead2 = world.other_trajectory.memberships.get()
        foreign = services.action_create(
            trajectory=world.other_trajectory, by=lead2, what="Elders", owner=lead2, due_date=days(3)
        )
        bad = [
            ({}, "empty", "The plan has no actions to review yet."),
            ({foreign.pk: (ActionStatus.DONE, "")}, "actions", "Choose actions of this trajectory."),
            ({plan.action.pk: (ActionStatus.DONE, ""), foreign.pk: (ActionStatus.DONE, "")},
             "actions", "Choose actions of this trajectory."),
            ({plan.action.pk: ("klaar", "")}, "choice", "Choose a valid status."),
        ]
        for outcomes, code, msgid in bad:
            with pytest.raises(ValidationError) as error:
                plan_services.review_create(
                    trajectory=plan.trajectory, by=plan.lead, date=days(0), title="Na 3 maanden", outcomes=outcomes
                )
            assert says(error, msgid), outcomes
            assert error_codes(error) == [code], outcomes
        assert not Review.objects.exists() and not ReviewOutcome.objects.exists()


# --- views: the action form ---------------------------------------------------------------------


def action_data(plan, **changes):
    data = {
        "what": "Menukaart met foto's",
        "steps": "Foto's maken\nKaart drukken",
        "agenda_item": plan.item.pk,
        "owner": plan.henk.pk,
        "co_owners": [plan.gerda.pk, plan.sanne.pk],
        "due_date": days(20).isoformat(),
        "status": "proposed",
        "status_reason": "",
        "review_date": days(45).isoformat(),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


class TestActionForm:
    def test_facilitator_adds_an_action_with_steps_co_owners_and_a_review_date(self, plan, world, client_for):
        response = client_for(world.facilitator).post(url("action_create", world), action_data(plan))
        assert response.status_code == 302
        action = Action.objects.get(what="Menukaart met foto's")
        assert action.owner == plan.henk and set(action.co_owners.all()) == {plan.gerda, plan.sanne}
        assert (action.steps, action.review_date) == ("Foto's maken\nKaart drukken", days(45))

    @pytest.mark.parametrize("status", ["adjusted", "stopped"])
    def test_adjusted_or_stopped_without_reason_shows_the_message_on_the_field(self, plan, world, client_for, status):
        response = client_for(world.facilitator).post(
            url("action_edit", world, action_pk=plan.action.pk),
            action_data(plan, status=status, steps="Mijn lange uitleg van de stappen"),
        )
        assert response.status_code == 200
        page = body(response)
        assert "Mijn lange uitleg van de stappen" in page and "Menukaart met foto's" in page
        assert 'id="id_status_reason"' in page and 'aria-invalid="true"' in response.content.decode()
        assert response.context["form"].errors["status_reason"]
        assert Action.objects.get(pk=plan.action.pk).what == "Medicijnronde verplaatsen"
        assert_valid_html(response)

    def test_stopping_with_a_reason_shows_it_on_the_dialogue_page(self, plan, world, client_for):
        response = client_for(world.facilitator).post(
            url("action_edit", world, action_pk=plan.action.pk),
            action_data(plan, what="Medicijnronde verplaatsen", status="stopped", status_reason="Arts is tegen"),
        )
        assert response.status_code == 302
        page = body(client_for(world.client).get(url("dialogue", world)))
        assert "Arts is tegen" in page

    def test_editing_what_was_agreed_through_the_form_starts_a_new_version(self, plan, world, client_for):
        plan.agree()
        http = client_for(world.facilitator)
        edit = url("action_edit", world, action_pk=plan.action.pk)
        same = action_data(
            plan, what=plan.action.what, steps=plan.action.steps, owner=plan.sanne.pk, co_owners=[plan.gerda.pk],
            due_date=plan.action.due_date.isoformat(), review_date=days(30).isoformat(), status="in_progress",
        )
        assert http.post(edit, same).status_code == 302
        assert len(plan.versions()) == 1, "a status change alone must keep the agreed version"
        assert http.post(edit, {**same, "what": "Medicijnronde na het eten"}).status_code == 302
        assert [agreed is not None for _number, agreed in plan.versions()] == [True, False]

    def test_the_owner_list_and_co_owner_boxes_include_clients(self, plan, world, client_for):
        response = client_for(world.facilitator).get(url("action_create", world))
        form = response.context["form"]
        assert plan.gerda in form.fields["owner"].queryset and plan.gerda in form.fields["co_owners"].queryset
        assert 'type="checkbox"' in response.content.decode()
        assert_valid_html(response)


# --- views: the dialogue page ---------------------------------------------------------------------


class TestDialoguePage:
    def test_actions_show_owners_status_reason_review_date_overdue_and_link(self, plan, world, client_for):
        plan.update(action=plan.other, status=ActionStatus.STOPPED, status_reason="De keuken kan het niet")
        Action.objects.filter(pk=plan.action.pk).update(due_date=days(-2))  # overdue
        response = client_for(world.quality).get(url("dialogue", world))
        page = body(response)
        assert "Sanne, Gerda" in page
        assert "(overdue)" in page or "(te laat)" in page
        assert page.count("te laat") + page.count("(overdue)") == 1, "a stopped action is never overdue"
        assert "De keuken kan het niet" in page
        with override("nl"):
            assert date_filter(days(30), "j F Y") in page, "the review date"
        assert url("action_detail", world, action_pk=plan.action.pk) in page
        assert_valid_html(response)

    def test_reviews_section_with_a_link_to_create_one_for_the_facilitator_only(self, plan, world, client_for):
        review = plan_services.review_create(
            trajectory=plan.trajectory, by=plan.lead, date=days(0), title="Na 3 maanden",
            outcomes={plan.action.pk: ("done", "")},
        )
        create = url("review_create", world)
        detail = url("review_detail", world, review_pk=review.pk)
        assert create in body(client_for(world.facilitator).get(url("dialogue", world)))
        for user in (world.client, world.staff, world.quality):
            page = body(client_for(user).get(url("dialogue", world)))
            assert detail in page and "Na 3 maanden" in page
            assert create not in page


# --- views: action detail and progress ------------------------------------------------------------


class TestActionDetail:
    def test_everyone_who_reads_step_4_sees_the_action_and_its_notes_newest_first(self, plan, world, client_for):
        plan.update(status=ActionStatus.ADJUSTED, status_reason="Eerst alleen op maandag")
        plan_services.action_progress_add(action=plan.action, by=plan.sanne, date=days(-5), text="Oudste notitie")
        plan_services.action_progress_add(action=plan.action, by=plan.gerda, date=days(-1), text="Nieuwste notitie")
        for user in (world.facilitator, world.client, world.client2, world.staff, world.quality):
            response = client_for(user).get(url("action_detail", world, action_pk=plan.action.pk))
            assert response.status_code == 200
            page = body(response)
            for text in ("Medicijnronde verplaatsen", "Apotheek bellen", "Sanne", "Gerda", "Rustig eten",
                         "Eerst alleen op maandag"):
                assert text in page, (user, text)
            assert page.index("Nieuwste notitie") < page.index("Oudste notitie")
            assert_valid_html(response)

    def test_outsiders_get_404(self, plan, world, client_for):
        detail = url("action_detail", world, action_pk=plan.action.pk)
        for user in (world.outsider, world.other_facilitator, world.admin):
            assert client_for(user).get(detail).status_code == 404
        foreign = reverse(
            "trajectories:action_detail", kwargs={"pk": world.other_trajectory.pk, "action_pk": plan.action.pk}
        )
        assert client_for(world.facilitator).get(foreign).status_code == 404
        for pk in (2**63, 2**70, 0):
            missing = reverse("trajectories:action_detail", kwargs={"pk": world.trajectory.pk, "action_pk": pk})
            assert client_for(world.facilitator).get(missing).status_code == 404

    @pytest.mark.parametrize("role", ["facilitator", "staff", "client"])
    def test_facilitator_owner_and_co_owner_add_progress(self, plan, world, client_for, role):
        http = client_for(world.user(role))
        detail = url("action_detail", world, action_pk=plan.action.pk)
        page = http.get(detail)
        assert 'name="text"' in page.content.decode()
        assert page.context["form"].fields["date"].initial() == timezone.localdate()
        response = http.post(detail, {"date": days(0).isoformat(), "text": f"Notitie van {role}"})
        assert response.status_code == 302
        assert response["Location"].endswith("#progress")
        note = ActionProgress.objects.get()
        assert (note.text, note.by.user) == (f"Notitie van {role}", world.user(role))

    @pytest.mark.parametrize("role", ["client2", "quality", "outsider"])
    def test_others_cannot_add_progress(self, plan, world, client_for, role):
        http = client_for(world.user(role))
        detail = url("action_detail", world, action_pk=plan.action.pk)
        if role != "outsider":
            assert 'name="text"' not in http.get(detail).content.decode()
        assert http.post(detail, {"date": days(0).isoformat(), "text": "Mag niet"}).status_code == 404
        assert not ActionProgress.objects.exists()

    def test_a_future_date_is_refused_and_the_text_is_kept(self, plan, world, client_for):
        response = client_for(world.staff).post(
            url("action_detail", world, action_pk=plan.action.pk),
            {"date": days(3).isoformat(), "text": "Een lange notitie die niet verloren mag gaan"},
        )
        assert response.status_code == 200
        assert response.context["form"].errors["date"]
        assert "Een lange notitie die niet verloren mag gaan" in body(response)
        assert not ActionProgress.objects.exists()
        assert_valid_html(response)

    def test_a_closed_trajectory_shows_no_form_and_refuses_notes_with_a_message(self, plan, world, client_for):
        services.trajectory_close(trajectory=world.trajectory, by=world.facilitator)
        http = client_for(world.facilitator)
        detail = url("action_detail", world, action_pk=plan.action.pk)
        assert 'name="text"' not in http.get(detail).content.decode()
        response = http.post(detail, {"date": days(0).isoformat(), "text": "Toch nog iets"})
        assert response.status_code == 200 and "Toch nog iets" in body(response)
        assert response.context["form"].non_field_errors()
        assert not ActionProgress.objects.exists()

    @pytest.mark.parametrize("value", HOSTILE_TEXTS)
    def test_hostile_text_never_breaks_the_page(self, plan, world, client_for, value):
        http = client_for(world.staff)
        response = http.post(
            url("action_detail", world, action_pk=plan.action.pk), {"date": days(0).isoformat(), "text": value}
        )
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert value in body(response)
        page = http.get(url("action_detail", world, action_pk=plan.action.pk)).content.decode()
        assert SCRIPT not in page
        assert "\x00" not in "".join(ActionProgress.objects.values_list("text", flat=True))

    @pytest.mark.parametrize("value", SCALAR_HOSTILE)
    def test_hostile_dates_never_break_the_page(self, plan, world, client_for, value):
        response = client_for(world.staff).post(
            url("action_detail", world, action_pk=plan.action.pk), {"date": value, "text": "Mijn notitie"}
        )
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert "Mijn notitie" in body(response)


# --- views: reviews -------------------------------------------------------------------------------


def review_data(plan, **changes):
    data = {
        "date": days(0).isoformat(),
        "title": "Na 3 maanden",
        "summary": "Het is veel rustiger aan tafel.",
        f"action-{plan.action.pk}-status": "done",
        f"action-{plan.action.pk}-what_changed": "Niemand loopt meer rond tijdens het eten.",
        f"action-{plan.other.pk}-status": "in_progress",
        f"action-{plan.other.pk}-what_changed": "",
    }
    data.update(changes)
    return data


class TestReviewViews:
    def test_the_form_lists_every_action_with_its_current_status(self, plan, world, client_for):
        plan.update(action=plan.other, status=ActionStatus.IN_PROGRESS)
        response = client_for(world.facilitator).get(url("review_create", world))
        assert response.status_code == 200
        form = response.context["form"]
        assert form[f"action-{plan.action.pk}-status"].value() == "proposed"
        assert form[f"action-{plan.other.pk}-status"].value() == "in_progress"
        page = body(response)
        assert "Medicijnronde verplaatsen" in page and "Keuzemenu maken" in page
        assert_valid_html(response)

    def test_facilitator_records_a_review_and_everyone_reads_it(self, plan, world, client_for):
        response = client_for(world.facilitator).post(url("review_create", world), review_data(plan))
        review = Review.objects.get()
        assert response.status_code == 302
        assert response["Location"] == url("review_detail", world, review_pk=review.pk)
        assert dict(review.outcomes.values_list("action_id", "what_changed")) == {
            plan.action.pk: "Niemand loopt meer rond tijdens het eten.", plan.other.pk: "",
        }
        for user in (world.facilitator, world.client, world.staff, world.quality):
            detail = client_for(user).get(response["Location"])
            assert detail.status_code == 200
            page = body(detail)
            for text in ("Na 3 maanden", "Het is veel rustiger aan tafel.", "Niemand loopt meer rond tijdens het eten.",
                         "Keuzemenu maken"):
                assert text in page
            assert_valid_html(detail)

    @pytest.mark.parametrize("role", ["client", "staff", "quality", "outsider", "other_facilitator"])
    def test_only_the_facilitator_records_a_review(self, plan, world, client_for, role):
        http = client_for(world.user(role))
        assert http.get(url("review_create", world)).status_code == 404
        assert http.post(url("review_create", world), review_data(plan)).status_code == 404
        assert not Review.objects.exists()

    def test_a_review_of_another_trajectory_is_not_found(self, plan, world, client_for):
        lead2 = world.other_trajectory.memberships.get()
        action = services.action_create(
            trajectory=world.other_trajectory, by=lead2, what="Elders", owner=lead2, due_date=days(3)
        )
        review = plan_services.review_create(
            trajectory=world.other_trajectory, by=lead2, date=days(0), title="Elders",
            outcomes={action.pk: ("done", "")},
        )
        http = client_for(world.facilitator)
        assert http.get(url("review_detail", world, review_pk=review.pk)).status_code == 404
        assert http.get(url("review_detail", world, review_pk=2**70)).status_code == 404

    @pytest.mark.parametrize(
        "changes, field",
        [({"date": "future"}, "date"), ({"title": "   "}, "title"), ({"date": "2026-02-30"}, "date")],
        ids=["future-date", "empty-title", "impossible-date"],
    )
    def test_bad_input_keeps_everything_typed_and_says_why(self, plan, world, client_for, changes, field):
        if changes.get("date") == "future":
            changes = {"date": days(2).isoformat()}
        response = client_for(world.facilitator).post(url("review_create", world), review_data(plan, **changes))
        assert response.status_code == 200
        assert response.context["form"].errors[field]
        page = body(response)
        assert "Het is veel rustiger aan tafel." in page
        assert "Niemand loopt meer rond tijdens het eten." in page
        assert 'value="done" selected' in response.content.decode()
        assert not Review.objects.exists()
        assert_valid_html(response)

    def test_a_missing_or_invalid_status_is_refused(self, plan, world, client_for):
        http = client_for(world.facilitator)
        data = review_data(plan)
        del data[f"action-{plan.other.pk}-status"]
        assert http.post(url("review_create", world), data).status_code == 200
        data = review_data(plan, **{f"action-{plan.action.pk}-status": "klaar"})
        assert http.post(url("review_create", world), data).status_code == 200
        assert not Review.objects.exists()

    def test_an_action_added_while_the_form_was_open_is_asked_for(self, plan, world, client_for):
        late = services.action_create(
            trajectory=plan.trajectory, by=plan.lead, what="Later toegevoegd", owner=plan.gerda, due_date=days(3)
        )
        response = client_for(world.facilitator).post(url("review_create", world), review_data(plan))
        assert response.status_code == 200
        assert response.context["form"].errors[f"action-{late.pk}-status"]
        assert "Niemand loopt meer rond tijdens het eten." in body(response)

    def test_a_plan_without_actions_says_so(self, world, client_for):
        http = client_for(world.facilitator)
        page = http.get(url("review_create", world))
        assert page.status_code == 200
        assert_valid_html(page)
        response = http.post(url("review_create", world), {"date": days(0).isoformat(), "title": "Na 3 maanden"})
        assert response.status_code == 200
        assert response.context["form"].non_field_errors()
        assert not Review.objects.exists()

    @pytest.mark.parametrize("value", HOSTILE_TEXTS)
    def test_hostile_text_never_breaks_the_review(self, plan, world, client_for, value):
        data = review_data(
            plan, title=value, summary=value,
            **{f"action-{plan.action.pk}-what_changed": value, f"action-{plan.other.pk}-what_changed": value},
        )
        response = client_for(world.facilitator).post(url("review_create", world), data)
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert body(response).count(value) >= 3 if value.strip() else True
            assert SCRIPT not in response.content.decode()
        else:
            detail = client_for(world.quality).get(response["Location"])
            assert detail.status_code == 200 and SCRIPT not in detail.content.decode()
            assert_valid_html(detail)

    @pytest.mark.parametrize("value", SCALAR_HOSTILE)
    def test_hostile_dates_and_statuses_never_break_the_review(self, plan, world, client_for, value):
        http = client_for(world.facilitator)
        for changes in ({"date": value}, {f"action-{plan.action.pk}-status": value}):
            response = http.post(url("review_create", world), review_data(plan, **changes))
            assert response.status_code in (200, 302)
            if response.status_code == 200:
                assert "Het is veel rustiger aan tafel." in body(response)


def test_a_client_can_own_an_action_and_write_its_progress(world, client_for):
    """Clients are partners: they own actions too."""
    plan = Plan(world)
    response = client_for(world.client2).post(
        url("action_detail", world, action_pk=plan.other.pk), {"date": days(0).isoformat(), "text": "Kok gesproken"}
    )
    assert response.status_code == 302
    assert ActionProgress.objects.get().by == plan.henk


def test_the_demo_plan_is_agreed_twice_followed_up_and_reviewed(db):
    from django.core.management import call_command

    from trajectories.models import Trajectory

    call_command("seed_demo")
    def counts():
        return [model.objects.count() for model in (PlanVersion, Review, ReviewOutcome, ActionProgress, Action)]

    before = counts()
    call_command("seed_demo")
    assert counts() == before

    meal = Trajectory.objects.get(title="Eten en drinken op De Linde")
    versions = list(meal.plan_versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2] and all(v.is_agreed for v in versions)
    assert all(v.signoffs.count() == 2 for v in versions)
    assert versions[0].snapshot != versions[1].snapshot
    actions = list(meal.actions.all())
    today = timezone.localdate()
    statuses = [a.status for a in actions]
    assert ActionStatus.DONE in statuses
    assert sum(a.is_overdue(today) for a in actions) == 1
    stopped = next(a for a in actions if a.status == ActionStatus.STOPPED)
    assert stopped.status_reason
    assert all(a.steps for a in actions)
    assert any(m.role == "client" for a in actions for m in a.co_owners.all()), "a client co-owns an action"
    review = meal.reviews.get()
    assert review.title == "Na 3 maanden" and review.outcomes.count() == len(actions)
    assert ActionProgress.objects.filter(action__trajectory=meal).count() >= 5
