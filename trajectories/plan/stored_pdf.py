"""Agreed plan versions are rendered once: the PDF of an agreed version is stored (in private
storage) when the version is agreed, and served from there afterwards. A change to the PDF's
templates or style gives a new key, so the next download renders it again (and stores that).
Drafts are rendered on every download, as before.

Stored PDFs carry names: erasing a person or purging a trajectory deletes them
(``agreed_pdfs_delete``), and the next download renders the version again from its snapshot.
"""

import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import get_language
from django_tasks import task

from partner.pdf import render_pdf
from trajectories.live.storage import private_storage
from trajectories.models import PlanVersion, Trajectory
from trajectories.plan.document import plan_document_context

FOLDER = "plan-versions"
PDF_TEMPLATE = "trajectories/plan/pdf.html"


@functools.cache
def template_key() -> str:
    """A fingerprint of everything that shapes a plan PDF: its templates and the PDF style."""
    base = Path(settings.BASE_DIR)
    files = sorted(
        [*(base / "templates" / "trajectories" / "plan").glob("*.html"), *(base / "templates" / "pdf").glob("*.html"),
         *(base / "templates" / "matrix").rglob("*.html"), base / "templates" / "document.html",
         base / "static" / "css" / "pdf.css"]
    )
    digest = hashlib.sha256()
    for path in files:
        if path.exists():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _name(trajectory_id: int, number: int) -> str:
    """One file per version, language (the PDF's words) and template key."""
    return f"{FOLDER}/{trajectory_id}/v{number}-{get_language() or settings.LANGUAGE_CODE}-{template_key()}.pdf"


def stored_agreed_pdf(*, trajectory: Trajectory, number: int) -> bytes | None:
    """The stored PDF of agreed version ``number`` (None when there is none for today's templates).
    Only agreed versions are ever stored, so a stored one needs no look-up in the database."""
    storage, name = private_storage(), _name(trajectory.pk, number)
    if not storage.exists(name):
        return None
    with storage.open(name, "rb") as stored:
        return stored.read()


def version_pdf_render(*, trajectory: Trajectory, number: int) -> bytes:
    """Render version ``number`` (404 when unknown); an agreed one is stored for next time."""
    document = plan_document_context(trajectory=trajectory, version_number=number)
    content = render_pdf(PDF_TEMPLATE, document)
    if document["is_frozen"]:
        storage, name = private_storage(), _name(trajectory.pk, number)
        if not storage.exists(name):
            storage.save(name, ContentFile(content))
    return content


def agreed_pdf_store_after_commit(*, version: PlanVersion) -> None:
    pk = version.pk
    transaction.on_commit(lambda: store_agreed_pdf.enqueue(pk))


def agreed_pdfs_delete(*, trajectory_ids) -> None:
    """Delete the stored PDFs of these trajectories (after the transaction commits)."""
    storage = private_storage()

    def delete():
        for trajectory_id in trajectory_ids:
            folder = f"{FOLDER}/{trajectory_id}"
            if storage.exists(folder):
                for name in storage.listdir(folder)[1]:
                    storage.delete(f"{folder}/{name}")

    transaction.on_commit(delete)


@task()
def store_agreed_pdf(version_id: int) -> str:
    version = PlanVersion.objects.select_related("trajectory").filter(pk=version_id, agreed_at__isnull=False).first()
    if version is None:
        return "skipped"
    if stored_agreed_pdf(trajectory=version.trajectory, number=version.number) is None:
        version_pdf_render(trajectory=version.trajectory, number=version.number)
    return "stored"
