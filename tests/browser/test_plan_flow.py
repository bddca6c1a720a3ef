"""Agreeing the action plan in a real browser, and quality staff exporting it as PDF."""

import datetime

from django.utils import timezone
from pypdf import PdfReader

from tests.browser.pages import login, submit, visit
from trajectories.core import services
from trajectories.models import PlanVersion

AGREE = "form[action$='/actieplan/akkoord/'] button[type=submit]"


def test_client_and_staff_agree_and_quality_staff_export_the_pdf(world, open_page):
    gerda = world.membership(world.client)
    item = services.agenda_item_create(trajectory=world.trajectory, by=gerda, title="Rustig eten")
    services.agenda_item_share(item=item, by=gerda)
    services.action_create(
        trajectory=world.trajectory,
        by=world.membership(world.facilitator),
        what="Een rustige tafel bij het raam, met één vaste medewerker",
        owner=world.membership(world.staff),
        due_date=timezone.localdate() + datetime.timedelta(days=21),
        agenda_item=item,
    )
    plan_path = f"/trajecten/{world.trajectory.pk}/actieplan/"

    client = open_page()
    login(client, "cli")
    visit(client, plan_path)
    submit(client, AGREE)
    assert not PlanVersion.objects.get().is_agreed

    staff = open_page()
    login(staff, "stf")
    visit(staff, plan_path)
    submit(staff, AGREE)
    version = PlanVersion.objects.get()
    assert version.is_agreed
    assert staff.locator(AGREE).count() == 0  # nothing left to agree on

    quality = open_page()
    login(quality, "qua")
    visit(quality, plan_path)
    with quality.expect_download() as download_info:
        quality.click(f"main a[href$='{plan_path}pdf/']")
    download = download_info.value
    assert download.suggested_filename.startswith("actieplan-eten-en-drinken-")
    reader = PdfReader(download.path())
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Een rustige tafel bij het raam, met één vaste medewerker" in text
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    for path in ("actieplan/afdrukken/", "wat-er-gebeurde/", "actieplan/versies/1/"):
        visit(quality, f"/trajecten/{world.trajectory.pk}/{path}")

    # The organisation overview: the plan is listed, filtered on overdue it is not (nothing is late).
    visit(quality, "/actieplannen/")
    assert quality.locator(f"main a[href$='{plan_path}']").count() >= 1
    visit(quality, "/actieplannen/?overdue=on")
    assert quality.locator(f"main a[href$='{plan_path}']").count() == 0
    visit(quality, "/")
