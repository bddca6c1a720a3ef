"""The facilitator's toolkit in a real browser: find methods in the library, plan a session with
two of them, read their guides, print the facilitator card; a tailored trajectory from a template;
lessons that another facilitator finds by theme. Every page visited passes axe."""

from pypdf import PdfReader

from tests import factories
from tests.browser.pages import login, submit, visit
from trajectories.core import services
from trajectories.models import Lesson, Meeting, Method, OrganisationRole, Trajectory
from trajectories.toolkit import method_services, tailoring_services

SUBMIT = "main form[method=post] button[type=submit]"


def test_plan_a_session_with_two_methods_and_print_the_card(world, open_page):
    method_services.starting_library_sync()
    tailoring_services.starting_templates_sync()
    pk = world.trajectory.pk
    page = open_page()
    login(page, "fac")

    # The library, filtered: staff methods for step 3, and a search in Dutch.
    visit(page, "/werkvormen/?step=3&group=staff")
    assert page.locator("main li.card").count() == Method.objects.filter(steps_code__contains=",3,", group="staff").count()
    visit(page, "/werkvormen/?q=wandel")
    assert "Wandelgesprek" in page.locator("main").inner_text()

    # Plan a session and pick two methods.
    visit(page, f"/trajecten/{pk}/bijeenkomsten/nieuw/")
    page.fill("input[name=title]", "Foto's en een wandeling")
    page.fill("input[name=date]", "2027-03-15")
    page.select_option("select[name=group]", "clients")
    for key in ("photovoice", "walk-along"):
        page.check(f"input[name=methods][value='{Method.objects.get(builtin_key=key).pk}']")
    submit(page, SUBMIT)
    meeting = Meeting.objects.get(title="Foto's en een wandeling")
    assert [planned.method.builtin_key for planned in meeting.planned_methods.order_by("method__name")] == [
        "photovoice", "walk-along",
    ]

    # The session page shows each method's guide; the card prints as one PDF page.
    submit(page, f"main a[href$='/bijeenkomsten/{meeting.pk}/']")
    guides = page.locator("main section.card")
    assert guides.count() == 2
    assert "Zo doe je het" in guides.first.inner_text()
    with page.expect_download() as download_info:
        page.click(f"main a[href$='/bijeenkomsten/{meeting.pk}/kaart/']")
    reader = PdfReader(download_info.value.path())
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert len(reader.pages) == 1
    assert "Wandelgesprek" in text and "Foto's met een onderschrift" in text
    assert reader.trailer["/Root"]["/Lang"] == "nl"


def test_a_tailored_trajectory_from_a_template_and_lessons_another_facilitator_finds(world, open_page):
    method_services.starting_library_sync()
    tailoring_services.starting_templates_sync()
    page = open_page()
    login(page, "fac")
    visit(page, "/")
    submit(page, "main a[href='/sjablonen/']")
    submit(page, "main li.card h2 a >> nth=0")
    page.fill("input[name=title]", "Samen thuis")
    page.fill("input[name=start_date]", "2027-04-05")
    submit(page, SUBMIT)
    trajectory = Trajectory.objects.get(title="Samen thuis")
    assert trajectory.meetings.count() > 0 and page.url.endswith(f"/trajecten/{trajectory.pk}/deelnemers/")

    visit(page, f"/trajecten/{trajectory.pk}/op-maat/")
    page.check("input[name=participant_groups][value=client_council]")
    page.fill("textarea[name=step_2]", "Bewoners kiezen samen met stickers.")
    submit(page, SUBMIT)
    assert "Bewoners kiezen samen met stickers." in page.locator("main").inner_text()

    # At the end: close, record the lesson with a rating per method used.
    services.trajectory_close(trajectory=trajectory, by=world.facilitator)
    visit(page, f"/trajecten/{trajectory.pk}/")
    submit(page, f"main a[href$='/trajecten/{trajectory.pk}/lessen/nieuw/']")
    page.fill("textarea[name=what_worked]", "Stickers maakten kiezen makkelijk.")
    page.check("input[name=themes][value=at_home]")
    first_rating = page.locator("main select[name^='method-']").first
    first_rating.select_option("5")
    submit(page, SUBMIT)
    lesson = Lesson.objects.get(trajectory=trajectory)
    assert lesson.method_ratings.get().rating == 5

    # Another facilitator of the organisation finds it by theme.
    colleague = factories.person(world.organisation, username="fac9", role=OrganisationRole.FACILITATOR,
                                 first_name="Fleur")
    assert colleague.organisation_member.organisation == world.organisation
    other = open_page()
    login(other, "fac9")
    visit(other, "/lessen/?theme=at_home")
    assert "Stickers maakten kiezen makkelijk." in other.locator("main").inner_text()
    visit(other, "/lessen/overzicht/")
