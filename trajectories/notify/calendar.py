"""The personal calendar feed (iCalendar, RFC 5545) that Outlook and Google Calendar subscribe to.

Titles only: the trajectory's title, the session's title and place, the action's short title and
a link that needs a sign-in. Never notes, steps or what anyone wrote.
"""

import datetime
import zoneinfo

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trajectories.notify.services import site_url


def _uid(kind: str, pk: int) -> str:
    host = settings.PARTNER_SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "partner"
    return f"{kind}-{pk}@{host}"


def _meeting_event(meeting, zone) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", _uid("session", meeting.pk))
    title = meeting.title or _("Session")
    event.add("summary", f"{title} ({meeting.trajectory.title})")
    if meeting.start_time is not None:
        start = datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=zone)
        end_time = meeting.end_time or (start + datetime.timedelta(hours=1)).time()
        event.add("dtstart", start)
        event.add("dtend", datetime.datetime.combine(meeting.date, end_time, tzinfo=zone))
    else:
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + datetime.timedelta(days=1))
    if meeting.place:
        event.add("location", meeting.place)
    event.add("url", site_url(reverse("trajectories:meeting_detail",
                                      kwargs={"pk": meeting.trajectory_id, "meeting_pk": meeting.pk})))
    return event


def _day_event(uid: str, summary: str, day: datetime.date, url: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("url", url)
    return event


def calendar_feed(*, meetings, actions) -> bytes:
    """The feed of these sessions and these actions' due and review dates."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    stamp = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//PARTNER//partner//NL")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", "PARTNER")
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        # How often a subscribed calendar asks again (Outlook and Apple read this).
        calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
        events = [_meeting_event(meeting, zone) for meeting in meetings]
        for action in actions:
            url = site_url(reverse("trajectories:action_detail",
                                   kwargs={"pk": action.trajectory_id, "action_pk": action.pk}))
            events.append(_day_event(
                _uid("action-due", action.pk),
                _("Action due: %(what)s (%(trajectory)s)") % {"what": action.what, "trajectory": action.trajectory.title},
                action.due_date, url,
            ))
            if action.review_date:
                events.append(_day_event(
                    _uid("action-review", action.pk),
                    _("Look back on: %(what)s (%(trajectory)s)") % {"what": action.what,
                                                                     "trajectory": action.trajectory.title},
                    action.review_date, url,
                ))
        for event in events:
            event.add("dtstamp", stamp)
            calendar.add_component(event)
    return calendar.to_ical()
