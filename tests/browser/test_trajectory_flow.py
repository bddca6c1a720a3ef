"""A whole trajectory in a real browser: the facilitator, two clients and a staff member.

Each person has their own browser context (own login). The test walks the four steps and
checks, page by page, that each group's space stays private until that group shares.
"""

import datetime

from django.utils import timezone

from tests.browser.pages import checked, login, submit, tab_until, trajectory_pk, visit
from trajectories.models import Action, AgendaItem, Topic, Trajectory

NEXT_STEP = "form[action$='/stap/volgende/'] button[type=submit]"
CONFIRM = "main form[method=post] button[type=submit]"


def advance(page, pk: int) -> None:
    visit(page, f"/trajecten/{pk}/")
    submit(page, NEXT_STEP)


def test_four_steps_from_start_to_action_plan(world, open_page):
    facilitator, client, staff = open_page(), open_page(), open_page()

    # The facilitator starts a trajectory and invites a client and a staff member.
    login(facilitator, "fac")
    visit(facilitator, "/trajecten/nieuw/")
    facilitator.fill("input[name=title]", "Je thuis voelen")
    facilitator.fill("input[name=subject]", "Je thuis voelen op de afdeling")
    facilitator.select_option("select[name=care_context]", "elderly")
    submit(facilitator, "main form button[type=submit]")
    pk = trajectory_pk(facilitator)
    assert facilitator.url.endswith(f"/trajecten/{pk}/deelnemers/")
    for user, role in ((world.client, "client"), (world.staff, "staff")):
        facilitator.select_option("select[name=user]", str(user.pk))
        facilitator.select_option("select[name=role]", role)
        submit(facilitator, "main form:has(select[name=user]) button[type=submit]")
    trajectory = Trajectory.objects.get(pk=pk)
    assert set(trajectory.memberships.values_list("user__username", "role")) == {
        ("fac", "facilitator"),
        ("cli", "client"),
        ("stf", "staff"),
    }

    # Step 1: the client adds a topic; the facilitator adds one for a client without an account.
    login(client, "cli")
    visit(client, f"/trajecten/{pk}/verkennen/")
    client.fill("input[name=title]", "Mijn eigen spullen")
    client.check("input[name=theme][value=at_home]")
    client.fill("textarea[name=story]", "Ik wil mijn eigen stoel meenemen.")
    submit(client, "main form[method=post] button[type=submit]")
    own_topic = Topic.objects.get(trajectory=trajectory, title="Mijn eigen spullen")
    assert "Mijn eigen spullen" in client.locator(f"#topic-{own_topic.pk}").inner_text()

    visit(facilitator, f"/trajecten/{pk}/verkennen/")
    facilitator.fill("input[name=on_behalf_of_name]", "Mevrouw Jansen")
    facilitator.fill("input[name=title]", "Bezoek mag altijd komen")
    facilitator.check("input[name=theme][value=social]")
    submit(facilitator, "main form[method=post] button[type=submit]")
    by_jansen = Topic.objects.get(trajectory=trajectory, title="Bezoek mag altijd komen")
    assert (by_jansen.entered_by.user, by_jansen.on_behalf_of_name) == (world.facilitator, "Mevrouw Jansen")

    # Staff cannot see the client space: the page does not exist for them.
    login(staff, "stf")
    visit(staff, f"/trajecten/{pk}/verkennen/", status=404)
    visit(staff, f"/trajecten/{pk}/agenda/", status=404)

    # Step 2: the client builds the agenda and shares one item with staff.
    advance(facilitator, pk)
    visit(client, f"/trajecten/{pk}/agenda/")
    client.fill("input[name=title]", "Eigen meubels op je kamer")
    client.fill("textarea[name=why]", "Dan voelt het als thuis.")
    client.check(f"input[name=topics][value='{own_topic.pk}']")
    submit(client, "main form[method=post] button[type=submit]")
    client.fill("input[name=title]", "Nog niet delen")
    submit(client, "main form[method=post].choice-list button[type=submit]")
    shared = AgendaItem.objects.get(trajectory=trajectory, title="Eigen meubels op je kamer")
    submit(client, f"a[href$='/agenda/{shared.pk}/delen/']")
    submit(client, CONFIRM)
    shared.refresh_from_db()
    assert shared.is_shared

    # Step 3: staff reflect privately and share a summary with clients.
    advance(facilitator, pk)
    visit(staff, f"/trajecten/{pk}/medewerkers/")
    staff_text = staff.locator("main").inner_text()
    assert "Eigen meubels op je kamer" in staff_text
    assert "Nog niet delen" not in staff_text, "an unshared agenda item reached staff"
    staff.select_option("select[name=reflection-agenda_item]", str(shared.pk))
    staff.fill("textarea[name=reflection-text]", "Brandveiligheid is een zorg bij eigen meubels.")
    submit(staff, "form:has(input[name=reflection]) button[type=submit]")
    staff.fill("textarea[name=summary-text]", "We willen graag kijken wat kan, samen met de brandweer.")
    submit(staff, "form:has(input[name=summary]) button[type=submit]")
    submit(staff, "form[action$='/medewerkers/samenvatting/delen/'] button[type=submit]")
    visit(client, f"/trajecten/{pk}/medewerkers/", status=404)

    # Step 4: the facilitator writes down the dialogue and an action; everybody reads the plan.
    advance(facilitator, pk)
    visit(facilitator, f"/trajecten/{pk}/dialoog/")
    submit(facilitator, f"a[href$='/dialoog/{shared.pk}/']")
    facilitator.fill("textarea[name=heard]", "Cliënten willen eigen meubels; medewerkers denken aan veiligheid.")
    facilitator.fill("textarea[name=agreed]", "Eigen stoel mag, na een check.")
    submit(facilitator, "main form[method=post] button[type=submit]")
    submit(facilitator, f"a[href$='/acties/nieuw/?item={shared.pk}']")
    due = timezone.localdate() + datetime.timedelta(days=30)
    facilitator.fill("textarea[name=what], input[name=what]", "Lijst met toegestane meubels maken")
    facilitator.select_option("select[name=owner]", str(trajectory.memberships.get(user=world.staff).pk))
    facilitator.fill("input[name=due_date]", due.isoformat())
    submit(facilitator, "main form[method=post] button[type=submit]")
    action = Action.objects.get(trajectory=trajectory)
    assert (action.agenda_item, action.due_date) == (shared, due)

    for person in (client, staff):
        visit(person, f"/trajecten/{pk}/dialoog/")
        plan = person.locator("main").inner_text()
        assert "We willen graag kijken wat kan, samen met de brandweer." in plan
        assert "Eigen stoel mag, na een check." in plan
        assert "Lijst met toegestane meubels maken" in plan
        # Step 4 shows the shared summary, never the individual staff reflections.
        assert "Brandveiligheid is een zorg" not in plan
    visit(client, f"/trajecten/{pk}/")
    assert client.locator("[aria-current=step]").count() == 1


def test_a_client_adds_a_topic_with_the_keyboard_only(world, open_page):
    page = open_page()
    login(page, "cli")
    visit(page, f"/trajecten/{world.trajectory.pk}/verkennen/")

    # The first Tab reaches the skip link, which moves focus to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    page.keyboard.press("Enter")
    tab_until(page, "el.name === 'title'")
    page.keyboard.type("Rustig eten")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "theme"
    # Arrow keys move through the themes and choose the one that has focus.
    for _ in range(10):
        if page.evaluate("document.querySelector('input[name=theme]:checked')?.value") == "treatment":
            break
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "treatment"
    tab_until(page, "el.name === 'story'")
    page.keyboard.type("Het is te druk aan tafel.")
    tab_until(page, "el.type === 'submit' && el.closest('form.choice-list') !== null")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    checked(page)

    topic = Topic.objects.get(trajectory=world.trajectory)
    assert (topic.title, topic.theme, topic.story) == ("Rustig eten", "treatment", "Het is te druk aan tafel.")
    assert topic.author.user == world.client


def test_a_refused_form_keeps_what_the_client_typed(world, open_page):
    page = open_page()
    login(page, "cli")
    visit(page, f"/trajecten/{world.trajectory.pk}/verkennen/")
    page.fill("textarea[name=story]", "Een lang verhaal dat niet verloren mag gaan.")
    submit(page, "main form[method=post] button[type=submit]")
    assert page.input_value("textarea[name=story]") == "Een lang verhaal dat niet verloren mag gaan."
    assert page.locator("input[name=title][aria-invalid=true], input[name=title].is-invalid").count() == 1
    assert not Topic.objects.exists()


def test_the_interface_switches_to_english_and_back(world, open_page):
    page = open_page()
    login(page, "fac")
    assert page.evaluate("document.documentElement.lang") == "nl"
    page.select_option("select[name=language]", "en")
    submit(page, "form[action$='/taal/setlang/'] button[type=submit]")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.select_option("select[name=language]", "nl")
    submit(page, "form[action$='/taal/setlang/'] button[type=submit]")
    assert page.evaluate("document.documentElement.lang") == "nl"


def test_pages_on_a_phone_pass_axe_and_keep_the_step_visible(world, open_page):
    """Clients often use their own phone: the narrow layout must be just as accessible."""
    from trajectories.core import services

    gerda = world.membership(world.client)
    item = services.agenda_item_create(trajectory=world.trajectory, by=gerda, title="Rustig eten")
    services.agenda_item_share(item=item, by=gerda)
    for _ in range(3):
        services.step_advance(trajectory=world.trajectory, by=world.facilitator)
    services.action_create(
        trajectory=world.trajectory,
        by=world.membership(world.facilitator),
        what="Een rustige tafel bij het raam",
        agenda_item=item,
        owner=world.membership(world.staff),
        due_date=timezone.localdate() + datetime.timedelta(days=14),
    )
    page = open_page(viewport=(390, 844))
    login(page, "cli")
    for path in ("/", f"/trajecten/{world.trajectory.pk}/", f"/trajecten/{world.trajectory.pk}/verkennen/",
                 f"/trajecten/{world.trajectory.pk}/agenda/", f"/trajecten/{world.trajectory.pk}/dialoog/"):
        visit(page, path)
    assert page.locator("main").inner_text().count("Een rustige tafel bij het raam") >= 1


def test_follow_up_an_action_and_record_a_review(world, open_page):
    """Step 4 goes on: the owner writes how an action is going, the facilitator changes its status
    and records a review; every page passes axe."""
    from trajectories.core import services
    from trajectories.models import ActionProgress, Review
    from trajectories.plan import services as plan_services

    trajectory = world.trajectory
    gerda, sanne = world.membership(world.client), world.membership(world.staff)
    item = services.agenda_item_create(trajectory=trajectory, by=gerda, title="Rustig eten")
    services.agenda_item_share(item=item, by=gerda)
    for _ in range(3):
        services.step_advance(trajectory=trajectory, by=world.facilitator)
    action = services.action_create(
        trajectory=trajectory, by=world.membership(world.facilitator), what="Medicijnronde verplaatsen",
        agenda_item=item, owner=sanne, co_owners=[gerda], steps="Apotheek bellen\nRooster aanpassen",
        due_date=timezone.localdate() + datetime.timedelta(days=14),
    )
    for side, member in (("clients", gerda), ("staff", sanne)):
        plan_services.plan_signoff(trajectory=trajectory, side=side, member=member, recorded_by=world.facilitator)
    pk = trajectory.pk

    # The staff member who owns the action adds a progress note from the dialogue page.
    staff = open_page()
    login(staff, "stf")
    visit(staff, f"/trajecten/{pk}/dialoog/")
    submit(staff, f"a[href$='/acties/{action.pk}/']")
    staff.fill("textarea[name=text]", "Apotheek gebeld: voortaan om half zeven.")
    submit(staff, "form:has(textarea[name=text]) button[type=submit]")
    assert ActionProgress.objects.get(action=action).by == sanne
    assert "Apotheek gebeld" in staff.locator("#progress").inner_text()

    # The facilitator stops it with a reason; without one, the form says why and keeps the text.
    facilitator = open_page()
    login(facilitator, "fac")
    visit(facilitator, f"/trajecten/{pk}/acties/{action.pk}/bewerken/")
    facilitator.select_option("select[name=status]", "stopped")
    facilitator.fill("textarea[name=steps]", "Eerst de arts spreken")
    submit(facilitator, "main form[method=post] button[type=submit]")
    assert facilitator.input_value("textarea[name=steps]") == "Eerst de arts spreken"
    assert facilitator.locator("textarea[name=status_reason][aria-invalid=true]").count() == 1
    facilitator.fill("textarea[name=status_reason]", "De arts wil de tijden zo houden.")
    submit(facilitator, "main form[method=post] button[type=submit]")
    action.refresh_from_db()
    assert (action.status, action.status_reason) == ("stopped", "De arts wil de tijden zo houden.")

    # A review after some months: per action a status and what changed for clients.
    visit(facilitator, f"/trajecten/{pk}/dialoog/")
    submit(facilitator, "a[href$='/evaluaties/nieuw/']")
    facilitator.fill("input[name=title]", "Na 3 maanden")
    facilitator.fill("textarea[name=summary]", "Het is rustiger aan tafel.")
    assert facilitator.input_value(f"select[name=action-{action.pk}-status]") == "stopped"
    facilitator.fill(f"textarea[name=action-{action.pk}-what_changed]", "Nog niets veranderd.")
    submit(facilitator, "main form[method=post] button[type=submit]")
    review = Review.objects.get(trajectory=trajectory)
    assert facilitator.url.endswith(f"/evaluaties/{review.pk}/")
    assert "Nog niets veranderd." in facilitator.locator("main").inner_text()

    # Clients read the review and the action, with the reason.
    client = open_page()
    login(client, "cli")
    visit(client, f"/trajecten/{pk}/evaluaties/{review.pk}/")
    visit(client, f"/trajecten/{pk}/acties/{action.pk}/")
    assert "De arts wil de tijden zo houden." in client.locator("main").inner_text()
