"""Views of the participation matrix: the forms people use, their Dutch messages, nothing typed is
lost, the CSV files and the organisation overview."""

import csv
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext, ngettext, override

from matrix import services
from matrix.export import header
from matrix.models import Assessment, AssessmentKind, Cell, GroupKind, ParticipantGroup, Phase, Project, Role
from tests.html import assert_valid_html
from tests.live_helpers import open_session
from tests.matrix.helpers import assess, days_ago, make_project
from tests.pages import body, dutch
from trajectories.models import Location, Membership

pytestmark = pytest.mark.django_db

R = Role


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world



def murl(name, **kwargs):
    return reverse(f"matrix:{name}", kwargs=kwargs)


def grid_data(project, kind, *, date=None, skip=(), **values):
    """POST data for the whole grid; ``values`` override a part for every row (desired="4", ...)."""
    parts = ["desired", "agreed"] + (["actual"] if kind != AssessmentKind.AGREEMENT else [])
    defaults = {"desired": "4", "agreed": "3", "actual": "3", "activities": "", "note": ""}
    defaults.update(values)
    data = {"date": (date or days_ago(1)).isoformat(), "discussed_with": "", "note": ""}
    for group in project.groups.all():
        for phase in Phase.values:
            for part in [*parts, "activities", "note"]:
                name = f"cell-{group.pk}-{phase}-{part}"
                if name not in skip:
                    data[name] = defaults[part]
    return data


def checked_values(page: str, name: str) -> list[str]:
    """The values of the checked radio buttons called ``name``."""
    found = []
    for tag in re.findall(r"<input[^>]*>", page):
        if f'name="{name}"' in tag and re.search(r"\schecked[\s>]", tag):
            found.append(re.search(r'value="([^"]*)"', tag).group(1))
    return found


@pytest.fixture
def project(world):
    return make_project(
        world, name="Meedoen aan tafel", start=60, trajectory=world.trajectory,
        groups=[(GroupKind.CLIENTS, ""), (GroupKind.RELATIVES, "")],
    )


# --- projects --------------------------------------------------------------------------------


class TestProjectForms:
    def test_the_trajectory_page_links_to_a_prefilled_new_project(self, world, client_for):
        page = client_for(world.facilitator).get(reverse("trajectories:detail", kwargs={"pk": world.trajectory.pk}))
        assert f"{murl('project_create')}?traject={world.trajectory.pk}" in page.content.decode()

    def test_the_trajectory_page_lists_its_projects_for_those_who_may_read_them(self, world, client_for, project):
        assess(project, AssessmentKind.AGREEMENT, by=world.facilitator, date=days_ago(5))
        url = reverse("trajectories:detail", kwargs={"pk": world.trajectory.pk})
        link = murl("project_detail", pk=project.pk)
        for user in (world.facilitator, world.quality):
            page = client_for(user).get(url)
            assert link in page.content.decode()
            assert_valid_html(page)
        assert link not in client_for(world.client).get(url).content.decode()

    def test_creating_a_project_for_a_trajectory(self, world, client_for):
        http = client_for(world.facilitator)
        form = http.get(murl("project_create"), {"traject": world.trajectory.pk})
        assert form.status_code == 200
        assert_valid_html(form)
        prefilled = form.context["form"]
        assert prefilled["trajectory"].value() == world.trajectory.pk
        assert prefilled["name"].value() == world.trajectory.title
        response = http.post(
            murl("project_create"),
            {
                "name": "Eten en drinken",
                "description": "Samen met bewoners",
                "start_date": days_ago(10).isoformat(),
                "location": "",
                "trajectory": world.trajectory.pk,
                "groups": [GroupKind.CLIENTS, GroupKind.RELATIVES],
            },
            follow=True,
        )
        project = Project.objects.get()
        assert response.redirect_chain[-1][0] == murl("project_detail", pk=project.pk)
        assert (project.trajectory, project.organisation, project.created_by) == (
            world.trajectory, world.organisation, world.facilitator,
        )
        assert [group.kind for group in project.groups.all()] == [GroupKind.CLIENTS, GroupKind.RELATIVES]
        assert dutch("The project has been created. Record the agreement at the start next.") in body(response)
        assert_valid_html(response)

    @pytest.mark.parametrize("wanted", ["abc", "²", "٣", "-1", "0", "99999999999999999999", "1" * 30, "<script>", ""])
    def test_a_hostile_trajectory_link_shows_an_empty_form(self, world, client_for, wanted):
        response = client_for(world.facilitator).get(murl("project_create"), {"traject": wanted})
        assert response.status_code == 200
        assert response.context["form"]["trajectory"].value() is None

    def test_a_trajectory_the_user_does_not_lead_is_not_prefilled_or_accepted(self, world, client_for):
        http = client_for(world.other_facilitator)
        form = http.get(murl("project_create"), {"traject": world.trajectory.pk})
        assert form.context["form"]["trajectory"].value() is None
        response = http.post(
            murl("project_create"),
            {"name": "Kaping", "start_date": days_ago(1).isoformat(), "trajectory": world.trajectory.pk,
             "groups": [GroupKind.CLIENTS]},
        )
        assert response.status_code == 200
        assert not Project.objects.exists()

    def test_no_group_chosen_keeps_what_was_typed(self, world, client_for):
        response = client_for(world.quality).post(
            murl("project_create"),
            {"name": "Beleid dagbesteding", "description": "Mijn uitleg", "start_date": days_ago(1).isoformat()},
        )
        assert response.status_code == 200
        assert dutch("Choose at least one group.") in body(response)
        assert "Mijn uitleg" in body(response)
        assert not Project.objects.exists()
        assert_valid_html(response)

    def test_editing_refuses_a_start_after_the_first_assessment(self, world, client_for, project):
        assess(project, AssessmentKind.AGREEMENT, by=world.facilitator, date=days_ago(30))
        http = client_for(world.facilitator)
        response = http.post(
            murl("project_edit", pk=project.pk),
            {"name": "Nieuwe naam", "description": "", "start_date": days_ago(20).isoformat(), "location": "",
             "trajectory": world.trajectory.pk},
        )
        assert response.status_code == 200
        assert dutch("The start date cannot be after the first assessment (%(date)s).") % {
            "date": days_ago(30).strftime("%d-%m-%Y")
        } in body(response)
        assert_valid_html(response)
        project.refresh_from_db()
        assert project.name == "Meedoen aan tafel"

    def test_an_owner_who_does_not_lead_the_trajectory_keeps_the_link_when_editing(self, world, client_for):
        """Quality staff who own a project linked to a trajectory can still save it."""
        project = make_project(world, name="Gekoppeld", by=world.quality, trajectory=world.trajectory)
        http = client_for(world.quality)
        response = http.post(
            murl("project_edit", pk=project.pk),
            {"name": "Gekoppeld en bewerkt", "start_date": days_ago(5).isoformat(), "trajectory": world.trajectory.pk},
        )
        assert response.status_code == 302
        project.refresh_from_db()
        assert (project.name, project.trajectory) == ("Gekoppeld en bewerkt", world.trajectory)
        # The facilitator (owner and trajectory lead) edits too, and the form shows the trajectory once.
        other = make_project(world, name="Van Fien", trajectory=world.trajectory)
        page = client_for(world.facilitator).get(murl("project_edit", pk=other.pk))
        assert page.status_code == 200
        assert_valid_html(page)
        assert page.content.decode().count(f'<option value="{world.trajectory.pk}"') == 1

    def test_project_pages_are_valid_html(self, world, client_for, project):
        assess(project, AssessmentKind.AGREEMENT, by=world.facilitator, date=days_ago(30), activities="Koken")
        assess(project, AssessmentKind.INTERIM, by=world.facilitator, date=days_ago(3), note="Gesprek")
        http = client_for(world.facilitator)
        pages = [
            murl("project_list"),
            murl("project_detail", pk=project.pk),
            murl("project_edit", pk=project.pk),
            murl("groups", pk=project.pk),
            murl("members", pk=project.pk),
            murl("history", pk=project.pk),
            murl("member_remove", pk=project.pk, member_pk=project.memberships.get().pk),
            murl("group_remove", pk=project.pk, group_pk=project.groups.first().pk),
        ]
        for kind in AssessmentKind.values:
            pages.append(murl("assessment_create", pk=project.pk, kind=kind))
        for assessment in project.assessments.all():
            pages.append(murl("assessment_detail", pk=project.pk, assessment_pk=assessment.pk))
            pages.append(murl("assessment_print", pk=project.pk, assessment_pk=assessment.pk))
        for page in pages:
            response = http.get(page)
            assert response.status_code == 200, page
            assert_valid_html(response)

    def test_a_project_without_assessments_says_so(self, world, client_for, project):
        response = client_for(world.facilitator).get(murl("project_detail", pk=project.pk))
        assert dutch("No assessment has been recorded yet.") in body(response)
        assert_valid_html(response)
        history = client_for(world.facilitator).get(murl("history", pk=project.pk))
        assert dutch("No assessment has been recorded yet.") in body(history)


class TestGroupsAndPeople:
    def test_adding_another_group_needs_a_name(self, world, client_for, project):
        http = client_for(world.facilitator)
        response = http.post(murl("groups", pk=project.pk), {"kind": GroupKind.OTHER, "name": "  "})
        assert response.status_code == 200
        assert dutch("Give the other group a name.") in body(response)
        assert_valid_html(response)
        response = http.post(
            murl("groups", pk=project.pk), {"kind": GroupKind.OTHER, "name": "Bewonerspanel"}, follow=True
        )
        assert dutch("The group has been added.") in body(response)
        assert project.groups.filter(name="Bewonerspanel").exists()

    def test_a_duplicate_group_is_refused_on_the_form(self, world, client_for, project):
        response = client_for(world.facilitator).post(
            murl("groups", pk=project.pk), {"kind": GroupKind.CLIENTS, "name": ""}
        )
        assert response.status_code == 200
        assert dutch("This group is already part of the project.") in body(response)
        assert project.groups.count() == 2

    def test_a_group_in_an_assessment_has_no_remove_link_and_stays(self, world, client_for, project):
        assess(project, AssessmentKind.AGREEMENT, by=world.facilitator, date=days_ago(1))
        extra = services.group_add(project=project, kind=GroupKind.CLIENT_COUNCIL, by=world.facilitator)
        http = client_for(world.facilitator)
        page = http.get(murl("groups", pk=project.pk)).content.decode()
        used = project.groups.get(kind=GroupKind.CLIENTS)
        assert murl("group_remove", pk=project.pk, group_pk=used.pk) not in page
        assert murl("group_remove", pk=project.pk, group_pk=extra.pk) in page
        response = http.post(murl("group_remove", pk=project.pk, group_pk=used.pk), follow=True)
        stays = dutch("This group is part of a saved assessment, so it stays to keep the history whole.")
        assert stays in body(response)
        assert ParticipantGroup.objects.filter(pk=used.pk).exists()
        http.post(murl("group_remove", pk=project.pk, group_pk=extra.pk))
        assert not ParticipantGroup.objects.filter(pk=extra.pk).exists()

    def test_adding_and_removing_a_person(self, world, client_for, project):
        http = client_for(world.facilitator)
        form = http.get(murl("members", pk=project.pk)).context["form"]
        choices = {user.pk for user in form.fields["user"].queryset}
        # Only people of the organisation who are not in yet.
        assert world.staff.pk in choices
        assert world.facilitator.pk not in choices and world.other_facilitator.pk not in choices
        response = http.post(murl("members", pk=project.pk), {"user": world.staff.pk, "role": "member"}, follow=True)
        assert dutch("The person has been added.") in body(response)
        membership = project.memberships.get(user=world.staff)
        assert client_for(world.staff).get(murl("project_detail", pk=project.pk)).status_code == 200
        assert client_for(world.staff).get(murl("project_edit", pk=project.pk)).status_code == 404
        http.post(murl("member_remove", pk=project.pk, member_pk=membership.pk))
        assert client_for(world.staff).get(murl("project_detail", pk=project.pk)).status_code == 404

    def test_a_person_of_another_organisation_cannot_be_added(self, world, client_for, project):
        response = client_for(world.facilitator).post(
            murl("members", pk=project.pk), {"user": world.other_facilitator.pk, "role": "owner"}
        )
        assert response.status_code == 200
        assert not project.memberships.filter(user=world.other_facilitator).exists()

    def test_the_last_owner_stays_with_a_message(self, world, client_for, project):
        owner = project.memberships.get()
        response = client_for(world.facilitator).post(
            murl("member_remove", pk=project.pk, member_pk=owner.pk), follow=True
        )
        assert dutch("A project needs at least one owner. Add another owner first.") in body(response)
        assert project.memberships.filter(pk=owner.pk).exists()

    def test_a_guest_who_joined_a_live_session_is_never_offered_nor_added(self, world, client_for, project):
        """Issue 11: the same picker as the trajectory's; a guest made owner opened the project from the phone."""
        session = open_session(world)
        phone = Client()
        phone.post(reverse("trajectories:live_join_code", kwargs={"code": session.join_code}), {"name": "Bep"})
        guest = Membership.objects.get(joined_session=session).user
        http = client_for(world.facilitator)
        form = http.get(murl("members", pk=project.pk)).context["form"]
        assert guest not in form.fields["user"].queryset
        assert http.post(murl("members", pk=project.pk), {"user": guest.pk, "role": "owner"}).status_code == 200
        with pytest.raises(ValidationError) as error:
            services.project_member_add(project=project, user=guest, role="owner", by=world.facilitator)
        assert [e.code for e in error.value.error_dict["user"]] == ["guest_account"]
        assert not project.memberships.filter(user=guest).exists()
        assert phone.get(murl("project_detail", pk=project.pk)).status_code == 404


# --- recording an assessment ---------------------------------------------------------------------


class TestRecordAssessment:
    def test_recording_an_interim_check_through_the_form(self, world, client_for, project):
        http = client_for(world.facilitator)
        data = grid_data(project, AssessmentKind.INTERIM, desired="5", agreed="4", actual="2", activities="Samen koken")
        data.update({"discussed_with": "Bewonersgroep", "note": "Goed gesprek"})
        response = http.post(murl("assessment_create", pk=project.pk, kind=AssessmentKind.INTERIM), data, follow=True)
        assessment = Assessment.objects.get()
        assert response.redirect_chain[-1][0] == murl("assessment_detail", pk=project.pk, assessment_pk=assessment.pk)
        saved = (assessment.kind, assessment.date, assessment.discussed_with, assessment.note, assessment.filled_in_by)
        assert saved == (
            AssessmentKind.INTERIM, days_ago(1), "Bewonersgroep", "Goed gesprek", world.facilitator,
        )
        assert set(Cell.objects.values_list("desired_role", "agreed_role", "actual_role", "activities")) == {
            (5, 4, 2, "Samen koken")
        }
        assert Cell.objects.count() == 2 * 3
        assert dutch("The assessment has been saved. Earlier assessments stay as they were.") in body(response)
        assert_valid_html(response)

    def test_an_agreement_has_no_actual_row(self, world, client_for, project):
        http = client_for(world.facilitator)
        page = http.get(murl("assessment_create", pk=project.pk, kind=AssessmentKind.AGREEMENT)).content.decode()
        assert re.search(r'name="cell-\d+-\d-desired"', page)
        assert not re.search(r'name="cell-\d+-\d-actual"', page)
        # An actual role sent anyway is ignored, not saved.
        data = grid_data(project, AssessmentKind.AGREEMENT)
        data[f"cell-{project.groups.first().pk}-1-actual"] = "5"
        url = murl("assessment_create", pk=project.pk, kind=AssessmentKind.AGREEMENT)
        assert http.post(url, data).status_code == 302
        assert set(Cell.objects.values_list("actual_role", flat=True)) == {None}

    def test_an_incomplete_grid_is_shown_again_with_everything_kept(self, world, client_for, project):
        clients = project.groups.get(kind=GroupKind.CLIENTS)
        missing = f"cell-{clients.pk}-{Phase.EXECUTION}-actual"
        data = grid_data(project, AssessmentKind.INTERIM, skip={missing}, desired="5", agreed="2", actual="1")
        data[f"cell-{clients.pk}-{Phase.PREPARATION}-activities"] = "Bewoners kozen zelf het menu"
        data[f"cell-{clients.pk}-{Phase.PREPARATION}-note"] = "Een notitie bij de voorbereiding"
        data["discussed_with"] = "De cliëntenraad"
        response = client_for(world.facilitator).post(
            murl("assessment_create", pk=project.pk, kind=AssessmentKind.INTERIM), data
        )
        assert response.status_code == 200
        page = body(response)
        assert dutch("The grid is not complete. Every row needs a choice; the rows without one are marked.") in page
        assert dutch("Choose a role.") in page
        assert "Bewoners kozen zelf het menu" in page
        assert "Een notitie bij de voorbereiding" in page
        assert "De cliëntenraad" in page
        raw = response.content.decode()
        assert checked_values(raw, f"cell-{clients.pk}-{Phase.PREPARATION}-desired") == ["5"]
        assert checked_values(raw, f"cell-{clients.pk}-{Phase.EXECUTION}-agreed") == ["2"]
        assert checked_values(raw, f"cell-{clients.pk}-{Phase.IMPLEMENTATION}-actual") == ["1"]
        assert checked_values(raw, missing) == []
        # The missing row is marked for screen readers too.
        assert f'aria-describedby="id_{missing}-error"' in raw
        assert not Assessment.objects.exists()
        assert_valid_html(response)

    @pytest.mark.parametrize("value", ["7", "abc", "-1", "6", "99999999999999999999", "3.0", "²", "\x00"])
    def test_a_role_that_does_not_exist_is_a_form_error(self, world, client_for, project, value):
        clients = project.groups.get(kind=GroupKind.CLIENTS)
        name = f"cell-{clients.pk}-{Phase.EXECUTION}-agreed"
        data = grid_data(project, AssessmentKind.INTERIM)
        data[name] = value
        response = client_for(world.facilitator).post(
            murl("assessment_create", pk=project.pk, kind=AssessmentKind.INTERIM), data
        )
        assert response.status_code == 200
        assert response.context["form"].errors[name] == [dutch("Choose a role.")]
        assert dutch("Choose a role.") in body(response)
        assert checked_values(response.content.decode(), name) == []
        assert not Assessment.objects.exists()
        assert_valid_html(response)

    def test_a_date_in_the_future_or_before_the_start_is_a_form_error(self, world, client_for, project):
        http = client_for(world.facilitator)
        url = murl("assessment_create", pk=project.pk, kind=AssessmentKind.EVALUATION)
        data = grid_data(project, AssessmentKind.EVALUATION, date=days_ago(-1), activities="Bewaard")
        response = http.post(url, data)
        assert response.status_code == 200
        assert dutch("The date cannot be in the future.") in body(response)
        assert "Bewaard" in body(response)
        response = http.post(url, grid_data(project, AssessmentKind.EVALUATION, date=days_ago(61)))
        assert response.status_code == 200
        assert dutch("The date cannot be before the start of the project (%(date)s).") % {
            "date": days_ago(60).strftime("%d-%m-%Y")
        } in body(response)
        assert not Assessment.objects.exists()
        assert_valid_html(response)

    def test_the_next_assessment_starts_from_the_last_agreement(self, world, client_for, project):
        clients = project.groups.get(kind=GroupKind.CLIENTS)
        assess(project, AssessmentKind.AGREEMENT, by=world.facilitator, date=days_ago(20), desired=5, agreed=4,
               activities="Proefmenu")
        response = client_for(world.facilitator).get(
            murl("assessment_create", pk=project.pk, kind=AssessmentKind.INTERIM)
        )
        raw = response.content.decode()
        assert checked_values(raw, f"cell-{clients.pk}-{Phase.EXECUTION}-desired") == ["5"]
        assert checked_values(raw, f"cell-{clients.pk}-{Phase.EXECUTION}-agreed") == ["4"]
        assert checked_values(raw, f"cell-{clients.pk}-{Phase.EXECUTION}-actual") == []
        assert "Proefmenu" in body(response)
        assert_valid_html(response)

    def test_the_assessment_page_shows_where_reality_fell_short(self, world, client_for, project):
        assessment = assess(
            project, AssessmentKind.EVALUATION, by=world.facilitator, date=days_ago(2),
            roles={(GroupKind.CLIENTS, Phase.EXECUTION): (R.DIRECTOR, R.PARTNER, R.LISTENER)},
            desired=3, agreed=3, actual=3,
        )
        response = client_for(world.quality).get(
            murl("assessment_detail", pk=project.pk, assessment_pk=assessment.pk)
        )
        assert response.status_code == 200
        page = body(response)
        assert dutch("Where reality fell short") in page
        with override("nl"):
            line = gettext("%(group)s, %(phase)s: agreed %(agreed)s, actual %(actual)s") % {
                "group": gettext("clients"), "phase": gettext("Execution"),
                "agreed": gettext("Partner"), "actual": gettext("Listener"),
            }
        assert line in page
        assert page.count("▼") == 1
        assert_valid_html(response)

    def test_an_assessment_that_met_every_agreement_says_so(self, world, client_for, project):
        assessment = assess(project, AssessmentKind.INTERIM, by=world.facilitator, date=days_ago(2), agreed=3, actual=4)
        response = client_for(world.facilitator).get(
            murl("assessment_detail", pk=project.pk, assessment_pk=assessment.pk)
        )
        page = body(response)
        assert dutch("In every phase clients had at least the role that was agreed.") in page
        assert dutch("Where reality fell short") not in page


# --- CSV ---------------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="participatiematrix-')
    raw = response.content.decode("utf-8")
    assert raw.startswith("\ufeff"), "a byte-order mark, so spreadsheets read the accents"
    return list(csv.reader(io.StringIO(raw[1:]), delimiter=";"))


def dutch_header() -> list[str]:
    with override("nl"):
        return [str(column) for column in header()]


class TestCsv:
    def test_the_project_csv_has_a_row_per_assessment_phase_and_group(self, world, client_for, project):
        first = assess(project, AssessmentKind.AGREEMENT, by=world.facilitator, date=days_ago(30),
                       activities="=HYPERLINK(\"http://evil\")")
        second = assess(project, AssessmentKind.INTERIM, by=world.facilitator, date=days_ago(5), note="+31 6 1234",
                        activities="Samen; koken\nmet \"bewoners\"")
        response = client_for(world.quality).get(murl("project_csv", pk=project.pk))
        rows = read_csv(response)
        assert rows[0] == dutch_header()
        assert rows[0][0] == dutch("Organisation")
        data = rows[1:]
        assert len(data) == 2 * 3 * 2
        assessment_column = rows[0].index(dutch("Assessment"))
        assert [row[assessment_column] for row in data] == [str(first.pk)] * 6 + [str(second.pk)] * 6
        assert {row[1] for row in data} == {"Meedoen aan tafel"}
        assert {row[2] for row in data} == {world.trajectory.title}
        first_row = data[0]
        activities = rows[0].index(dutch("Activities"))
        note = rows[0].index(dutch("Note"))
        assert first_row[activities] == "'=HYPERLINK(\"http://evil\")"
        assert data[-1][note] == "'+31 6 1234"
        assert data[-1][activities] == "Samen; koken\nmet \"bewoners\""
        actual = rows[0].index(dutch("Actual role"))
        with override("nl"):
            assert first_row[actual] == ""
            assert data[-1][actual] == gettext("Co-thinker")
            assert first_row[rows[0].index(dutch("Kind"))] == gettext("agreement at the start")

    def test_a_formula_in_a_project_name_is_made_inert(self, world, client_for):
        project = make_project(world, name="=1+2")
        assess(project, AssessmentKind.INTERIM, by=world.facilitator, date=days_ago(1))
        rows = read_csv(client_for(world.facilitator).get(murl("project_csv", pk=project.pk)))
        assert {row[1] for row in rows[1:]} == {"'=1+2"}

    def test_an_empty_project_csv_has_only_the_header(self, world, client_for, project):
        assert read_csv(client_for(world.facilitator).get(murl("project_csv", pk=project.pk))) == [dutch_header()]

    def test_the_overview_csv_follows_the_filters(self, world, client_for, project):
        north = Location.objects.create(organisation=world.organisation, name="Noord")
        other = make_project(world, name="Tuin", location=north, start=100)
        assess(project, AssessmentKind.AGREEMENT, by=world.facilitator, date=days_ago(30))
        assess(other, AssessmentKind.INTERIM, by=world.facilitator, date=days_ago(90), activities="@SUM(1)")
        assess(other, AssessmentKind.EVALUATION, by=world.facilitator, date=days_ago(3))
        elsewhere = make_project(
            world, name="Elders", by=world.other_facilitator, organisation=world.other_organisation
        )
        assess(elsewhere, AssessmentKind.INTERIM, by=world.other_facilitator, date=days_ago(1))
        http = client_for(world.quality)
        rows = read_csv(http.get(murl("overview_csv")))
        assert rows[0] == dutch_header()
        # The project 1 × 3 phases × 2 groups, the garden 2 × 3 × 1; nothing of the other organisation.
        assert [row[1] for row in rows[1:]] == ["Meedoen aan tafel"] * 6 + ["Tuin"] * 6
        assert {row[0] for row in rows[1:]} == {world.organisation.name}
        assert "'@SUM(1)" in {row[rows[0].index(dutch("Activities"))] for row in rows[1:]}
        query = {"location": north.pk, "date_from": days_ago(10).isoformat()}
        filtered = read_csv(http.get(murl("overview_csv"), query))
        assert len(filtered) == 1 + 3
        assert {row[3] for row in filtered[1:]} == {"Noord"}


# --- the organisation overview -------------------------------------------------------------------


@pytest.fixture
def overview(world):
    north = Location.objects.create(organisation=world.organisation, name="Noord")
    south = Location.objects.create(organisation=world.organisation, name="Zuid")
    meal = make_project(world, name="Maaltijden", location=north, start=200)
    assess(meal, AssessmentKind.INTERIM, by=world.facilitator, date=days_ago(100),
           roles={(GroupKind.CLIENTS, Phase.EXECUTION): (5, 4, R.LISTENER)}, desired=4, agreed=4, actual=4)
    garden = make_project(world, name="Tuinproject", location=south, start=200)
    assess(garden, AssessmentKind.EVALUATION, by=world.facilitator, date=days_ago(5),
           roles={(GroupKind.CLIENTS, Phase.IMPLEMENTATION): (5, 5, R.THINKER)}, desired=4, agreed=4, actual=4)
    return north, south


class TestOverview:
    def test_quality_staff_see_gaps_signals_and_the_trend(self, world, client_for, overview):
        response = client_for(world.quality).get(murl("overview"))
        assert response.status_code == 200
        page = body(response)
        assert "Maaltijden" in page and "Tuinproject" in page
        assert dutch("Signals: clients only listen or think along") in page
        with override("nl"):
            count = ngettext(
                "%(counter)s project with an interim check or evaluation.",
                "%(counter)s projects with an interim check or evaluation.",
                2,
            ) % {"counter": 2}
        assert count in page
        assert response.context["project_count"] == 2
        assert len(response.context["gaps"]) == 2
        assert len(response.context["signals"]) == 2
        assert response.context["trend"]
        assert_valid_html(response)

    def test_the_location_filter(self, world, client_for, overview):
        north, _south = overview
        response = client_for(world.quality).get(murl("overview"), {"location": north.pk})
        assert response.status_code == 200
        assert response.context["project_count"] == 1
        assert [cell.assessment.project.name for cell in response.context["gaps"]] == ["Maaltijden"]
        # The CSV link keeps the filter.
        assert f"{murl('overview_csv')}?location={north.pk}" in response.content.decode()
        assert_valid_html(response)

    def test_the_period_filter(self, world, client_for, overview):
        response = client_for(world.quality).get(
            murl("overview"), {"date_from": days_ago(30).isoformat(), "date_to": days_ago(0).isoformat()}
        )
        assert response.context["project_count"] == 1
        assert [cell.assessment.project.name for cell in response.context["signals"]] == ["Tuinproject"]
        response = client_for(world.quality).get(
            murl("overview"), {"date_from": days_ago(400).isoformat(), "date_to": days_ago(300).isoformat()}
        )
        assert response.context["project_count"] == 0
        assert dutch("No interim checks or evaluations in this period.") in body(response)
        assert_valid_html(response)

    def test_an_end_before_the_start_is_a_form_error(self, world, client_for, overview):
        response = client_for(world.quality).get(
            murl("overview"), {"date_from": days_ago(1).isoformat(), "date_to": days_ago(10).isoformat()}
        )
        assert response.status_code == 200
        assert dutch("The end date cannot be before the start date.") in body(response)
        assert "distribution" not in response.context  # no figures for a period that does not exist
        assert_valid_html(response)
        # The CSV of an impossible period sends the user back to the form, which says why.
        query = {"date_from": days_ago(1).isoformat(), "date_to": days_ago(10).isoformat()}
        csv_response = client_for(world.quality).get(murl("overview_csv"), query)
        assert csv_response.status_code == 302
        assert csv_response["Location"].startswith(murl("overview") + "?")

    @pytest.mark.parametrize(
        "query",
        [
            {"location": "abc"},
            {"location": "99999999999999999999"},
            {"location": "-1"},
            {"date_from": "2026-02-30"},
            {"date_to": "10000-01-01"},
            {"date_from": "\x00"},
            {"location": "<script>alert(1)</script>"},
        ],
    )
    def test_hostile_filters_are_form_errors(self, world, client_for, overview, query):
        http = client_for(world.quality)
        response = http.get(murl("overview"), query)
        assert response.status_code == 200
        assert response.context["form"].errors
        assert "<script>alert(1)</script>" not in response.content.decode()
        assert http.get(murl("overview_csv"), query).status_code == 302  # back to the form with its errors

    def test_a_location_of_another_organisation_is_refused(self, world, client_for, overview):
        elsewhere = Location.objects.create(organisation=world.other_organisation, name="Elders")
        response = client_for(world.quality).get(murl("overview"), {"location": elsewhere.pk})
        assert response.status_code == 200
        assert "location" in response.context["form"].errors

    def test_an_empty_organisation_has_an_empty_overview(self, world, client_for):
        response = client_for(world.quality).get(murl("overview"))
        assert response.status_code == 200
        assert dutch("No signals.") in body(response)
        assert_valid_html(response)

    def test_the_project_list_links_quality_staff_to_the_overview(self, world, client_for, overview):
        page = client_for(world.quality).get(murl("project_list")).content.decode()
        assert murl("overview") in page
        assert murl("project_create") in page
        page = client_for(world.client).get(murl("project_list")).content.decode()
        assert murl("overview") not in page
        assert murl("project_create") not in page
