"""Access functions for notifications and downloads: 404 for missing and not-yours alike."""

from django.http import Http404
from django.utils import timezone

from partner.pk import pk_or_404
from trajectories.live.access import user_is_live_guest
from trajectories.live.storage import private_storage
from trajectories.models import Export, ExportState, Notification


def ensure_has_inbox(user) -> None:
    """A guest who joined a live session with its code sees only that session: no inbox, no settings."""
    if user_is_live_guest(user):
        raise Http404


def notification_get_for_user(user, notification_pk) -> Notification:
    ensure_has_inbox(user)
    found = Notification.objects.filter(
        pk=pk_or_404(notification_pk), user=user, cancelled_at__isnull=True
    ).first()
    if found is None:
        raise Http404
    return found


def export_get_for_user(user, export_pk) -> Export:
    """A download of the person who started it (nobody else's, not even of the same organisation)."""
    found = Export.objects.filter(pk=pk_or_404(export_pk), user=user, expires_at__gt=timezone.now()).first()
    if found is None:
        raise Http404
    return found


def export_file_get_for_user(user, export_pk):
    """(the download, its file opened for reading) when it is ready; 404 otherwise."""
    export = export_get_for_user(user, export_pk)
    storage = private_storage()
    if export.state != ExportState.DONE or not export.file or not storage.exists(export.file):
        raise Http404
    return export, storage.open(export.file, "rb")
