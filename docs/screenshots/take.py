"""Screenshots for the README, taken from the demo in the system Chromium (Playwright).

    make run                                   # in one terminal (loads the demo)
    .venv/bin/python docs/screenshots/take.py  # in another; BASE_URL=http://127.0.0.1:8080 for another port

Writes client-start.png (a client's start page on a 390×844 phone), room-screen.png (the
projected board at 1920×1080) and presenter-view.png (the facilitator's controls at 1280×800)
next to this file. Not part of the test suite; the browser tests check the same pages.
"""

import os
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
HOME_TRAJECTORY = "Je thuis voelen op de Lindehof"


def logged_in(browser, username, viewport):
    context = browser.new_context(base_url=BASE_URL, locale="nl-NL", viewport=viewport)
    page = context.new_page()
    page.goto("/inloggen/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "partner-demo")
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    return page


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])

        phone = logged_in(browser, "client1", {"width": 390, "height": 844})
        phone.goto("/")
        phone.screenshot(path=HERE / "client-start.png")

        laptop = logged_in(browser, "facilitator", {"width": 1280, "height": 800})
        laptop.goto("/")
        laptop.click(f"main a:has-text('{HOME_TRAJECTORY}')")
        pk = re.search(r"/trajecten/(\d+)/", laptop.url).group(1)
        laptop.goto(f"/trajecten/{pk}/live/")
        links = laptop.locator("main a[href*='/live/']").evaluate_all("links => links.map(a => a.href)")
        session = next(m.group(1) for m in map(re.compile(r"/live/(\d+)/").search, links) if m)
        laptop.goto(f"/trajecten/{pk}/live/{session}/presentator/")
        laptop.screenshot(path=HERE / "presenter-view.png", full_page=True)

        screen = logged_in(browser, "facilitator", {"width": 1920, "height": 1080})
        screen.goto(f"/trajecten/{pk}/live/{session}/scherm/")
        screen.wait_for_timeout(500)
        screen.screenshot(path=HERE / "room-screen.png")
        browser.close()
    print(f"Screenshots written to {HERE}")


if __name__ == "__main__":
    main()
