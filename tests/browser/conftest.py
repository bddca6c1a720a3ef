"""Browser tests: the system Chromium driven by Playwright, with axe on every page visited.

Chromium comes from ``CHROMIUM_PATH`` or ``/usr/bin/chromium``. Without it the tests skip with
a clear message, except when ``CI=true``: there a browser test that cannot run is a failure.
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.pages import AxeChecker

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _chromium_path() -> str | None:
    candidate = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    if Path(candidate).is_file() and os.access(candidate, os.X_OK):
        return candidate
    return shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole run."""
    path = _chromium_path()
    if path is None:
        message = "No Chromium found: install Debian's chromium or set CHROMIUM_PATH to run the browser tests."
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true: browser tests must run)", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def open_page(chromium, live_server):
    """``open_page()``: a fresh page (own cookies) in Dutch, whose every visited page axe checks.

    Each page records the documents it navigated to; at the end of the test every one of them
    must have been checked with axe, so no visited page escapes the accessibility check.
    """
    contexts = []
    checkers = []

    def make(*, locale: str = "nl-NL", viewport: tuple[int, int] = (1280, 900)):
        width, height = viewport
        context = chromium.new_context(
            base_url=live_server.url, locale=locale, viewport={"width": width, "height": height}
        )
        context.set_default_timeout(15_000)
        # Care data never leaves the server: any request to another host fails the test.
        outside = []

        def guard(route):
            if urlsplit(route.request.url).netloc != urlsplit(live_server.url).netloc:
                outside.append(route.request.url)
                return route.abort()
            return route.continue_()

        context.route("**/*", guard)
        # Every page must keep to the Content-Security-Policy (no inline scripts and the like).
        context.add_init_script(
            "window.__cspViolations = [];"
            "document.addEventListener('securitypolicyviolation',"
            " e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
        )
        page = context.new_page()
        checker = AxeChecker(page, outside_requests=outside)
        contexts.append(context)
        checkers.append(checker)
        return page

    yield make
    try:
        for checker in checkers:
            checker.assert_all_visited_pages_checked()
    finally:
        for context in contexts:
            context.close()
