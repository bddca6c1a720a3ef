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
