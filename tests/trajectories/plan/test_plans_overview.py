"""Quality staff follow every action plan of their organisation: the overview with its filters,
the CSV of the actions, one PDF of several plans, and overdue actions on the dashboard."""

import csv
import datetime
import html
import io
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext, override
from guardian.shortcuts import assign_perm
from pypdf import PdfReader

from partner.csv_export import BYTE_ORDER_MARK
from tests import factories
from tests.html import assert_valid_html
from tests.query_counts import Scenario, assert_query_counts
from tests.world import ROLES
from trajectories.core import services
from trajectories.models import Action, ActionStatus, Location, MemberRole, OrganisationRole, SignoffSide, Theme
from trajectories.permissions import Perm
from trajectories.plan import services as plan_services
from trajectories.plan.document import plan_document_context
from trajectories.plan.views import plans_overview

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("trajectories:plans_overview")
CSV_URL = reverse("trajectories:actions_csv")
PDF_URL = reverse("trajectories:plans_pdf")


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def make_overdue(action: Action, days: int = 3) -> None:
    """Services refuse a date in the past; time passing is simulated in the database."""
    Action.objects.filter(pk=action.pk).update(due_date=in_days(-days))


def make_plan(world, title, *, location=None, theme=Theme.FOOD, actions=(), organisation=None, facilitator=None):
    """A trajectory with a shared agenda item (from a topic of ``theme``) and ``actions``.

    ``actions`` are (what, extra fields for ``action_create``); the staff member owns them.
    """
    facilitator = facilitator or world.facilitator
    organisation = organisation or world.organisation
    trajectory = factories.trajectory_for(facilitator, organisation, title=title, subject=title, location=location)
    lead = trajectory.memberships.get(user=facilitator)
    if organisation == world.organisation:
        client = factories.add_member(trajectory, world.client, MemberRole.CLIENT, by=facilitator)
        staff = factories.add_member(trajectory, world.staff, MemberRole.STAFF, by=facilitator)
    else:
        client = factories.add_member(
            trajectory, factories.person(organisation, username=f"c-{title}"), MemberRole.CLIENT, by=facilitator
        )
        staff = factories.add_member(
            trajectory, factories.person(organisation, username=f"s-{title}"), MemberRole.STAFF, by=facilitator
        )
    topic = factories.topic(trajectory, client, title=f"Onderwerp {title}", theme=theme)
    item = services.agenda_item_create(trajectory=trajectory, by=client, title=f"Agendapunt {title}", topics=[topic])
    services.agenda_item_share(item=item, by=client)
    made = []
    for what, extra in actions:
        fields = {"owner": staff, "due_date": in_days(30), "agenda_item": item, **extra}
        made.append(services.action_create(trajectory=trajectory, by=lead, what=what, **fields))
    trajectory.lead, trajectory.client_member, trajectory.staff_member, trajectory.item = lead, client, staff, item
    trajectory.made = made
    return trajectory


def agree(trajectory, by):
    plan_services.plan_signoff(
        trajectory=trajectory, side=SignoffSide.CLIENTS, member=trajectory.client_member, recorded_by=by
    )
    return plan_services.plan_signoff(
        trajectory=trajectory, side=SignoffSide.STAFF, member=trajectory.staff_member, recorded_by=by
    )


@pytest.fixture
def plans(world):
    """Two plans at two locations, different themes and statuses, and one of another organisation."""
    north = Location.objects.create(organisation=world.organisation, name="Noord")
    south = Location.objects.create(organisation=world.organisation, name="Zuid")
    meals = make_plan(
        world, "Maaltijden", location=north, theme=Theme.FOOD,
        actions=[("Menukaart met foto's", {}), ("Later ontbijten", {}), ("Proefavond", {})],
    )
    agree(meals, world.facilitator)
    meals_actions = meals.made
    services.action_update(
        action=meals_actions[1], by=meals.lead, what="Later ontbijten", owner=meals.staff_member,
        due_date=meals_actions[1].due_date, status=ActionStatus.DONE, agenda_item=meals.item,
    )
    make_overdue(meals_actions[0])
    garden = make_plan(
        world, "Tuin", location=south, theme=Theme.SOCIAL,
        actions=[("Moestuinbakken", {"status": ActionStatus.IN_PROGRESS}), ("Bankje bij de vijver", {})],
    )
    # A stopped action is finished: never overdue, even when its date has passed.
    services.action_update(
        action=garden.made[1], by=garden.lead, what="Bankje bij de vijver", owner=garden.staff_member,
        due_date=garden.made[1].due_date, status=ActionStatus.STOPPED, status_reason="Geen budget",
        agenda_item=garden.item,
    )
    make_overdue(garden.made[1])
    elsewhere = make_plan(
        world, "Elders", organisation=world.other_organisation, facilitator=world.other_facilitator,
        actions=[("Geheim plan", {})],
    )
    make_overdue(elsewhere.made[0])
    return {"north": north, "south": south, "meals": meals, "garden": garden, "elsewhere": elsewhere}


def page(response) -> str:
    return html.unescape(response.content.decode())


def read_csv(response) -> list[list[str]]:
    content = response.content.decode("utf-8")
    assert content.startswith(BYTE_ORDER_MARK)
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def pdf_pages(response) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


# --- who gets in ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_quality_staff_get_in(role, world, plans, client_for):
    http = client_for(world.user(role))
    urls = [OVERVIEW, CSV_URL, f"{PDF_URL}?traject={plans['meals'].pk}"]
    for url in urls:
        response = http.get(url)
        if role == "quality":
            assert response.status_code == 200, url
        elif role == "anonymous":
            assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url
        else:
            assert response.status_code == 404, f"{role} must get 404 on {url}"


def test_quality_staff_of_another_organisation_see_only_their_own(world, plans, client_for):
    elsewhere = factories.person(world.other_organisation, username="qua2", role=OrganisationRole.QUALITY)
    http = client_for(elsewhere)
    response = http.get(OVERVIEW)
    assert [plan.title for plan in response.context["plans"]] == ["Elders"]
    assert "Maaltijden" not in page(response)
    rows = read_csv(http.get(CSV_URL))
    assert [row[1] for row in rows[1:]] == ["Elders"]
    assert http.get(PDF_URL, {"traject": plans["meals"].pk}).status_code == 404


# --- the overview ---------------------------------------------------------------------------------


def test_the_overview_lists_plans_and_actions_of_the_organisation(world, plans, client_for):
    response = client_for(world.quality).get(OVERVIEW)
    assert response.status_code == 200
    assert_valid_html(response)
    rows = {plan.title: plan for plan in response.context["plans"]}
    assert set(rows) == {"Maaltijden", "Tuin"}
    meals, garden = rows["Maaltijden"], rows["Tuin"]
    assert (meals.action_count, meals.done_count, meals.overdue_count) == (3, 1, 1)
    assert (garden.action_count, garden.done_count, garden.overdue_count) == (2, 0, 0)
    # The meal plan was agreed (version 1); changing a status is follow-up, not a new version.
    assert meals.version_number == 1 and meals.version_agreed_at is not None
    assert garden.version_number is None and garden.version_agreed_at is None  # no version before a sign-off
    text = page(response)
    assert "Geheim plan" not in text and "Elders" not in text
    # Per trajectory (by title), then by date.
    assert [action.what for action in response.context["actions"]] == [
        "Menukaart met foto's", "Later ontbijten", "Proefavond", "Bankje bij de vijver", "Moestuinbakken",
    ]
    for trajectory in (plans["meals"], plans["garden"]):
        assert reverse("trajectories:plan", kwargs={"pk": trajectory.pk}) in text
        assert reverse("trajectories:plan_pdf", kwargs={"pk": trajectory.pk}) in text
        assert f'name="traject" value="{trajectory.pk}"' in text
    assert f'action="{PDF_URL}"' in text
    with override("nl"):
        assert gettext("not agreed yet") in text
        overdue = gettext("overdue")
    # Overdue is said in words, not only with a colour: exactly the one open, late action.
    assert text.count(f'<span class="badge text-bg-danger">{overdue}</span>') == 1
    assert CSV_URL in text


def test_overdue_is_marked_on_the_overdue_action_only(world, plans, client_for):
    response = client_for(world.quality).get(OVERVIEW)
    with override("nl"):
        overdue = gettext("overdue")
    rows = re.findall(r"<tr>.*?</tr>", page(response), flags=re.S)
    marked = [row for row in rows if f"badge text-bg-danger\">{overdue}<" in row]
    assert len(marked) == 1 and "Menukaart met foto's" in marked[0]
    stopped = next(row for row in rows if "Bankje bij de vijver" in row)
    assert f">{overdue}<" not in stopped and "Geen budget" in stopped


def test_the_location_filter(world, plans, client_for):
    http = client_for(world.quality)
    response = http.get(OVERVIEW, {"location": plans["north"].pk})
    assert [plan.title for plan in response.context["plans"]] == ["Maaltijden"]
    assert {action.trajectory.title for action in response.context["actions"]} == {"Maaltijden"}
    # The CSV link keeps the filter.
    assert f"{CSV_URL}?location={plans['north'].pk}" in response.content.decode()
    assert_valid_html(response)


def test_the_status_filter(world, plans, client_for):
    response = client_for(world.quality).get(OVERVIEW, {"status": ActionStatus.IN_PROGRESS})
    assert [action.what for action in response.context["actions"]] == ["Moestuinbakken"]
    assert [plan.title for plan in response.context["plans"]] == ["Tuin"]
    response = client_for(world.quality).get(OVERVIEW, {"status": ActionStatus.STOPPED})
    assert [action.what for action in response.context["actions"]] == ["Bankje bij de vijver"]


def test_the_overdue_filter(world, plans, client_for):
    response = client_for(world.quality).get(OVERVIEW, {"overdue": "on"})
    assert [action.what for action in response.context["actions"]] == ["Menukaart met foto's"]
    assert [plan.title for plan in response.context["plans"]] == ["Maaltijden"]
    assert_valid_html(response)


def test_the_theme_filter(world, plans, client_for):
    response = client_for(world.quality).get(OVERVIEW, {"theme": Theme.SOCIAL})
    assert {action.what for action in response.context["actions"]} == {"Moestuinbakken", "Bankje bij de vijver"}
    assert [plan.title for plan in response.context["plans"]] == ["Tuin"]
    response = client_for(world.quality).get(OVERVIEW, {"theme": Theme.SAFETY})
    assert response.context["actions"] == [] and response.context["plans"] == []
    assert_valid_html(response)


def test_an_agenda_item_from_two_topics_of_one_theme_lists_its_action_once(world, plans, client_for):
    meals = plans["meals"]
    second = factories.topic(meals, meals.client_member, title="Nog een", theme=Theme.FOOD)
    item = services.agenda_item_create(trajectory=meals, by=meals.client_member, title="Twee bronnen",
                                       topics=[second, meals.item.topics.get()])
    services.agenda_item_share(item=item, by=meals.client_member)
    services.action_create(trajectory=meals, by=meals.lead, what="Eén keer", owner=meals.staff_member,
                           due_date=in_days(5), agenda_item=item)
    response = client_for(world.quality).get(OVERVIEW, {"theme": Theme.FOOD})
    whats = [action.what for action in response.context["actions"]]
    assert whats.count("Eén keer") == 1
    assert [plan.title for plan in response.context["plans"]] == ["Maaltijden"]
    assert response.context["plans"][0].action_count == 4


def test_filters_combine(world, plans, client_for):
    response = client_for(world.quality).get(
        OVERVIEW, {"location": plans["south"].pk, "status": ActionStatus.PROPOSED, "theme": Theme.FOOD}
    )
    assert response.context["actions"] == []
    assert response.context["plans"] == []


@pytest.mark.parametrize(
    "query",
    [
        {"location": "abc"},
        {"location": "99999999999999999999"},
        {"location": "-1"},
        {"location": "\x00"},
        {"status": "nonsense"},
        {"status": "<script>alert(1)</script>"},
        {"theme": "9" * 400},
        {"theme": "\x00"},
    ],
)
def test_hostile_filters_are_form_errors(world, plans, client_for, query):
    http = client_for(world.quality)
    response = http.get(OVERVIEW, query)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "plans" not in response.context and "actions" not in response.context
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert_valid_html(response)
    back = http.get(CSV_URL, query)
    assert back.status_code == 302
    assert back["Location"].startswith(OVERVIEW + "?")


def test_an_odd_overdue_value_is_just_a_tick(world, plans, client_for):
    response = client_for(world.quality).get(OVERVIEW, {"overdue": "\x00<b>"})
    assert response.status_code == 200


def test_a_location_of_another_organisation_is_refused(world, plans, client_for):
    elsewhere = Location.objects.create(organisation=world.other_organisation, name="Daar")
    response = client_for(world.quality).get(OVERVIEW, {"location": elsewhere.pk})
    assert "location" in response.context["form"].errors


def test_an_organisation_without_plans(world, client_for):
    response = client_for(world.quality).get(OVERVIEW)
    assert response.status_code == 200
    assert response.context["plans"] == [] and response.context["actions"] == []
    assert_valid_html(response)


# --- CSV ------------------------------------------------------------------------------------------


def test_the_csv_has_one_row_per_action(world, plans, client_for):
    meals = plans["meals"]
    colleague = factories.person(world.organisation, username="collega", first_name="Cor")
    co_owner = factories.add_member(meals, colleague, MemberRole.STAFF, by=world.facilitator)
    services.action_create(
        trajectory=meals, by=meals.lead, what='=HYPERLINK("http://evil")', owner=meals.staff_member,
        co_owners=[co_owner], due_date=in_days(10), agenda_item=meals.item,
        steps='Samen; koken\nmet "bewoners"', review_date=in_days(40),
        status=ActionStatus.ADJUSTED, status_reason="+31 6 1234",
    )
    response = client_for(world.quality).get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="acties-{timezone.localdate():%Y-%m-%d}.csv"'
    rows = read_csv(response)
    with override("nl"):
        header = plans_overview._csv_header()
        yes, no = gettext("yes"), gettext("no")
        adjusted = ActionStatus.ADJUSTED.label
        stopped = str(ActionStatus.STOPPED.label)
    assert rows[0] == header
    data = {row[4]: dict(zip(header, row)) for row in rows[1:]}
    assert len(rows) == 1 + 6
    assert "Geheim plan" not in data
    evil = data['\'=HYPERLINK("http://evil")']
    assert list(evil.values()) == [
        world.organisation.name,
        "Maaltijden",
        "Noord",
        "Agendapunt Maaltijden",
        '\'=HYPERLINK("http://evil")',
        'Samen; koken\nmet "bewoners"',
        "Sanne, Cor",
        in_days(10).isoformat(),
        str(adjusted),
        "'+31 6 1234",
        no,
        in_days(40).isoformat(),
    ]
    assert data["Menukaart met foto's"][header[10]] == yes
    assert data["Bankje bij de vijver"][header[10]] == no
    assert data["Bankje bij de vijver"][header[8]] == stopped
    assert data["Bankje bij de vijver"][header[9]] == "Geen budget"
    assert data["Moestuinbakken"][header[11]] == ""


def test_the_csv_follows_the_filters(world, plans, client_for):
    http = client_for(world.quality)
    rows = read_csv(http.get(CSV_URL, {"location": plans["south"].pk}))
    assert {row[1] for row in rows[1:]} == {"Tuin"} and len(rows) == 3
    rows = read_csv(http.get(CSV_URL, {"overdue": "on"}))
    assert [row[4] for row in rows[1:]] == ["Menukaart met foto's"]
    rows = read_csv(http.get(CSV_URL, {"theme": Theme.SAFETY}))
    assert len(rows) == 1


def test_a_formula_in_a_trajectory_title_is_made_inert(world, client_for):
    make_plan(world, "-2+3", actions=[("@SUM(A1)", {})])
    rows = read_csv(client_for(world.quality).get(CSV_URL))
    assert rows[1][1] == "'-2+3" and rows[1][4] == "'@SUM(A1)"


# --- one PDF of several plans ---------------------------------------------------------------------


def test_one_pdf_of_two_plans(world, plans, client_for):
    meals, garden = plans["meals"], plans["garden"]
    response = client_for(world.quality).get(PDF_URL, {"traject": [garden.pk, meals.pk]})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="actieplannen-')
    pages = pdf_pages(response)
    text = "\n".join(pages)
    for what in ("Menukaart met foto's", "Later ontbijten", "Proefavond", "Moestuinbakken", "Bankje bij de vijver"):
        assert what in text, what
    assert "Geheim plan" not in text
    # Each plan starts on a page of its own, in the order of the overview.
    starts = [number for number, content in enumerate(pages) if "Tuin" in content and "Moestuinbakken" in content]
    assert starts and "Menukaart" not in pages[starts[0]]
    assert text.index("Menukaart") < text.index("Moestuinbakken")


def test_the_combined_pdf_shows_each_plan_as_its_own_pdf_does(world, plans):
    """The combined template passes every part of the plan on to the shared section."""
    section = re.compile(r'<section class="plan-document">.*?</section>', re.S)
    for trajectory in (plans["meals"], plans["garden"]):
        context = plan_document_context(trajectory=trajectory)
        single = section.findall(render_to_string("trajectories/plan/pdf.html", context))
        combined = section.findall(
            render_to_string("trajectories/plan/overview_pdf.html", {"plans": [context], "organisation": world.organisation,
                                                             "generated_at": timezone.localtime()})
        )
        assert single and single == combined


@pytest.mark.parametrize("which", ["foreign", "missing", "mixed", "garbage", "huge", "negative"])
def test_a_plan_that_is_not_theirs_is_not_found(which, world, plans, client_for):
    meals, elsewhere = plans["meals"], plans["elsewhere"]
    traject = {
        "foreign": [elsewhere.pk],
        "missing": [elsewhere.pk + 1000],
        "mixed": [meals.pk, elsewhere.pk],
        "garbage": [meals.pk, "abc"],
        "huge": ["99999999999999999999"],
        "negative": ["-1"],
    }[which]
    assert client_for(world.quality).get(PDF_URL, {"traject": traject}).status_code == 404


def test_a_plan_of_another_organisation_is_not_theirs_even_as_a_member(world, plans, client_for):
    """Quality staff who also take part elsewhere still get only their own organisation's plans."""
    elsewhere = plans["elsewhere"]
    # The services refuse such a membership; the permission alone must not be enough either.
    assign_perm(Perm.VIEW, world.quality, elsewhere)
    assert client_for(world.quality).get(reverse("trajectories:plan", kwargs={"pk": elsewhere.pk})).status_code == 200
    assert client_for(world.quality).get(PDF_URL, {"traject": elsewhere.pk}).status_code == 404


def test_no_choice_sends_back_with_a_message(world, plans, client_for):
    http = client_for(world.quality)
    response = http.get(PDF_URL)
    assert response.status_code == 302 and response["Location"] == OVERVIEW
    followed = http.get(response["Location"])
    assert [str(message) for message in followed.context["messages"]]
    assert_valid_html(followed)


def test_too_many_plans_send_back_with_a_message(world, plans, client_for, monkeypatch):
    monkeypatch.setattr(plans_overview, "MAX_PLANS_PER_PDF", 1)
    response = client_for(world.quality).get(PDF_URL, {"traject": [plans["meals"].pk, plans["garden"].pk]})
    assert response.status_code == 302 and response["Location"] == OVERVIEW


def test_a_plan_chosen_twice_is_in_the_pdf_once(world, plans, client_for):
    meals = plans["meals"]
    response = client_for(world.quality).get(PDF_URL, {"traject": [meals.pk, meals.pk]})
    assert "\n".join(pdf_pages(response)).count("Proefavond") == 1


# --- the dashboard ----------------------------------------------------------------------------------


def test_the_dashboard_flags_overdue_actions(world, plans, client_for):
    response = client_for(world.quality).get(reverse("trajectories:dashboard"))
    rows = {trajectory.title: trajectory for trajectory in response.context["trajectories"]}
    assert rows["Maaltijden"].overdue_count == 1
    assert rows["Tuin"].overdue_count == 0  # the late one was stopped
    with override("nl"):
        assert ngettext("%(counter)s overdue", "%(counter)s overdue", 1) % {"counter": 1} in page(response)
    assert OVERVIEW in response.content.decode()
    assert_valid_html(response)


def test_the_dashboard_links_only_quality_staff_to_the_plans(world, plans, client_for):
    for user in (world.facilitator, world.client, world.staff):
        response = client_for(user).get(reverse("trajectories:dashboard"))
        assert OVERVIEW not in response.content.decode()
    rows = {t.title: t for t in client_for(world.staff).get(reverse("trajectories:dashboard")).context["trajectories"]}
    assert rows["Maaltijden"].overdue_count == 1


def test_the_dashboard_counts_each_overdue_action_once(world, plans, client_for):
    """Many members and many actions: the count is not multiplied by the join."""
    meals = plans["meals"]
    for i in range(3):
        factories.add_member(meals, factories.person(world.organisation, username=f"extra{i}"), MemberRole.CLIENT,
                             by=world.facilitator)
    extra = services.action_create(trajectory=meals, by=meals.lead, what="Nog een", owner=meals.staff_member,
                                   due_date=in_days(1), agenda_item=meals.item)
    make_overdue(extra)
    rows = {t.title: t for t in client_for(world.facilitator).get(reverse("trajectories:dashboard")).context[
        "trajectories"]}
    assert rows["Maaltijden"].overdue_count == 2
    assert rows["Maaltijden"].member_count == 3 + 3


# --- query counts -----------------------------------------------------------------------------------


def _build_plans(world, n):
    location = Location.objects.create(organisation=world.organisation, name=f"Locatie {n}")
    for i in range(1, n + 1):
        trajectory = make_plan(
            world, f"Plan {i:02d}", location=location if i % 2 else None,
            theme=[Theme.FOOD, Theme.SOCIAL][i % 2], actions=[(f"Actie {i:02d}a", {}), (f"Actie {i:02d}b", {})],
        )
        colleague = factories.add_member(
            trajectory, factories.person(world.organisation, username=f"co{n}-{i}"), MemberRole.STAFF,
            by=world.facilitator,
        )
        services.action_update(
            action=trajectory.made[0], by=trajectory.lead, what=f"Actie {i:02d}a", owner=trajectory.staff_member,
            co_owners=[colleague], due_date=trajectory.made[0].due_date, status=ActionStatus.IN_PROGRESS,
            agenda_item=trajectory.item,
        )
        if i % 3 == 0:
            agree(trajectory, world.facilitator)
        if i % 4 == 0:
            make_overdue(trajectory.made[1])
    return f"Actie {n:02d}b"


def _dashboard(world, target):
    return reverse("trajectories:dashboard")


def _actions_listed(response, n):
    assert response.context["actions"]


def _one_row_per_action(response, n):
    assert len(read_csv(response)) == 1 + 2 * n


# (name, role, builder, url, ceiling: the most queries the page may run, today's count + 3)
PLAN_SCENARIOS = [
    Scenario("overview", "quality", _build_plans, lambda world, target: OVERVIEW, 18),
    Scenario("overview-filtered", "quality", _build_plans, lambda world, target: OVERVIEW, 17,
             markers=lambda n: [], query={"theme": Theme.FOOD, "status": ActionStatus.PROPOSED},
             check=_actions_listed),
    Scenario("actions-csv", "quality", _build_plans, lambda world, target: CSV_URL, 17,
             markers=lambda n: [], check=_one_row_per_action),
    Scenario("dashboard", "quality", _build_plans, _dashboard, 14, markers=lambda n: [f"Plan {n:02d}"]),
]


@pytest.mark.parametrize("scenario", PLAN_SCENARIOS, ids=[scenario.id for scenario in PLAN_SCENARIOS])
def test_the_query_count_does_not_grow_with_plans(world, client_for, scenario):
    assert_query_counts(scenario, world, client_for, (5, 50))
