"""Photos with topics, streamed only after a permission check (they are never public files)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from trajectories.access import topic_photo_get_for_user


@login_required
def topic_photo(request, pk, topic_pk):
    photo = topic_photo_get_for_user(request.user, pk, topic_pk)
    try:
        handle = photo.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Content-Disposition"] = "inline"
    # Care data: the browser may keep it for this person only, and not for long.
    response["Cache-Control"] = "private, max-age=600"
    return response
