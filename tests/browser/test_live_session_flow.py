"""A live session in real browsers: the facilitator's board on the projector and a client's phone.

The client joins with the code (no password), adds a topic with a photo one question at a time,
and the board shows it by itself, without a reload. Then dot voting, the reveal, and the result
on the client agenda. Every page visited passes axe (WCAG 2.1 AA).
"""

import datetime
import re

from django.utils import timezone

from tests.browser.pages import checked, login, submit, tab_until, visit
from tests.live_helpers import GPS_IFD, exif_of, photo_bytes
from trajectories.live import services as live_services
from trajectories.models import AgendaItem, LiveSession, Topic, Vote

PHONE = (390, 844)
SUBMIT = "main form[method=post] button[type=submit]:not([name=back])"
NEXT_BUTTON = "el.type === 'submit' && el.closest('main') !== null && el.name !== 'back'"
# Replace the browser's speech with a recorder: the test checks what would be read, and in which language.
SPEECH_RECORDER = """
window.__spoken = [];
if (window.speechSynthesis) {
  window.speechSynthesis.speak = function (utterance) { window.__spoken.push({text: utterance.text, lang: utterance.lang}); };
}
"""


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")


def join_on_phone(open_page, code: str, name: str):
    phone = open_page(viewport=PHONE)
    visit(phone, "/meedoen/")
    phone.fill("input[name=code]", code.lower())
    submit(phone, SUBMIT)
    assert re.search(r"/meedoen/[A-Z0-9]{6}/$", phone.url)
    phone.fill("input[name=name]", name)
    submit(phone, "main form button[type=submit]:not([name=anonymous])")
    assert re.search(r"/sessie/\d+/$", phone.url)
    return phone


def test_a_topic_typed_on_a_phone_appears_on_the_board_and_votes_become_the_agenda(world, open_page, tmp_path):
    pk = world.trajectory.pk
    facilitator = open_page()
    login(facilitator, "fac")
    visit(facilitator, f"/trajecten/{pk}/live/")
    facilitator.fill("input[name=title]", "Huiskamergesprek")
    submit(facilitator, SUBMIT)
    session = LiveSession.objects.get()
    console = f"/trajecten/{pk}/live/{session.pk}/"
    assert facilitator.url.endswith(console)
    assert facilitator.locator(".join-code").first.inner_text() == session.join_code
    assert facilitator.locator("main figure svg").count() == 1  # the QR code, made on the server
    visit(facilitator, f"{console}scherm/")
    board = facilitator
    board.evaluate("window.__stillTheSamePage = true")

    # A client joins on a phone without a password and adds a topic with a photo.
    phone = join_on_phone(open_page, session.join_code, "Bep")
    assert no_horizontal_scroll(phone)
    submit(phone, "main a[href$='/onderwerp/']")
    phone.click("label[for=theme-food]")
    submit(phone, SUBMIT)
    phone.fill("input[name=title]", "Zelf kiezen wat ik drink")
    submit(phone, SUBMIT)
    phone.fill("textarea[name=story]", "Ik wil thee en geen koffie.")
    submit(phone, SUBMIT)
    photo = tmp_path / "thee.jpg"
    photo.write_bytes(photo_bytes(size=(1200, 900), gps=True))
    phone.set_input_files("input[name=photo]", str(photo))
    submit(phone, SUBMIT)
    assert re.search(r"/sessie/\d+/$", phone.url)
    added = Topic.objects.get(title="Zelf kiezen wat ik drink")
    assert added.live_session == session and added.story == "Ik wil thee en geen koffie."
    assert not exif_of(added.photo.file.read()).get_ifd(GPS_IFD), "the GPS data must be gone"
    assert phone.locator("main img.client-photo").count() == 1

    # The board shows it within 3 seconds, by itself: no reload, no websocket.
    board.locator(f"#board-topic-{added.pk}").wait_for(timeout=3_000)
    assert board.evaluate("window.__stillTheSamePage") is True
    assert "Zelf kiezen wat ik drink" in board.locator("#live-board").inner_text()
    assert board.locator(f"#board-topic-{added.pk} img.board-photo").count() == 1
    checked(board)

    # A second topic, typed in by the facilitator for a client in the room ("namens").
    visit(facilitator, console)
    facilitator.fill("input[name='namens-on_behalf_of_name']", "Mevrouw Jansen")
    facilitator.fill("input[name='namens-title']", "Warme melk voor het slapen")
    facilitator.check("input[name='namens-theme'][value=food]")
    submit(facilitator, "form:has(input[name=form][value=topic]) button[type=submit]")
    warm = Topic.objects.get(title="Warme melk voor het slapen")
    assert warm.entered_by.user == world.facilitator and warm.on_behalf_of_name == "Mevrouw Jansen"

    # Dot voting: 2 dots each, at most 1 per topic; the server holds the limits.
    facilitator.fill("input[name='stemmen-dots_per_client']", "2")
    facilitator.fill("input[name='stemmen-max_dots_per_topic']", "1")
    submit(facilitator, "form:has(input[name=action][value=voting_open]) button[type=submit]")
    visit(phone, f"/sessie/{session.pk}/stemmen/")
    submit(phone, f"#topic-{added.pk} form:has(input[name=op][value=add]) button")
    submit(phone, f"#topic-{added.pk} form:has(input[name=op][value=add]) button")
    assert phone.locator(".alert-danger").inner_text().startswith("Je kunt hoogstens 1 stippen")
    submit(phone, f"#topic-{warm.pk} form:has(input[name=op][value=add]) button")
    assert Vote.objects.filter(voter__user__first_name="Bep").count() == 2
    # The board shows that people voted, not the result.
    visit(board, f"{console}scherm/")
    assert board.locator(".board-dots").count() == 0

    # The reveal: the ranking is on the board; voting is over for the phone.
    visit(facilitator, console)
    submit(facilitator, "form:has(input[name=action][value=reveal]) button[type=submit]")
    visit(board, f"{console}scherm/")
    assert board.locator(".board-ranking li").count() == 2
    visit(phone, f"/sessie/{session.pk}/stemmen/")
    assert phone.locator("form:has(input[name=op][value=add])").count() == 0

    # The votes become the client agenda.
    visit(facilitator, console)
    submit(facilitator, "form:has(input[name=action][value=to_agenda]) button[type=submit]")
    assert set(AgendaItem.objects.values_list("title", flat=True)) == {
        "Zelf kiezen wat ik drink", "Warme melk voor het slapen",
    }
    visit(facilitator, f"/trajecten/{pk}/agenda/")
    assert "Zelf kiezen wat ik drink" in facilitator.locator("main").inner_text()

    # Closing the session ends the phone's access.
    visit(facilitator, f"{console}sluiten/")
    submit(facilitator, "main form[method=post] button[type=submit]")
    response = phone.goto(f"/sessie/{session.pk}/")
    assert response.status == 200 and phone.url.endswith(f"/sessie/{session.pk}/")
    assert "Deze bijeenkomst is afgelopen. Dank je wel!" in phone.locator("main").inner_text()
    assert phone.locator("input[type=password]").count() == 0
    checked(phone)


def test_codes_expire_and_can_be_revoked(world, open_page):
    session = live_services.live_session_open(trajectory=world.trajectory, by=world.facilitator, title="Sessie")
    code = session.join_code
    facilitator = open_page()
    login(facilitator, "fac")
    visit(facilitator, f"/trajecten/{world.trajectory.pk}/live/{session.pk}/")
    submit(facilitator, "form:has(input[name=action][value=code_revoke]) button[type=submit]")
    assert LiveSession.objects.get().join_code is None

    phone = open_page(viewport=PHONE)
    visit(phone, "/meedoen/")
    phone.fill("input[name=code]", code)
    submit(phone, SUBMIT)
    assert "Deze code kennen we niet" in phone.locator("main").inner_text()
    assert phone.input_value("input[name=code]") == code

    submit(facilitator, "form:has(input[name=action][value=code_renew]) button[type=submit]")
    renewed = LiveSession.objects.get()
    LiveSession.objects.filter(pk=renewed.pk).update(code_expires_at=timezone.now() - datetime.timedelta(minutes=1))
    phone.fill("input[name=code]", renewed.join_code)
    submit(phone, SUBMIT)
    assert "Deze code werkt niet meer" in phone.locator("main").inner_text()


def test_the_client_form_by_keyboard_only_with_read_aloud_and_large_targets(world, open_page):
    session = live_services.live_session_open(trajectory=world.trajectory, by=world.facilitator, title="Sessie")
    phone = join_on_phone(open_page, session.join_code, "Kees")
    phone.context.add_init_script(SPEECH_RECORDER)
    visit(phone, f"/sessie/{session.pk}/onderwerp/")

    # The read-aloud button is there, labelled, and reads the question in Dutch.
    read_aloud = phone.get_by_role("button", name="Voorlezen")
    assert read_aloud.is_visible()
    read_aloud.click()
    spoken = phone.evaluate("window.__spoken")
    assert spoken and "Waar gaat het over?" in spoken[0]["text"] and spoken[0]["lang"] == "nl-NL"

    # Every choice is a large target (at least 44 by 44 CSS pixels).
    for box in phone.locator(".theme-choice label").evaluate_all(
        "labels => labels.map(l => l.getBoundingClientRect()).map(r => [r.width, r.height])"
    ):
        assert min(box) >= 44, box

    # Keyboard only: Tab to the pictures, arrows to choose, Tab to "Verder", Enter.
    tab_until(phone, "el.name === 'theme'")
    phone.keyboard.press("ArrowRight")
    phone.keyboard.press("ArrowRight")
    chosen = phone.evaluate("document.activeElement.value")
    assert phone.evaluate("document.activeElement.checked") is True
    tab_until(phone, NEXT_BUTTON)
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    checked(phone)
    tab_until(phone, "el.name === 'title'")
    phone.keyboard.type("Vaker naar buiten")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    checked(phone)
    tab_until(phone, "el.name === 'story'")
    phone.keyboard.type("Ik wil elke dag wandelen.")
    tab_until(phone, NEXT_BUTTON)
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    checked(phone)
    tab_until(phone, NEXT_BUTTON)
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    checked(phone)
    added = Topic.objects.get(title="Vaker naar buiten")
    assert (added.theme, added.story) == (chosen, "Ik wil elke dag wandelen.")

    # Readable at 200% zoom: a 1280-pixel screen zoomed to 200% is 640 CSS pixels wide.
    phone.set_viewport_size({"width": 640, "height": 450})
    visit(phone, f"/sessie/{session.pk}/onderwerp/")
    assert no_horizontal_scroll(phone)
