"""Quality staff start a combined PDF in the background, watch its progress bar fill without a
reload (htmx polling, 304 while nothing changed) while a real worker makes it, and download it;
then read their news. Axe on every page."""

import datetime

from django.utils import timezone
from pypdf import PdfReader

from tests.browser.pages import checked, login, submit, visit
from tests.worker import db_worker, require_postgresql, wait_until
from trajectories.core import services
from trajectories.models import Export, ExportState


def test_quality_staff_watch_a_background_export_and_download_it(world, open_page):
    require_postgresql()
    lead = world.membership(world.facilitator)
    services.action_create(trajectory=world.trajectory, by=lead, what="Een rustige tafel bij het raam", owner=lead,
                           due_date=timezone.localdate() + datetime.timedelta(days=21))
    page = open_page()
    login(page, "qua")
    visit(page, "/actieplannen/")
    page.check(f"input[name=traject][value='{world.trajectory.pk}']")
    submit(page, "button[formaction$='/actieplannen/pdf/maken/']")
    assert "/downloads/" in page.url
    status = page.locator("#export-status [role=status]")
    assert status.inner_text() in ("Wacht op zijn beurt.",) or "Bezig" in status.inner_text()
    with db_worker():
        wait_until(lambda: Export.objects.filter(state=ExportState.DONE).exists(), what="the export")
    # No reload: the status part asks for news itself and shows the download when it is ready.
    page.locator("#export-status a.btn").wait_for(timeout=15_000)
    checked(page)
    assert page.locator(".progress-bar").inner_text() == "100%"
    with page.expect_download() as download_info:
        page.click("#export-status a.btn")
    reader = PdfReader(download_info.value.path())
    assert "Een rustige tafel bij het raam" in " ".join(page_.extract_text() for page_ in reader.pages)
    visit(page, "/meldingen/")
    assert page.locator(".notification-sentence").first.inner_text().startswith("Je download")
