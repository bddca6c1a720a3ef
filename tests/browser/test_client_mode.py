"""Client mode in Chromium on a 390×844 phone, the room screen on a projector, and the presenter view.

Every client page (a client with an account, and a guest who joined with a code): no sideways
scrolling, the main heading within the first 300 pixels, and a read-aloud button that says what it
reads. The room screen shows 16 topics without scrolling at 1280×720 and 1920×1080; the presenter
view drives it from a second browser. Every page visited passes axe (WCAG 2.1 AA).
"""

import datetime
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.browser.pages import checked, login, submit, visit
from tests.live_helpers import open_session, photo_bytes, topic
from trajectories.core import services
from trajectories.live import services as live_services
from trajectories.live.photos import process_photo
from trajectories.models import LiveSession, Theme

PHONE = (390, 844)
LONG_WORD = ("Zelfstandigheidsbevorderingsprogramma" * 6)[:200]  # 200 letters without a space


# The elements that stick out on the right, for the message of a failed check.
WIDER_THAN_THE_SCREEN = """[...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 5).map(el => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right))"""


def fits_the_phone(page) -> None:
    """No sideways scrolling; the heading high on the screen; read-aloud there and named."""
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"), (
        f"{page.url} scrolls sideways: "
        + str(page.evaluate(WIDER_THAN_THE_SCREEN))
    )
    heading = page.locator("main h1")
    assert heading.count() == 1, page.url
    top = heading.evaluate("el => el.getBoundingClientRect().top + window.scrollY")
    assert top < 300, f"{page.url}: the heading starts at {top}px"
    read_aloud = page.locator("button.read-aloud")
    assert read_aloud.count() == 1 and read_aloud.is_visible(), page.url
    name = read_aloud.get_attribute("aria-label") or ""
    assert name.startswith("Voorlezen: "), f"{page.url}: {name!r}"
    assert heading.inner_text().strip() in name, f"{page.url}: the button does not name what it reads ({name!r})"


def test_every_client_page_fits_a_phone_and_a_guest_after_the_session_sees_a_goodbye(world, open_page, settings):
    pk = world.trajectory.pk
    gerda = world.membership(world.client)
    photo = process_photo(SimpleUploadedFile("thee.jpg", photo_bytes(size=(640, 480)), content_type="image/jpeg"))
    with_photo = topic(world, gerda, title="Thee in de middag", photo=photo)
    topic(world, gerda, title=LONG_WORD, story=LONG_WORD)
    services.agenda_item_create(trajectory=world.trajectory, by=gerda, title="Thee", why=LONG_WORD, topics=[with_photo])
    services.action_create(
        trajectory=world.trajectory, by=world.membership(world.facilitator), what="Thee om drie uur",
        owner=world.membership(world.staff), due_date=datetime.date.today() + datetime.timedelta(days=30),
    )
    session = open_session(world)

    phone = open_page(viewport=PHONE)
    login(phone, "cli")
    # The start page: tiles, no table; the menu opens with one button.
    assert phone.locator("main table").count() == 0
    assert phone.locator("main .client-tile").count() == 4
    fits_the_phone(phone)
    phone.click("details.client-menu > summary")
    assert phone.locator(".client-menu-body a[href$='/mijn-gegevens/']").is_visible()
    checked(phone)
    client_pages = [
        f"/trajecten/{pk}/",
        f"/trajecten/{pk}/verkennen/",
        f"/trajecten/{pk}/agenda/",
        f"/trajecten/{pk}/wat-er-gebeurde/",
        f"/trajecten/{pk}/toestemming/",
        f"/trajecten/{pk}/doelen/",
        f"/trajecten/{pk}/bijeenkomsten/",
        f"/trajecten/{pk}/dialoog/",
        f"/trajecten/{pk}/actieplan/",
        "/mijn-gegevens/",
        f"/sessie/{session.pk}/",
        f"/sessie/{session.pk}/onderwerp/",
        f"/sessie/{session.pk}/stemmen/",
    ]
    for path in client_pages:
        visit(phone, path)
        fits_the_phone(phone)
        # On a phone a table is one card per row, each value with its column's name.
        for row in phone.locator("main table tbody tr").all():
            assert row.evaluate("tr => getComputedStyle(tr).display") == "block", path
    visit(phone, f"/trajecten/{pk}/actieplan/")
    assert "Wie: " in phone.locator("main table tbody tr").first.evaluate(
        "tr => [...tr.cells].map(td => getComputedStyle(td, '::before').content.replaceAll('\"', '') + td.innerText).join(' ')"
    )
    # Step 1 shows the photo with its topic, through the guarded view, with a text alternative.
    visit(phone, f"/trajecten/{pk}/verkennen/")
    photo_url = reverse("trajectories:topic_photo", kwargs={"pk": pk, "topic_pk": with_photo.pk})
    image = phone.locator(f"main img[src='{photo_url}']")
    assert image.count() == 1 and "Thee in de middag" in image.get_attribute("alt")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    visit(phone, f"/trajecten/{pk}/agenda/")
    assert phone.locator(f"main img[src='{photo_url}']").count() == 1

    # A guest on a phone: the same checks, then the session closes.
    guest = open_page(viewport=PHONE)
    visit(guest, "/meedoen/")
    fits_the_phone(guest)
    guest.fill("input[name=code]", session.join_code)
    submit(guest, "main form button[type=submit]")
    fits_the_phone(guest)
    guest.fill("input[name=name]", "Bep")
    submit(guest, "main form button[type=submit]:not([name=anonymous])")
    fits_the_phone(guest)
    live_services.live_session_close(session=LiveSession.objects.get(pk=session.pk), by=world.facilitator)
    visit(guest, f"/sessie/{session.pk}/")
    assert "Deze bijeenkomst is afgelopen. Dank je wel!" in guest.locator("main h1").inner_text()
    assert guest.locator("input[type=password]").count() == 0
    fits_the_phone(guest)

    # The product's own 404 page, with debug on as in `make run`.
    settings.DEBUG = True
    visit(phone, "/bestaat-niet/", status=404)
    assert "Pagina niet gevonden" in phone.locator("main h1").inner_text()
    assert "URLconf" not in phone.content()


def wait_until(page, condition: str, *, seconds: float = 5) -> None:
    """Poll ``condition`` (JavaScript) in the page; page.wait_for_function would need eval, which the CSP forbids."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(condition):
        assert time.monotonic() < deadline, f"not within {seconds} s: {condition}"
        page.wait_for_timeout(100)


def sixteen_topics(world, session):
    themes = [Theme.FOOD] * 7 + [Theme.SOCIAL] * 4 + [Theme.AT_HOME] * 3 + [Theme.SAFETY] * 2
    lead = world.membership(world.facilitator)
    return [
        topic(world, lead, session=session, title=f"Onderwerp {n:02d}: vaker zelf kiezen wat we eten", theme=theme)
        for n, theme in enumerate(themes, start=1)
    ]


def board_fits(page) -> None:
    """No scrolling either way, the whole width used, and every topic card on the screen."""
    size = page.evaluate(
        "({sw: document.documentElement.scrollWidth, sh: document.documentElement.scrollHeight,"
        " w: window.innerWidth, h: window.innerHeight,"
        " board: document.querySelector('.board-themes').getBoundingClientRect().width})"
    )
    assert size["sh"] <= size["h"] + 1 and size["sw"] <= size["w"] + 1, size
    assert size["board"] >= 0.9 * size["w"], f"the board uses {size['board']} of {size['w']} pixels"
    cards = page.locator(".board-card")
    assert cards.count() == 16
    for box in cards.evaluate_all("cards => cards.map(c => c.getBoundingClientRect().bottom)"):
        assert box <= size["h"], f"a card ends at {box}px, below the screen"
    title_px = page.locator(".board-card-title").first.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert title_px >= 18, f"card titles shrank to {title_px}px"


def test_the_room_screen_fits_the_projector_and_the_presenter_view_drives_it(world, open_page):
    session = open_session(world)
    topics = sixteen_topics(world, session)
    board_url = f"/trajecten/{world.trajectory.pk}/live/{session.pk}/scherm/"

    screen = open_page(viewport=(1280, 720))
    login(screen, "fac")
    visit(screen, board_url)
    board_fits(screen)
    assert screen.locator("main form").count() == 0, "the projected screen shows only the board"
    screen.set_viewport_size({"width": 1920, "height": 1080})
    wait_until(screen, "document.documentElement.scrollHeight <= window.innerHeight + 1")
    board_fits(screen)
    screen.evaluate("window.__stillTheSamePage = true")

    # The presenter view in a second browser: its buttons change the screen within 3 seconds.
    presenter = open_page(viewport=PHONE)
    login(presenter, "fac")
    visit(presenter, f"/trajecten/{world.trajectory.pk}/live/{session.pk}/presentator/")
    assert presenter.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"), (
        presenter.evaluate(WIDER_THAN_THE_SCREEN)
    )
    submit(presenter, "form:has(input[name=action][value=input_close]) button")
    wait_until(screen, "document.querySelector('.board-status').innerText.includes('gepauzeerd')", seconds=3)
    presenter.select_option("select[name='focus-topic']", str(topics[0].pk))
    submit(presenter, "form:has(input[name=action][value=focus]) button")
    screen.locator(".board-focus").wait_for(timeout=3_000)
    focus = screen.evaluate("document.querySelector('.board-focus').getBoundingClientRect().height / window.innerHeight")
    assert focus >= 0.6, f"the focus topic fills {focus:.0%} of the screen"
    assert screen.evaluate("window.__stillTheSamePage") is True
    checked(screen)

    # And the presenter's small board follows the room by itself too.
    presenter.select_option("select[name='focus-topic']", "")
    submit(presenter, "form:has(input[name=action][value=focus]) button")
    submit(presenter, "form:has(input[name=action][value=input_open]) button")
    presenter.evaluate("window.__stillThere = true")
    added = topic(world, world.membership(world.client), session=session, title="Een tuin om in te zitten")
    presenter.locator(f".presenter-preview #board-topic-{added.pk}").wait_for(timeout=3_000)
    assert presenter.evaluate("window.__stillThere") is True
    checked(presenter)
