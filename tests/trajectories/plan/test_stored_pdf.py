"""An agreed plan version is rendered once and served from storage; a draft is rendered each time;
a template change renders it again; erasing a person deletes the stored PDFs."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from trajectories.core import services
from trajectories.live.storage import private_storage
from trajectories.models import SignoffSide
from trajectories.plan import services as plan_services
from trajectories.plan import stored_pdf


@pytest.fixture
def agreed(world, django_capture_on_commit_callbacks):
    lead = world.membership(world.facilitator)
    services.action_create(trajectory=world.trajectory, by=lead, what="Menukaart met foto's", owner=lead,
                           due_date=timezone.localdate() + datetime.timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        plan_services.plan_signoff(trajectory=world.trajectory, side=SignoffSide.CLIENTS,
                                   member=world.membership(world.client), recorded_by=world.client)
        version = plan_services.plan_signoff(trajectory=world.trajectory, side=SignoffSide.STAFF,
                                             member=world.membership(world.staff), recorded_by=world.staff)
    return version, callbacks


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def version_url(world, number):
    return reverse("trajectories:plan_pdf", kwargs={"pk": world.trajectory.pk}) + f"?versie={number}"


def test_agreeing_queues_the_rendering_and_downloads_come_from_storage(world, agreed, client_for, monkeypatch):
    version, callbacks = agreed
    assert stored_pdf.stored_agreed_pdf(trajectory=world.trajectory, number=version.number) is None
    for callback in callbacks:
        callback()
    assert DBTaskResult.objects.filter(task_path="trajectories.plan.stored_pdf.store_agreed_pdf").count() == 1
    # That task (run here in the test process; the worker tests run tasks in a worker).
    stored_pdf.store_agreed_pdf.call(version.pk)
    stored = stored_pdf.stored_agreed_pdf(trajectory=world.trajectory, number=version.number)
    assert stored is not None and "Menukaart met foto's" in pdf_text(stored)

    def no_rendering(*args, **kwargs):
        raise AssertionError("an agreed version must not be rendered again")

    monkeypatch.setattr(stored_pdf, "render_pdf", no_rendering)
    response = client_for(world.client).get(version_url(world, version.number))
    assert response.status_code == 200 and response.content == stored
    assert response["Cache-Control"] == "private, no-store"


def test_a_template_change_renders_it_again(world, agreed, client_for, monkeypatch):
    version, _callbacks = agreed
    client = client_for(world.client)
    assert client.get(version_url(world, version.number)).status_code == 200
    assert stored_pdf.stored_agreed_pdf(trajectory=world.trajectory, number=version.number) is not None
    # Other templates (as after an upgrade): the stored file no longer fits, the next download
    # renders the version again from its snapshot and stores that.
    monkeypatch.setattr(stored_pdf, "template_key", lambda: "another-template")
    assert stored_pdf.stored_agreed_pdf(trajectory=world.trajectory, number=version.number) is None
    again = client.get(version_url(world, version.number))
    assert again.status_code == 200 and "Menukaart met foto's" in pdf_text(again.content)
    assert stored_pdf.stored_agreed_pdf(trajectory=world.trajectory, number=version.number) is not None


def test_drafts_are_never_stored(world, client_for):
    lead = world.membership(world.facilitator)
    services.action_create(trajectory=world.trajectory, by=lead, what="Nog niet akkoord", owner=lead,
                           due_date=timezone.localdate() + datetime.timedelta(days=30))
    plan_services.plan_signoff(trajectory=world.trajectory, side=SignoffSide.CLIENTS,
                               member=world.membership(world.client), recorded_by=world.client)
    assert client_for(world.client).get(version_url(world, 1)).status_code == 200
    assert not private_storage().exists(f"{stored_pdf.FOLDER}/{world.trajectory.pk}")


def test_erasing_a_person_deletes_the_stored_pdfs(world, agreed, django_capture_on_commit_callbacks):
    version, _callbacks = agreed
    stored_pdf.store_agreed_pdf.call(version.pk)
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.plan_snapshots_rename(members=[world.membership(world.staff)], old_names=["Sanne"],
                                            new_name="Verwijderde persoon")
    assert stored_pdf.stored_agreed_pdf(trajectory=world.trajectory, number=version.number) is None
