"""The browser harness itself: axe must really fail a page with a violation."""

import pytest

from tests.browser.pages import checked


def test_axe_fails_on_an_inaccessible_page(open_page):
    page = open_page()
    page.set_content('<!DOCTYPE html><html lang="nl"><head><title>x</title></head><body><main><img src="x.png"></main></body></html>')
    with pytest.raises(AssertionError, match="image-alt"):
        checked(page)


def test_a_visited_page_without_axe_check_is_reported(open_page, live_server):
    page = open_page()
    page.goto("/inloggen/")
    checker = page._partner_checker
    with pytest.raises(AssertionError, match="/inloggen/"):
        checker.assert_all_visited_pages_checked()
    checked(page)


def test_an_inline_script_is_blocked_by_the_content_security_policy_and_reported(open_page, live_server):
    """The policy comes from the server; a script injected into one of our pages must not run."""
    page = open_page()
    page.goto("/inloggen/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = true';"
        " document.body.appendChild(s); }"
    )
    assert page.evaluate("window.__ran === undefined")
    with pytest.raises(AssertionError, match="Content-Security-Policy violations"):
        checked(page)
    page.evaluate("window.__cspViolations = []")
    checked(page)
