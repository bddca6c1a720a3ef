"""Two-step login in a real browser: a member of staff turns it on from their own page with the
key the page shows, logs in again with a code, adds a second app and removes it. Every page
passes axe. (tests/partner/accounts/test_two_factor.py has the refusals.)"""

import base64

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.pages import login, submit, visit

SUBMIT = "main form[method=post]:not([action]) button[type=submit]"


def code_on_the_page(page) -> str:
    """What an authenticator app shows for the key printed on the page."""
    secret = page.locator("main code").inner_text().replace(" ", "")
    return f"{totp(base64.b32decode(secret)):06d}"


def test_turn_on_log_in_with_a_code_add_and_remove_an_app(world, open_page):
    page = open_page()
    login(page, "stf")
    visit(page, "/mijn-gegevens/")
    submit(page, "main a[href='/account/tweestapsverificatie/']")
    page.fill("input[name=token]", code_on_the_page(page))
    submit(page, SUBMIT)
    device = TOTPDevice.objects.get(user=world.staff, confirmed=True)
    assert page.locator("main table tbody tr").count() == 1
    assert device.name in page.locator("main table tbody").inner_text()

    # A new login: the password alone ends at the code page.
    page.context.clear_cookies()
    visit(page, "/inloggen/")
    page.fill("input[name=username]", "stf")
    page.fill("input[name=password]", "partner-test")
    submit(page, "main form[method=post] button[type=submit]")
    assert "/inloggen/code/" in page.url
    device.refresh_from_db()
    device.last_t = -1  # the code of the enrolment a moment ago may not be used twice
    device.save()
    page.fill("input[name=token]", f"{totp(device.bin_key):06d}")
    submit(page, "main form[method=post]:not([action]) button[type=submit]")
    assert "/inloggen/" not in page.url

    # A second app, then removed again; both changes are listed.
    visit(page, "/account/tweestapsverificatie/")
    page.fill("input[name=name]", "Tablet")
    page.fill("input[name=token]", code_on_the_page(page))
    submit(page, SUBMIT)
    tablet = TOTPDevice.objects.get(user=world.staff, name="Tablet")
    submit(page, f"main form[action='/account/tweestapsverificatie/{tablet.pk}/verwijderen/'] button")
    assert not TOTPDevice.objects.filter(pk=tablet.pk).exists()
    assert page.locator("main ul li").count() == 3  # the first app added, the tablet added and removed
