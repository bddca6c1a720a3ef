"""The task queue for real: a ``manage.py db_worker`` process on PostgreSQL sends the e-mails
through Django's SMTP backend to a real SMTP server (aiosmtpd on 127.0.0.1), and makes the
background downloads."""

import datetime
import io
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.live_helpers import photo_bytes
from tests.smtp import smtp_server
from tests.worker import db_worker, require_postgresql, wait_until
from trajectories.core import services
from trajectories.live.photos import process_photo
from trajectories.models import Action, EmailState, Export, ExportState, Notification, NotificationKind
from trajectories.notify.housekeeping import housekeeping_run

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def smtp():
    require_postgresql()
    with smtp_server() as server:
        yield server


def overdue_action(world, *, what="Geheim: meneer De Vries krijgt zijn medicijnen later"):
    world.facilitator.email = "fien@example.org"
    world.facilitator.save(update_fields=["email"])
    lead = world.membership(world.facilitator)
    action = services.action_create(
        trajectory=world.trajectory, by=lead, what=what, owner=lead, due_date=timezone.localdate(),
    )
    # Two days later: the date has passed.
    Action.objects.filter(pk=action.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=2))
    return action


def test_an_overdue_action_gives_one_email_and_one_inbox_entry_even_when_the_schedule_runs_twice(world, smtp):
    action = overdue_action(world)
    with db_worker(smtp=smtp):
        housekeeping_run()
        (message,) = smtp.wait_for(1)
        wait_until(lambda: Notification.objects.filter(email_state=EmailState.SENT).exists())
        housekeeping_run()
        housekeeping_run()
        # Give the worker time to send a second one, if it (wrongly) would.
        wait_until(lambda: not Notification.objects.filter(email_state=EmailState.PENDING).exists())
    assert len(smtp.messages) == 1
    (notification,) = Notification.objects.filter(user=world.facilitator, kind=NotificationKind.ACTION_OVERDUE)
    assert notification.email_state == EmailState.SENT and notification.is_unread
    assert message["To"] == "fien@example.org"
    body = message.get_payload(decode=True).decode()
    # The trajectory's title, the kind of news and a link that needs a sign-in; no care content.
    assert world.trajectory.title in body
    assert action.what not in body and "Vries" not in message["Subject"] + body
    link = reverse("trajectories:notification_open", kwargs={"notification_pk": notification.pk})
    assert f"{settings.PARTNER_SITE_URL}{link}" in body
    # The link needs a sign-in.
    assert Client().get(link).status_code == 302


def test_a_failing_mail_server_keeps_the_notification_waiting_and_it_is_retried(world, smtp):
    overdue_action(world)
    smtp.fail_next(1)
    with db_worker(smtp=smtp, env={"PARTNER_EMAIL_RETRY_SECONDS": "1"}):
        housekeeping_run()
        wait_until(lambda: Notification.objects.filter(email_attempts=1).exists(), what="the first try")
        notification = Notification.objects.get(user=world.facilitator)
        # Refused once: still in the inbox, still waiting for the e-mail.
        assert notification.email_state in (EmailState.PENDING, EmailState.SENT)
        smtp.wait_for(1)
        wait_until(lambda: Notification.objects.filter(email_state=EmailState.SENT).exists(), what="the retry")
    assert smtp.handler.refused == 1
    notification.refresh_from_db()
    assert notification.email_attempts == 2 and len(smtp.messages) == 1


def test_retries_stop_at_the_limit(world, smtp):
    overdue_action(world)
    smtp.fail_next(100)
    with db_worker(smtp=smtp, env={"PARTNER_EMAIL_RETRY_SECONDS": "0", "PARTNER_EMAIL_MAX_ATTEMPTS": "3"}):
        housekeeping_run()
        wait_until(lambda: Notification.objects.filter(email_state=EmailState.FAILED).exists(), what="the retries")
    notification = Notification.objects.get(user=world.facilitator)
    assert notification.email_attempts == 3 and smtp.handler.refused == 3
    assert notification.cancelled_at is None  # the inbox entry stays


def test_quality_staff_start_a_combined_export_watch_it_and_download_it(world, smtp, client_for):
    second = factories.trajectory_for(world.facilitator, world.organisation, title="Tuin")
    for trajectory in (world.trajectory, second):
        lead = trajectory.memberships.get(user=world.facilitator)
        services.action_create(trajectory=trajectory, by=lead, what=f"Actie in {trajectory.title}", owner=lead,
                               due_date=timezone.localdate() + datetime.timedelta(days=30))
    http = client_for(world.quality)
    response = http.post(reverse("trajectories:plans_export"), {"traject": [world.trajectory.pk, second.pk]})
    export = Export.objects.get()
    progress = reverse("trajectories:export_progress", kwargs={"export_pk": export.pk})
    assert response.status_code == 302 and response["Location"] == progress
    assert http.get(progress).status_code == 200
    with db_worker(smtp=smtp):
        wait_until(lambda: Export.objects.filter(state=ExportState.DONE).exists(), what="the export")
    download = http.get(reverse("trajectories:export_download", kwargs={"export_pk": export.pk}))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF")
    (ready,) = Notification.objects.filter(user=world.quality, kind=NotificationKind.EXPORT_READY)
    assert ready.target == progress
    # Somebody else gets 404 for both the page and the file.
    other = client_for(world.facilitator)
    assert other.get(progress).status_code == 404
    assert other.get(reverse("trajectories:export_download", kwargs={"export_pk": export.pk})).status_code == 404


def test_an_export_of_plans_the_person_may_no_longer_see_fails_with_a_message_in_the_inbox(world, smtp, client_for):
    http = client_for(world.quality)
    http.post(reverse("trajectories:plans_export"), {"traject": [world.trajectory.pk]})
    # Before the worker gets to it, the person is no longer quality staff.
    member = world.quality.organisation_member
    member.role = "member"
    member.save(update_fields=["role"])
    with db_worker(smtp=smtp):
        wait_until(lambda: Export.objects.filter(state=ExportState.FAILED).exists(), what="the export")
    export = Export.objects.get()
    assert "no longer" in export.error or "niet meer" in export.error
    assert Notification.objects.filter(user=world.quality, kind=NotificationKind.EXPORT_FAILED).count() == 1


def test_the_personal_data_zip_has_the_json_the_photos_and_a_pdf(world, smtp, client_for):
    photo = process_photo(SimpleUploadedFile("foto.jpg", photo_bytes(size=(640, 480)), content_type="image/jpeg"))
    topic = factories.topic(world.trajectory, world.membership(world.client), title="Mijn onderwerp", photo=photo)
    http = client_for(world.client)
    response = http.post(reverse("trajectories:my_data_export"))
    export = Export.objects.get()
    assert response["Location"] == reverse("trajectories:export_progress", kwargs={"export_pk": export.pk})
    with db_worker(smtp=smtp):
        wait_until(lambda: Export.objects.filter(state=ExportState.DONE).exists(), what="the export")
    download = http.get(reverse("trajectories:export_download", kwargs={"export_pk": export.pk}))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = set(archive.namelist())
    assert {"mijn-gegevens.json", "mijn-gegevens.pdf"} <= names
    assert "Mijn onderwerp" in archive.read("mijn-gegevens.json").decode()
    assert archive.read("mijn-gegevens.pdf").startswith(b"%PDF")
    assert archive.read(f"fotos/onderwerp-{topic.pk}.jpg").startswith(b"\xff\xd8")
