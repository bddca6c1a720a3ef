"""The personal calendar feed, parsed back with icalendar: the person's sessions (with time and
place) and their actions' due and review dates; titles only; a wrong or revoked secret gets 404."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from trajectories.core import services
from trajectories.models import MeetingGroup, Step
from trajectories.notify import services as notify_services

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def feed_url(token):
    return reverse("trajectories:calendar_feed", kwargs={"token": token})


@pytest.fixture
def planned(world):
    day = timezone.localdate() + datetime.timedelta(days=3)
    clients_session = services.meeting_create(
        trajectory=world.trajectory, by=world.facilitator, date=day, step=Step.EXPLORE, group=MeetingGroup.CLIENTS,
        title="Foto's van een goede maaltijd", start_time=datetime.time(10, 0), end_time=datetime.time(11, 30),
        place="Huiskamer De Linde", notes="Geheime notitie over mevrouw Bakker",
    )
    staff_session = services.meeting_create(
        trajectory=world.trajectory, by=world.facilitator, date=day, step=Step.STAFF, group=MeetingGroup.STAFF,
        title="Spiegelgesprek",
    )
    lead = world.membership(world.facilitator)
    action = services.action_create(
        trajectory=world.trajectory, by=lead, what="Menukaart met foto's", owner=world.membership(world.client),
        steps="Geheime stap", due_date=day + datetime.timedelta(days=10), review_date=day + datetime.timedelta(days=40),
    )
    return {"clients": clients_session, "staff": staff_session, "action": action, "day": day}


def events_of(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_a_client_gets_their_sessions_and_actions(world, planned):
    token = notify_services.calendar_token_renew(user=world.client).calendar_token
    response = Client().get(feed_url(token))
    events = events_of(response)
    session = next(event for uid, event in events.items() if uid.startswith(f"session-{planned['clients'].pk}@"))
    assert "Foto's van een goede maaltijd" in str(session["SUMMARY"]) and world.trajectory.title in str(session["SUMMARY"])
    assert session.decoded("DTSTART") == datetime.datetime.combine(planned["day"], datetime.time(10), tzinfo=AMSTERDAM)
    assert session.decoded("DTEND") == datetime.datetime.combine(planned["day"], datetime.time(11, 30), tzinfo=AMSTERDAM)
    assert str(session["LOCATION"]) == "Huiskamer De Linde"
    # Not the staff's own session.
    assert not any(uid.startswith(f"session-{planned['staff'].pk}@") for uid in events)
    due = next(event for uid, event in events.items() if uid.startswith("action-due-"))
    assert due.decoded("DTSTART") == planned["action"].due_date
    review = next(event for uid, event in events.items() if uid.startswith("action-review-"))
    assert review.decoded("DTSTART") == planned["action"].review_date
    # Titles only: no notes, no steps.
    assert b"Geheime" not in response.content and b"Bakker" not in response.content
    assert response["Cache-Control"] == "private, no-store"


def test_staff_see_their_own_session_and_the_facilitator_all(world, planned):
    staff_events = events_of(Client().get(feed_url(notify_services.calendar_token_renew(user=world.staff).calendar_token)))
    assert any(uid.startswith(f"session-{planned['staff'].pk}@") for uid in staff_events)
    assert not any(uid.startswith(f"session-{planned['clients'].pk}@") for uid in staff_events)
    lead_events = events_of(
        Client().get(feed_url(notify_services.calendar_token_renew(user=world.facilitator).calendar_token))
    )
    assert {f"session-{planned['staff'].pk}", f"session-{planned['clients'].pk}"} <= {
        uid.split("@")[0] for uid in lead_events}


def test_a_session_without_a_time_is_a_whole_day(world, planned):
    services.meeting_update(meeting=planned["clients"], by=world.facilitator, start_time=None, end_time=None)
    token = notify_services.calendar_token_renew(user=world.client).calendar_token
    events = events_of(Client().get(feed_url(token)))
    session = next(event for uid, event in events.items() if uid.startswith(f"session-{planned['clients'].pk}@"))
    assert session.decoded("DTSTART") == planned["day"]


def test_a_wrong_renewed_or_revoked_secret_gets_404(world, planned):
    http = Client()
    old = notify_services.calendar_token_renew(user=world.client).calendar_token
    assert http.get(feed_url(old)).status_code == 200
    assert http.get(feed_url("not-the-secret")).status_code == 404
    new = notify_services.calendar_token_renew(user=world.client).calendar_token
    assert new != old and http.get(feed_url(old)).status_code == 404 and http.get(feed_url(new)).status_code == 200
    notify_services.calendar_token_revoke(user=world.client)
    assert http.get(feed_url(new)).status_code == 404


def test_an_account_that_was_ended_has_no_feed(world, planned):
    token = notify_services.calendar_token_renew(user=world.client).calendar_token
    world.client.is_active = False
    world.client.save(update_fields=["is_active"])
    assert Client().get(feed_url(token)).status_code == 404
