"""What a browser test does with a page: visit, submit, log in, and check every page with axe.

Tests find elements by URL, form field name and role, never by visible text, so they keep
working in both languages.
"""

import re
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def path_of(url: str) -> str:
    return urlsplit(url).path


class AxeChecker:
    """Remembers which documents a page loaded and which of them passed axe."""

    def __init__(self, page, *, outside_requests: list[str]):
        self.page = page
        self.outside_requests = outside_requests
        self.visited: set[str] = set()
        self.checked: set[str] = set()
        page.on("framenavigated", self._record)
        page._partner_checker = self

    def _record(self, frame) -> None:
        if frame == self.page.main_frame and frame.url.startswith("http"):
            self.visited.add(path_of(frame.url))

    def check(self) -> None:
        page = self.page
        page.wait_for_load_state("load")
        results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
        assert results.violations_count == 0, f"axe on {page.url}:\n{results.generate_report()}"
        assert not self.outside_requests, f"requests to other hosts: {self.outside_requests}"
        violations = page.evaluate("window.__cspViolations || []")
        assert not violations, f"Content-Security-Policy violations on {page.url}: {violations}"
        self.checked.add(path_of(page.url))

    def assert_all_visited_pages_checked(self) -> None:
        missed = self.visited - self.checked
        assert not missed, f"pages visited without an axe check: {sorted(missed)}"


def checked(page) -> None:
    """Run axe (WCAG 2.1 AA) on the page as it is now; fail on any violation."""
    page._partner_checker.check()


def visit(page, path: str, *, status: int = 200):
    response = page.goto(path)
    assert response is not None and response.status == status, f"{path}: {response and response.status}"
    checked(page)
    return response


def submit(page, button_selector: str) -> None:
    """Click a submit button, wait for the next page and check it."""
    with page.expect_navigation():
        page.click(button_selector)
    checked(page)


def login(page, username: str, password: str = "partner-test") -> None:
    visit(page, "/inloggen/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    assert "/inloggen/" not in page.url, f"login as {username} failed"
    checked(page)


def trajectory_pk(page) -> int:
    match = re.search(r"/trajecten/(\d+)/", page.url)
    assert match, page.url
    return int(match.group(1))


def tab_until(page, is_target: str, *, limit: int = 80) -> None:
    """Press Tab until the JavaScript predicate ``is_target(el)`` holds for the focused element."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {is_target})(document.activeElement)"):
            return
    raise AssertionError(f"keyboard focus never reached an element where {is_target}")
