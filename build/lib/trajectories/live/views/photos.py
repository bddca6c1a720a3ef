"""Photos with topics, streamed only after a permission check (they are never public files)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from trajectories.live.access import topic_photo_get_for_user
from trajectories.privacy.audit import AuditAction, audited


@login_required
@audited(read=AuditAction.EXPORT)
def topic_photo(request, pk, topic_pk):
    photo = topic_photo_get_for_user(request.user, pk, topic_pk)
    try:
        handle = photo.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Content-Disposition"] = "inline"
    # Care data, and consent can be withdrawn at any moment: no browser or proxy keeps a copy, so a
    # photo is never shown again from a cache once its client said no.
    response["Cache-Control"] = "private, no-store"
    return response
