"""Downloads made in the background: the combined PDF of a selection of action plans (quality
staff) and a person's own data (a zip with the JSON, their photos and a readable PDF).

The request only records what to make and queues the task (after the commit); the task checks
again whether the person may still see it, reports progress on the row (committed as it goes, so
the progress page sees it), stores the file in private storage and puts a notification in the
inbox. Files expire after ``EXPORT_KEEP`` (the hourly housekeeping removes them).
"""

import io
import json
import uuid
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from partner.pdf import render_pdf, render_pdf_parts
from trajectories.live.storage import private_storage
from trajectories.models import (
    EXPORT_KEEP,
    Export,
    ExportKind,
    ExportState,
    NotificationKind,
    OrganisationRole,
    Topic,
    Trajectory,
)
from trajectories.notify.services import notify
from trajectories.organisations import user_organisation_role
from trajectories.plan.document import plan_document_context
from trajectories.privacy.selectors import person_data_export

# One combined PDF holds at most this many plans.
MAX_PLANS_PER_EXPORT = 50


def _export_after_commit(export: Export) -> Export:
    pk = export.pk
    transaction.on_commit(lambda: run_export.enqueue(pk))
    return export


@transaction.atomic
def plans_export_start(*, user, trajectory_ids: list[int]) -> Export:
    """Queue the combined PDF of these plans (quality staff of their organisation only)."""
    trajectory_ids = list(dict.fromkeys(trajectory_ids))
    if not trajectory_ids:
        raise ValidationError(_("Choose at least one action plan for the PDF."), code="empty")
    if len(trajectory_ids) > MAX_PLANS_PER_EXPORT:
        raise ValidationError(
            _("Choose at most %(count)s action plans for one PDF.") % {"count": MAX_PLANS_PER_EXPORT}, code="too_many"
        )
    export = Export.objects.create(
        user=user, kind=ExportKind.PLANS_PDF, trajectory_ids=trajectory_ids, total=len(trajectory_ids) + 1,
        expires_at=timezone.now() + EXPORT_KEEP,
    )
    return _export_after_commit(export)


@transaction.atomic
def personal_data_export_start(*, user) -> Export:
    export = Export.objects.create(
        user=user, kind=ExportKind.PERSONAL_DATA, total=3, expires_at=timezone.now() + EXPORT_KEEP,
    )
    return _export_after_commit(export)


def _progress(export_pk: int, done: int) -> None:
    Export.objects.filter(pk=export_pk).update(done=done)


def _visible_plans(export: Export) -> list[Trajectory]:
    """The chosen plans, if the person (still) is quality staff of their organisation."""
    organisation_id, role = user_organisation_role(export.user)
    trajectories = list(
        Trajectory.objects.filter(pk__in=export.trajectory_ids, organisation_id=organisation_id)
        .select_related("organisation", "location")
    )
    if role != OrganisationRole.QUALITY or not export.user.is_active or len(trajectories) != len(export.trajectory_ids):
        raise ValidationError(_("You may no longer see one or more of these action plans."), code="not_visible")
    return sorted(trajectories, key=lambda trajectory: (trajectory.title, trajectory.pk))


def _plans_pdf(export: Export) -> tuple[bytes, str]:
    trajectories = _visible_plans(export)
    generated_at = timezone.localtime()
    parts = [
        ("trajectories/plan/overview_pdf.html", {
            "plans": [plan_document_context(trajectory=trajectory)],
            "organisation": trajectory.organisation,
            "generated_at": generated_at,
        })
        for trajectory in trajectories
    ]
    content = render_pdf_parts(parts, on_part_done=lambda done: _progress(export.pk, done))
    return content, f"actieplannen-{timezone.localdate():%Y-%m-%d}.pdf"


def _personal_zip(export: Export) -> tuple[bytes, str]:
    user = export.user
    data = person_data_export(user=user)
    _progress(export.pk, 1)
    buffer = io.BytesIO()
    storage = private_storage()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mijn-gegevens.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
        photos = Topic.objects.filter(author__user=user, photo__isnull=False).select_related("photo")
        for topic in photos:
            name = topic.photo.file.name
            if storage.exists(name):
                with storage.open(name, "rb") as photo:
                    archive.writestr(f"fotos/onderwerp-{topic.pk}.jpg", photo.read())
        _progress(export.pk, 2)
        archive.writestr("mijn-gegevens.pdf", render_pdf(
            "trajectories/notify/personal_data_pdf.html",
            {"sections": data_sections(data), "person": user, "now": timezone.localtime()},
        ))
    return buffer.getvalue(), f"mijn-gegevens-{timezone.localdate():%Y-%m-%d}.zip"


# The parts of the personal data in plain words (B1), in this order.
DATA_SECTIONS = [
    ("account", gettext_lazy("Your account")),
    ("organisations", gettext_lazy("Your organisation")),
    ("trajectory_memberships", gettext_lazy("The trajectories you take part in")),
    ("consents", gettext_lazy("What you said yes to")),
    ("topics", gettext_lazy("Topics you wrote")),
    ("agenda_items", gettext_lazy("Points for the client agenda you wrote")),
    ("staff_reflections", gettext_lazy("Reflections you wrote")),
    ("votes", gettext_lazy("Your dots")),
    ("goals", gettext_lazy("Your goals")),
    ("progress_notes", gettext_lazy("Notes about actions you wrote")),
    ("actions", gettext_lazy("Actions you do")),
]


def _readable(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{_readable(v)}" for v in value.values() if v not in (None, "", []))
    if isinstance(value, list):
        return ", ".join(_readable(v) for v in value)
    if value is True:
        return str(_("yes"))
    if value is False:
        return str(_("no"))
    return str(value)


def data_sections(data: dict) -> list[dict]:
    """The export as headed lists of "label: value" for the readable PDF (empty values left out)."""
    sections = []
    for key, title in DATA_SECTIONS:
        value = data.get(key)
        items = [value] if isinstance(value, dict) else list(value or [])
        rows = [
            [(name.replace("_", " "), _readable(v)) for name, v in item.items() if v not in (None, "", [])]
            for item in items if isinstance(item, dict)
        ]
        sections.append({"title": title, "rows": rows})
    return sections


MAKERS = {ExportKind.PLANS_PDF: _plans_pdf, ExportKind.PERSONAL_DATA: _personal_zip}


def _title(export: Export) -> str:
    return str(ExportKind(export.kind).label)


def export_run(*, export_id: int) -> str:
    """Make the file (not in one transaction: progress must be visible while it runs). Safe to
    run twice: a download that is ready or failed, or that another worker is making, is left alone."""
    with transaction.atomic():
        export = Export.objects.select_for_update().select_related("user").filter(pk=export_id).first()
        if export is None or export.state != ExportState.QUEUED:
            return "skipped"
        export.state = ExportState.RUNNING
        export.save(update_fields=["state"])
    target = reverse("trajectories:export_progress", kwargs={"export_pk": export.pk})
    with translation.override("nl"):
        try:
            content, filename = MAKERS[export.kind](export)
        except ValidationError as error:
            Export.objects.filter(pk=export.pk).update(
                state=ExportState.FAILED, error=" ".join(error.messages)[:500], finished_at=timezone.now()
            )
            notify(users=[export.user], kind=NotificationKind.EXPORT_FAILED, event_key=f"export-failed:{export.pk}",
                   title=_title(export), target=target)
            return "failed"
        except Exception:
            # An unexpected error: the person reads that it failed; the task's result keeps the details.
            Export.objects.filter(pk=export.pk).update(
                state=ExportState.FAILED, error=_("Something went wrong while making the file."),
                finished_at=timezone.now(),
            )
            notify(users=[export.user], kind=NotificationKind.EXPORT_FAILED, event_key=f"export-failed:{export.pk}",
                   title=_title(export), target=target)
            raise
    name = private_storage().save(f"exports/{uuid.uuid4().hex}/{filename}", ContentFile(content))
    with transaction.atomic():
        Export.objects.filter(pk=export.pk).update(
            state=ExportState.DONE, file=name, filename=filename, done=export.total, finished_at=timezone.now()
        )
        notify(users=[export.user], kind=NotificationKind.EXPORT_READY, event_key=f"export-ready:{export.pk}",
               title=_title(export), target=target)
    return "done"


@task()
def run_export(export_id: int) -> str:
    return export_run(export_id=export_id)
