"""The inbox (clients too: a pictogram and one plain sentence, read aloud on request), the unread
count in the header, opening a notification, the settings page, and a session's time and place."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from tests.html import assert_valid_html
from trajectories.core.forms import MeetingForm
from trajectories.models import EmailFrequency, MeetingGroup, NotificationKind, PersonalSettings, Step
from trajectories.notify import services as notify_services

INBOX = reverse("trajectories:inbox")


def step_moved(world, user, key="v:1"):
    (made,) = notify_services.notify(
        users=[user], kind=NotificationKind.STEP_MOVED, event_key=key, trajectory=world.trajectory,
        target=reverse("trajectories:detail", kwargs={"pk": world.trajectory.pk}),
    )
    return made


def test_a_client_reads_their_news_with_a_pictogram_and_a_plain_sentence(world, client_for):
    step_moved(world, world.client)
    http = client_for(world.client)
    response = http.get(INBOX)
    assert response.status_code == 200
    assert_valid_html(response)
    page = response.content.decode()
    assert f"“{world.trajectory.title}” is naar een andere stap gegaan." in page
    assert "icons/ui/bell.svg" in page and "data-read-aloud" in page
    # The header counts what is unread: the invitation of the world and this one.
    assert response.context["unread_notifications"] == 2


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(world, client_for):
    notification = step_moved(world, world.client)
    http = client_for(world.client)
    response = http.get(reverse("trajectories:notification_open", kwargs={"notification_pk": notification.pk}))
    assert response.status_code == 302
    assert response["Location"] == reverse("trajectories:detail", kwargs={"pk": world.trajectory.pk})
    notification.refresh_from_db()
    assert not notification.is_unread
    # Somebody else's notification: 404.
    other = client_for(world.client2)
    assert other.get(reverse("trajectories:notification_open", kwargs={"notification_pk": notification.pk})).status_code == 404


def test_mark_everything_read(world, client_for):
    step_moved(world, world.client)
    http = client_for(world.client)
    assert http.post(reverse("trajectories:inbox_read_all")).status_code == 302
    assert http.get(INBOX).context["unread_notifications"] == 0


def test_the_settings_page_saves_the_choice_and_makes_a_calendar_address(world, client_for):
    http = client_for(world.facilitator)
    page = reverse("trajectories:inbox_settings")
    assert_valid_html(http.get(page))
    assert http.post(page, {"email_frequency": EmailFrequency.DAILY}).status_code == 302
    assert PersonalSettings.objects.get(user=world.facilitator).email_frequency == EmailFrequency.DAILY
    refused = http.post(page, {"email_frequency": "hourly"})
    assert refused.status_code == 200 and refused.context["form"].errors["email_frequency"]
    http.post(reverse("trajectories:calendar_address_change"), {"action": "renew"})
    token = PersonalSettings.objects.get(user=world.facilitator).calendar_token
    assert token and reverse("trajectories:calendar_feed", kwargs={"token": token}) in http.get(page).content.decode()
    # The calendar address is on the person's own page too.
    assert token in http.get(reverse("trajectories:my_data")).content.decode()
    http.post(reverse("trajectories:calendar_address_change"), {"action": "revoke"})
    assert PersonalSettings.objects.get(user=world.facilitator).calendar_token == ""


def test_a_session_shows_its_time_and_place(world, client_for):
    http = client_for(world.facilitator)
    day = timezone.localdate() + datetime.timedelta(days=2)
    response = http.post(reverse("trajectories:meeting_create", kwargs={"pk": world.trajectory.pk}), {
        "kind": "session", "title": "Samen eten", "date": day.isoformat(), "start_time": "10:00",
        "end_time": "11:30", "place": "Huiskamer", "step": Step.EXPLORE, "group": MeetingGroup.JOINT,
    })
    assert response.status_code == 302
    page = http.get(reverse("trajectories:meetings", kwargs={"pk": world.trajectory.pk})).content.decode()
    assert "10:00 tot 11:30" in page and "Huiskamer" in page


@pytest.mark.parametrize(("start", "end", "field", "code"), [
    ("", "11:00", "start_time", "start_missing"),
    ("11:00", "10:00", "end_time", "end_before_start"),
    ("11:00", "11:00", "end_time", "end_before_start"),
])
def test_a_session_must_end_after_it_starts(world, start, end, field, code):
    form = MeetingForm({
        "kind": "session", "date": timezone.localdate().isoformat(), "start_time": start, "end_time": end,
        "step": Step.EXPLORE, "group": MeetingGroup.JOINT,
    }, organisation_id=world.organisation.pk)
    assert not form.is_valid()
    assert form.errors.as_data()[field][0].code == code
    with override("nl"):
        assert gettext("The session must end after it starts.") != "The session must end after it starts."


def test_starting_a_combined_export_checks_the_selection(world, client_for):
    http = client_for(world.quality)
    url = reverse("trajectories:plans_export")
    # Another organisation's plan: 404, as for the single PDF; nothing is queued.
    assert http.post(url, {"traject": [world.trajectory.pk, world.other_trajectory.pk]}).status_code == 404
    empty = http.post(url)
    assert empty.status_code == 302 and empty["Location"] == reverse("trajectories:plans_overview")
    assert [str(m) for m in http.get(empty["Location"]).context["messages"]]
    started = http.post(url, {"traject": [world.trajectory.pk]})
    assert started.status_code == 302 and "/downloads/" in started["Location"]
    progress = http.get(started["Location"])
    assert_valid_html(progress)
    etag = progress.context["etag"]
    status_url = started["Location"] + "voortgang/"
    # The poll: unchanged answers 304 Not Modified; a change sends the new state.
    assert http.get(status_url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert http.get(status_url, HTTP_IF_NONE_MATCH='"other"').status_code == 200
