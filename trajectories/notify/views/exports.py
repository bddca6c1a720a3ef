"""A background download: its progress page (polled cheaply: 304 while nothing changed, as the
room screen) and the file itself, for the person who started it only."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponseNotModified
from django.shortcuts import render

from trajectories.models import ExportState
from trajectories.notify.access import export_file_get_for_user, export_get_for_user
from trajectories.privacy.audit import AuditAction, audited

# How often the progress page asks for news (milliseconds).
EXPORT_POLL_MS = 1500


def _etag(export) -> str:
    return f'"export-{export.pk}-{export.state}-{export.done}"'


def _context(export) -> dict:
    return {"export": export, "poll_ms": EXPORT_POLL_MS, "is_finished": export.state in (ExportState.DONE,
                                                                                          ExportState.FAILED)}


@login_required
@audited()
def export_progress(request, export_pk):
    export = export_get_for_user(request.user, export_pk)
    return render(request, "trajectories/notify/export_progress.html", {**_context(export), "etag": _etag(export)})


@login_required
@audited()
def export_status(request, export_pk):
    """The progress part for the poll: 304 Not Modified while nothing changed."""
    export = export_get_for_user(request.user, export_pk)
    etag = _etag(export)
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = render(request, "trajectories/notify/_export_status.html", {**_context(export), "etag": etag})
    response["ETag"] = etag
    response["Cache-Control"] = "no-store"
    return response


@login_required
@audited(read=AuditAction.EXPORT)
def export_download(request, export_pk):
    export, file = export_file_get_for_user(request.user, export_pk)
    response = FileResponse(file, as_attachment=True, filename=export.filename)
    response["Cache-Control"] = "private, no-store"
    return response
