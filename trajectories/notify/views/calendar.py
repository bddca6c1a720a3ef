"""The calendar feed: a secret address, no sign-in (calendar apps cannot sign in). A wrong or
revoked secret gets 404."""

from django.http import Http404, HttpResponse

from trajectories.notify.calendar import calendar_feed as build_feed
from trajectories.notify.selectors import calendar_actions, calendar_meetings, user_for_calendar_token
from trajectories.privacy.audit import audited


@audited()
def calendar_feed(request, token):
    user = user_for_calendar_token(token=token)
    if user is None:
        raise Http404
    feed = build_feed(meetings=calendar_meetings(user=user), actions=calendar_actions(user=user))
    response = HttpResponse(feed, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="partner.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
