"""The facilitator's toolkit: methods library, tailoring, templates and copies, goals, lessons, report."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import override

from tests import factories
from tests.errors import error_codes, says
from tests.live_helpers import join, photo_bytes
from trajectories.core import services
from trajectories.core.access import trajectory_get_for_user
from trajectories.live import services as live_services
from trajectories.models import (
    CareContext,
    Goal,
    Lesson,
    MeetingGroup,
    Method,
    MethodGroup,
    Step,
    StepTransition,
    Suitability,
    Theme,
    Trajectory,
    TrajectoryTemplate,
)
from trajectories.plan import services as plan_services
from trajectories.toolkit import learning_services, method_services, tailoring_services
from trajectories.toolkit.method_library import STARTING_METHODS
from trajectories.toolkit.selectors import (
    evaluation_report_suggestions,
    goals_for_viewer,
    learning_overview,
    lesson_list,
    method_list,
)

METHOD = {
    "name": "Onze fotowandeling", "purpose": "Samen kijken wat er goed gaat.", "steps": [1, 2], "group": "clients",
    "suits": ["dementia", "low_literacy"], "duration_minutes": 45, "how_to": "Loop samen\nMaak foto's",
    "materials": "Een telefoon", "tips": "", "accessibility": "Neem rustpauzes.",
}


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world


@pytest.fixture
def library(db):
    method_services.starting_library_sync()
    tailoring_services.starting_templates_sync()
    return Method.objects.filter(organisation__isnull=True)


@pytest.fixture
def own_method(world):
    return method_services.method_create(organisation=world.organisation, by=world.facilitator, **METHOD)


class TestStartingLibrary:
    def test_at_least_twelve_methods_for_every_step_and_group_in_dutch_and_english(self, library):
        assert library.count() == len(STARTING_METHODS) >= 12
        assert {step for method in library for step in method.steps} == set(Step.values)
        assert {method.group for method in library} == set(MethodGroup.values)
        assert {code for method in library for code in method.suits} <= set(Suitability.values)
        for method in library:
            with override("nl"):
                dutch = method.localized
            with override("en"):
                english = method.localized
            for field in ("name", "purpose", "how_to"):
                assert getattr(dutch, field) and getattr(english, field)
                assert getattr(dutch, field) != getattr(english, field), f"{method.builtin_key}.{field} has no Dutch"

    def test_syncing_again_changes_nothing(self, library):
        before = sorted(library.values_list("pk", "builtin_key"))
        method_services.starting_library_sync()
        assert sorted(Method.objects.filter(organisation__isnull=True).values_list("pk", "builtin_key")) == before

    def test_the_starting_library_cannot_be_changed_or_removed(self, world, library):
        method = library.first()
        with pytest.raises(ValidationError) as error:
            method_services.method_update(method=method, by=world.facilitator, **METHOD)
        assert says(error, "Methods of the starting library cannot be changed. Make a copy to adapt.")
        assert error_codes(error) == ["starting_library"]
        with pytest.raises(ValidationError) as error:
            method_services.method_delete(method=method, by=world.facilitator)
        assert says(error, "Methods of the starting library cannot be removed.")
        assert error_codes(error) == ["starting_library"]


class TestOwnMethods:
    def test_an_organisation_adds_its_own_method(self, world, own_method):
        assert (own_method.organisation, own_method.steps, own_method.suits) == (
            world.organisation, [1, 2], ["dementia", "low_literacy"],
        )

    @pytest.mark.parametrize("change, field, code, message", [
        ({"name": "   "}, "name", "required", ("Fill this in.", {})),
        ({"name": "x" * 81}, "name", "too_long", ("Use at most %(max)d characters.", {"max": 80})),
        ({"how_to": "x" * 3001}, "how_to", "too_long", ("Use at most %(max)d characters.", {"max": 3000})),
        ({"purpose": ""}, "purpose", "required", ("Fill this in.", {})),
        ({"steps": []}, "steps", "choice", ("Choose at least one step.", {})),
        ({"steps": [9]}, "steps", "choice", ("Choose at least one step.", {})),
        ({"group": "everyone"}, "group", "choice", ("Choose for whom the method is.", {})),
        ({"suits": ["giants"]}, "suits", "choice", ("Choose from the list.", {})),
        ({"duration_minutes": 2}, "duration_minutes", "duration",
         ("Choose a duration between 5 and 480 minutes.", {})),
    ])
    def test_empty_or_overlong_texts_and_wrong_choices_are_refused(self, world, change, field, code, message):
        with pytest.raises(ValidationError) as error:
            method_services.method_create(organisation=world.organisation, by=world.facilitator, **{**METHOD, **change})
        assert error_codes(error) == {field: [code]}
        msgid, params = message
        assert says(error, msgid, **params)
        assert not Method.objects.filter(organisation=world.organisation).exists()

    def test_a_copy_of_a_library_method_is_in_the_users_language_and_stays_linked(self, world, library):
        original = library.first()
        with override("nl"):
            copy = method_services.method_copy(method=original, organisation=world.organisation, by=world.facilitator)
            assert copy.name.startswith(original.localized.name)
        assert copy.based_on == original and copy.organisation == world.organisation
        assert copy.steps == original.steps and copy.builtin_key is None
        method_services.method_update(method=copy, by=world.facilitator, **{**METHOD, "name": "Aangepast"})
        original.refresh_from_db()
        assert original.name != "Aangepast"

    def test_another_organisations_method_cannot_be_copied(self, world, own_method):
        with pytest.raises(ValidationError) as error:
            method_services.method_copy(method=own_method, organisation=world.other_organisation,
                                        by=world.other_facilitator)
        assert says(error, "You can only copy methods of the library or of your own organisation.")
        assert error_codes(error) == ["organisation"]

    def test_a_method_in_use_stays(self, world, own_method):
        services.meeting_create(trajectory=world.trajectory, by=world.facilitator, date=timezone.localdate(),
                                step=1, group=MeetingGroup.CLIENTS, methods=[own_method])
        with pytest.raises(ValidationError) as error:
            method_services.method_delete(method=own_method, by=world.facilitator)
        assert error.value.code == "in_use"
        assert Method.objects.filter(pk=own_method.pk).exists()

    def test_a_session_cannot_use_another_organisations_method(self, world, own_method):
        with pytest.raises(ValidationError) as error:
            services.meeting_create(trajectory=world.other_trajectory, by=world.other_facilitator,
                                    date=timezone.localdate(), step=1, group=MeetingGroup.CLIENTS,
                                    methods=[own_method])
        assert error_codes(error) == {"methods": ["organisation"]}
        assert says(error, "Choose working methods of your own organisation or the library.")


class TestLibraryFilters:
    def test_filters_by_step_group_suitability_and_words_in_the_users_language(self, world, library, own_method):
        everything = method_list(organisation_id=world.organisation.pk)
        assert own_method in everything and len(everything) == library.count() + 1
        assert own_method not in method_list(organisation_id=world.other_organisation.pk)
        for step in Step.values:
            assert all(step in m.steps for m in method_list(organisation_id=world.organisation.pk, step=step))
        staff = method_list(organisation_id=world.organisation.pk, group="staff")
        assert staff and all(m.group == "staff" for m in staff)
        dementia = method_list(organisation_id=world.organisation.pk, suits=["dementia"])
        assert own_method in dementia and all("dementia" in m.suits for m in dementia)
        assert method_list(organisation_id=world.organisation.pk, query="fotowandeling") == [own_method]
        # A library method is found by a word of its Dutch text when the user works in Dutch.
        photo = Method.objects.get(builtin_key="photovoice")
        with override("nl"):
            word = photo.localized.name.split()[0]
            assert photo in method_list(organisation_id=world.organisation.pk, query=word.upper())
        assert method_list(organisation_id=world.organisation.pk, query="zzzgeenwerkvorm") == []


class TestTailoring:
    def test_groups_and_step_wording(self, world):
        tailoring_services.trajectory_tailor(
            trajectory=world.trajectory, by=world.facilitator, participant_groups=["clients", "relatives"],
            step_texts={"1": "Bewoners vertellen met foto's.", "3": "  "},
        )
        world.trajectory.refresh_from_db()
        assert world.trajectory.participant_groups == ["clients", "relatives"]
        assert world.trajectory.step_text(1) == "Bewoners vertellen met foto's." and world.trajectory.step_text(3) == ""
        with pytest.raises(ValidationError) as error:
            tailoring_services.trajectory_tailor(trajectory=world.trajectory, by=world.facilitator,
                                                 participant_groups=["aliens"], step_texts={})
        assert error_codes(error) == {"participant_groups": ["choice"]}
        assert says(error, "Choose from the list.")

    def test_skipping_a_step_needs_a_reason_and_is_recorded(self, world):
        with pytest.raises(ValidationError) as error:
            services.step_skip(trajectory=world.trajectory, by=world.facilitator, reason="  ")
        assert error_codes(error) == {"reason": ["reason"]}
        assert says(error, "Say why this step is skipped.")
        assert world.trajectory.current_step == 1
        services.step_skip(trajectory=world.trajectory, by=world.facilitator, reason="De groep kiest meteen.")
        transition = StepTransition.objects.get(trajectory=world.trajectory)
        assert (transition.from_step, transition.to_step, transition.is_skip) == (1, 3, True)
        assert transition.reason == "De groep kiest meteen."
        services.step_back(trajectory=world.trajectory, by=world.facilitator, reason="Nog een keer verkennen")
        assert Trajectory.objects.get(pk=world.trajectory.pk).current_step == 2
        services.step_advance(trajectory=world.trajectory, by=world.facilitator)
        with pytest.raises(ValidationError) as error:  # from step 3 there is no step 5
            services.step_skip(trajectory=Trajectory.objects.get(pk=world.trajectory.pk), by=world.facilitator,
                               reason="te ver")
        assert error.value.code == "last_step"

    def test_a_product_template_plans_sessions_with_library_methods(self, world, library):
        template = TrajectoryTemplate.objects.get(builtin_key="elderly-care")
        start = datetime.date(2027, 3, 1)
        trajectory = tailoring_services.trajectory_create_from_template(
            template=template, organisation=world.organisation, by=world.facilitator, title="Thuis op de Linde",
            start_date=start,
        )
        assert trajectory.care_context == CareContext.ELDERLY
        assert trajectory.participant_groups == template.participant_groups
        assert trajectory.step_text(1) == template.step_text(1)
        meetings = list(trajectory.meetings.prefetch_related("planned_methods__method"))
        assert len(meetings) == len(template.sessions)
        assert meetings[0].date == start
        keys = [[p.method.builtin_key for p in m.planned_methods.all()] for m in meetings]
        assert keys == [session["methods"] for session in template.sessions]
        assert trajectory.memberships.get().user == world.facilitator

    def test_a_template_of_another_organisation_is_refused(self, world):
        theirs = tailoring_services.template_from_trajectory(
            trajectory=world.other_trajectory, by=world.other_facilitator, name="Van Elders"
        )
        with pytest.raises(ValidationError) as error:
            tailoring_services.trajectory_create_from_template(
                template=theirs, organisation=world.organisation, by=world.facilitator, title="Niet van ons",
                start_date=timezone.localdate(),
            )
        assert error.value.code == "organisation"
        assert not Trajectory.objects.filter(title="Niet van ons").exists()


def fill_with_client_content(world, own_method):
    """A trajectory with something in every space, every table that refers to it."""
    trajectory = world.trajectory
    client, staff, lead = (world.membership(u) for u in (world.client, world.staff, world.facilitator))
    tailoring_services.trajectory_tailor(trajectory=trajectory, by=world.facilitator,
                                         participant_groups=["clients", "staff"], step_texts={"1": "Met foto's"})
    services.meeting_create(trajectory=trajectory, by=world.facilitator, date=timezone.localdate(), step=1,
                            group=MeetingGroup.CLIENTS, title="Foto's", notes="Gerda vertelde over haar man.",
                            methods=[own_method])
    services.meeting_create(trajectory=trajectory, by=world.facilitator,
                            date=timezone.localdate() + datetime.timedelta(weeks=3), step=4,
                            group=MeetingGroup.JOINT, kind="visit", title="Bezoek")
    session = live_services.live_session_open(trajectory=trajectory, by=world.facilitator, title="Huiskamer")
    guest = join(session, name="Truus")
    from django.core.files.uploadedfile import SimpleUploadedFile

    from trajectories.live.photos import process_photo

    topic = services.topic_create(
        trajectory=trajectory, by=guest, title="GEHEIM-ONDERWERP", theme=Theme.FOOD, live_session=session,
        photo=process_photo(SimpleUploadedFile("a.jpg", photo_bytes(size=(64, 64)), content_type="image/jpeg")),
    )
    live_services.live_voting_open(session=session, by=world.facilitator, dots_per_client=2, max_dots_per_topic=1)
    live_services.vote_add(session=session, topic=topic, by=guest)
    item = services.agenda_item_create(trajectory=trajectory, by=client, title="GEHEIM-AGENDA", topics=[topic])
    services.agenda_item_share(item=item, by=client)
    services.staff_reflection_create(trajectory=trajectory, by=staff, text="GEHEIM-REFLECTIE")
    services.staff_summary_save(trajectory=trajectory, by=staff, text="GEHEIM-SAMENVATTING")
    services.dialogue_save(agenda_item=item, by=lead, heard="GEHEIM-GEHOORD", agreed="GEHEIM-AFGESPROKEN")
    action = services.action_create(trajectory=trajectory, by=lead, what="GEHEIM-ACTIE", owner=staff,
                                    due_date=timezone.localdate() + datetime.timedelta(days=9), agenda_item=item)
    plan_services.action_progress_add(action=action, by=staff, date=timezone.localdate(), text="GEHEIM-VOORTGANG")
    plan_services.plan_signoff(trajectory=trajectory, side="clients", member=client, recorded_by=world.facilitator)
    learning_services.goal_create(trajectory=trajectory, by=client, text="GEHEIM-DOEL")
    learning_services.evaluation_report_save(trajectory=trajectory, by=world.facilitator, aim="GEHEIM-RAPPORT",
                                             methods="m", results="r", outcomes="o", reflection="x")
    services.step_advance(trajectory=trajectory, by=world.facilitator)
    return trajectory


def test_a_copy_carries_the_structure_and_never_client_content(world, own_method):
    source = fill_with_client_content(world, own_method)
    copy = tailoring_services.trajectory_copy(source=source, by=world.facilitator, title="Nieuw jaar",
                                              start_date=datetime.date(2027, 1, 4))
    # Every table that refers to a trajectory: only the structure and its new facilitator.
    allowed = {"memberships": 1, "meetings": 2, "trajectoryuserobjectpermission": None}
    for relation in Trajectory._meta.related_objects:
        accessor = relation.get_accessor_name()
        rows = relation.related_model.objects.filter(**{relation.field.name: copy}).count()
        if accessor in allowed or relation.related_model.__name__.lower() in allowed:
            continue
        assert rows == 0, f"the copy has {rows} rows in {relation.related_model.__name__}"
    assert copy.memberships.get().user == world.facilitator
    meetings = list(copy.meetings.order_by("date"))
    assert [(m.step, m.group, m.kind, m.title, m.notes) for m in meetings] == [
        (1, "clients", "session", "Foto's", ""), (4, "joint", "visit", "Bezoek", ""),
    ]
    assert meetings[0].date == datetime.date(2027, 1, 4)
    assert meetings[1].date == datetime.date(2027, 1, 25)
    assert [p.method for p in meetings[0].planned_methods.all()] == [own_method]
    assert (copy.participant_groups, copy.step_texts, copy.current_step) == (["clients", "staff"], {"1": "Met foto's"}, 1)
    # And a template made from it holds nothing that anyone said.
    template = tailoring_services.template_from_trajectory(trajectory=source, by=world.facilitator, name="Sjabloon")
    stored = json.dumps([template.description, template.sessions, template.step_texts, template.participant_groups])
    assert "GEHEIM" not in stored and "Gerda" not in stored and "Truus" not in stored


class TestGoals:
    def test_each_sees_their_own_and_their_groups_goals(self, world):
        trajectory = world.trajectory
        client, client2, staff, lead = (
            world.membership(u) for u in (world.client, world.client2, world.staff, world.facilitator)
        )
        mine = learning_services.goal_create(trajectory=trajectory, by=client, text="Gehoord worden")
        other = learning_services.goal_create(trajectory=trajectory, by=client2, text="Nieuwe mensen leren kennen")
        theirs = learning_services.goal_create(trajectory=trajectory, by=staff, text="Beter luisteren")
        group = learning_services.goal_create(trajectory=trajectory, by=lead, text="Samen een plan", group="clients")
        joint = learning_services.goal_create(trajectory=trajectory, by=lead, text="Gelijkwaardig", group="joint")

        def visible(user):
            return set(goals_for_viewer(access=trajectory_get_for_user(user, trajectory.pk, "view_trajectory")))

        assert visible(world.client) == {mine, group, joint}
        assert visible(world.staff) == {theirs, joint}
        assert visible(world.facilitator) == {mine, other, theirs, group, joint}
        assert visible(world.quality) == set()
        with pytest.raises(ValidationError) as error:
            learning_services.goal_create(trajectory=trajectory, by=client, text="Voor iedereen", group="joint")
        assert error.value.code == "role"
        with pytest.raises(ValidationError) as error:
            learning_services.goal_create(trajectory=trajectory, by=client, text="   ")
        assert error_codes(error) == {"text": ["required"]}
        assert says(error, "Fill this in.")

    def test_goals_come_back_at_the_evaluation(self, world):
        client, client2 = world.membership(world.client), world.membership(world.client2)
        goal = learning_services.goal_create(trajectory=world.trajectory, by=client, text="Gehoord worden")
        with pytest.raises(ValidationError) as error:
            learning_services.goal_evaluate(goal=goal, by=client2, outcome="achieved")
        assert error.value.code == "not_yours"
        services.trajectory_close(trajectory=world.trajectory, by=world.facilitator)
        learning_services.goal_evaluate(goal=Goal.objects.get(pk=goal.pk), by=client, outcome="partly",
                                        note="Soms wel.")
        goal.refresh_from_db()
        assert (goal.outcome, goal.outcome_note) == ("partly", "Soms wel.")
        suggestions = evaluation_report_suggestions(trajectory=world.trajectory)
        assert "1 partly" in suggestions["outcomes"] or "1 deels" in suggestions["outcomes"]


class TestLessons:
    @pytest.fixture
    def closed(self, world):
        services.topic_create(trajectory=world.trajectory, by=world.membership(world.facilitator),
                              on_behalf_of_name="Mevrouw Jansen", title="Koud eten", theme=Theme.FOOD)
        services.trajectory_close(trajectory=world.trajectory, by=world.facilitator)
        return world.trajectory

    def test_a_lesson_is_recorded_only_for_a_closed_trajectory(self, world):
        with pytest.raises(ValidationError) as error:
            learning_services.lesson_create(trajectory=world.trajectory, by=world.facilitator, what_worked="Foto's")
        assert error.value.code == "open"
        assert not Lesson.objects.exists()

    @pytest.mark.parametrize("text", [
        "Gerda vond de foto's mooi.", "Met gerda ging het goed.", "Henk en de anderen", "cli was stil",
        "Mevrouw Jansen vertelde veel.",
        # Disguised: a zero-width space, a Cyrillic е, full-width letters, a direction override.
        "Ger\u200bda vond het fijn.", "G\u0435rda vond het fijn.", "\uff27\uff45\uff52\uff44\uff41 lachte.",
        "Met \u202eHenk\u202c ging het goed.", "GERDA!",
    ])
    def test_a_lesson_that_names_a_client_is_refused(self, world, closed, text):
        with pytest.raises(ValidationError) as error:
            learning_services.lesson_create(trajectory=closed, by=world.facilitator, what_worked="Goed",
                                            what_changed=text)
        assert [e.code for e in error.value.error_dict["what_changed"]] == ["names_a_client"]
        assert not Lesson.objects.exists()

    def test_names_of_staff_and_ordinary_words_are_fine(self, world, closed, own_method):
        lesson = learning_services.lesson_create(
            trajectory=closed, by=world.facilitator, what_worked="Sanne las de woorden voor. Gerdaneum is geen naam.",
            themes=["food", "heard"], method_ratings={own_method: 5},
        )
        assert lesson.themes == ["food", "heard"]
        assert lesson.method_ratings.get().rating == 5

    def test_the_list_stays_within_the_organisation_and_filters(self, world, closed, own_method):
        ours = learning_services.lesson_create(trajectory=closed, by=world.facilitator, what_worked="Fotowandeling",
                                               themes=["food"], method_ratings={own_method: 4})
        services.trajectory_close(trajectory=world.other_trajectory, by=world.other_facilitator)
        learning_services.lesson_create(trajectory=world.other_trajectory, by=world.other_facilitator,
                                        what_worked="Elders")
        organisation = world.organisation.pk
        assert list(lesson_list(organisation_id=organisation)) == [ours]
        assert list(lesson_list(organisation_id=organisation, theme="food")) == [ours]
        assert list(lesson_list(organisation_id=organisation, theme="safety")) == []
        assert list(lesson_list(organisation_id=organisation, care_context="disability")) == []
        assert list(lesson_list(organisation_id=organisation, method_id=own_method.pk)) == [ours]
        assert list(lesson_list(organisation_id=organisation, query="fotowandeling")) == [ours]
        assert list(lesson_list(organisation_id=organisation, query="Elders")) == []

    def test_ratings_are_from_one_to_five(self, world, closed, own_method):
        with pytest.raises(ValidationError) as error:
            learning_services.lesson_create(trajectory=closed, by=world.facilitator, what_worked="Goed",
                                            method_ratings={own_method: 6})
        assert error_codes(error) == {"method_ratings": ["rating"]}
        assert says(error, "Rate each method from 1 to 5.")


def shared_topic(trajectory, by, **fields):
    """A topic behind an agenda item the clients shared with staff."""
    topic = services.topic_create(trajectory=trajectory, by=by, **fields)
    item = services.agenda_item_create(trajectory=trajectory, by=by, title=fields["title"], topics=[topic])
    services.agenda_item_share(item=item, by=by)
    return topic


def test_the_learning_overview_counts_themes_actions_and_methods(world, own_method):
    lead = world.membership(world.facilitator)
    shared_topic(world.trajectory, lead, title="Eten", theme=Theme.FOOD)
    other = factories.trajectory_for(world.facilitator, world.organisation, title="Tweede")
    shared_topic(other, other.memberships.get(), title="Ook eten", theme=Theme.FOOD)
    services.meeting_create(trajectory=world.trajectory, by=world.facilitator, date=timezone.localdate(), step=1,
                            group=MeetingGroup.CLIENTS, methods=[own_method])
    services.trajectory_close(trajectory=other, by=world.facilitator)
    learning_services.lesson_create(trajectory=other, by=world.facilitator, what_worked="Goed",
                                    method_ratings={own_method: 4})
    overview = learning_overview(organisation_id=world.organisation.pk)
    assert (overview.trajectories, overview.closed) == (2, 1)
    assert overview.per_theme[0][1] == 2
    assert [use.method for use in overview.most_used] == [own_method]
    assert overview.best_rated[0].average == 4
    assert learning_overview(organisation_id=world.other_organisation.pk).most_used == []


def test_the_learning_overview_shows_nothing_of_what_clients_have_not_shared(world):
    """A theme or count built from a topic still in the client space would tell quality staff
    what a client just wrote (the finding: "Erbij horen: 1 traject" right after a new topic)."""
    client = world.membership(world.client)
    topic = services.topic_create(trajectory=world.trajectory, by=client, title="Niemand kent me", theme=Theme.INCLUSION)
    private = services.agenda_item_create(trajectory=world.trajectory, by=client, title="Nog niet gedeeld",
                                          topics=[topic])
    assert learning_overview(organisation_id=world.organisation.pk).per_theme == []
    services.agenda_item_share(item=private, by=client)
    assert learning_overview(organisation_id=world.organisation.pk).per_theme == [(Theme.INCLUSION.label, 1)]
