"""Client mode: clients get tiles and a small header, staff keep the full navigation; photos follow
their topic on step 1 and the agenda under the photo rule; too-long titles are refused, not cut."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.live_helpers import open_session, photo_bytes, topic
from trajectories.core import services
from trajectories.live.photos import process_photo
from trajectories.models import ConsentKind, Topic
from trajectories.privacy import services as privacy_services


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def url(name, world, **kwargs):
    return reverse(f"trajectories:{name}", kwargs={"pk": world.trajectory.pk, **kwargs})


def test_a_client_starts_from_tiles_and_a_menu_button_not_a_table(world, client_for):
    http = client_for(world.client)
    start = page(http.get(reverse("trajectories:dashboard")))
    assert "<table" not in start and start.count('class="client-tile"') == 4
    assert 'class="client-menu"' in start and "Iets vertellen" in start
    home = page(http.get(url("detail", world)))
    assert "Wat er gebeurt met onze punten" in home and "Mijn toestemming" in home
    # Staff words stay out of the client's header and start page.
    for word in ("Participatiematrix", "Evaluatierapport", "Te late acties", "Werkvormen"):
        assert word not in start and word not in home, word


@pytest.mark.parametrize("role", ["staff", "facilitator"])
def test_staff_and_facilitators_keep_the_full_navigation(world, client_for, role):
    http = client_for(getattr(world, role))
    start = page(http.get(reverse("trajectories:dashboard")))
    assert 'class="client-menu"' not in start and "Participatiematrix" in start
    detail = page(http.get(url("detail", world)))
    assert "client-tile" not in detail and "Onderdelen van dit traject" in detail


def test_someone_who_is_staff_somewhere_is_not_in_client_mode(world, client_for):
    from tests import factories
    from trajectories.models import MemberRole

    other = factories.trajectory_for(world.facilitator, world.organisation, title="Tweede")
    factories.add_member(other, world.client, MemberRole.STAFF, by=world.facilitator)
    assert 'class="client-menu"' not in page(client_for(world.client).get(reverse("trajectories:dashboard")))


@pytest.fixture
def photo_topic(world):
    photo = process_photo(SimpleUploadedFile("thee.jpg", photo_bytes(size=(64, 64)), content_type="image/jpeg"))
    return topic(world, world.membership(world.client), title="Thee in de middag", photo=photo)


def photo_src(world, topic_pk) -> str:
    return f'src="{reverse("trajectories:topic_photo", kwargs={"pk": world.trajectory.pk, "topic_pk": topic_pk})}"'


def test_photos_follow_their_topic_on_step_1_and_the_agenda_with_a_text_alternative(world, client_for, photo_topic):
    services.agenda_item_create(
        trajectory=world.trajectory, by=world.membership(world.client), title="Thee", topics=[photo_topic]
    )
    for user in (world.client, world.client2, world.facilitator):
        for name in ("explore", "agenda"):
            html = page(client_for(user).get(url(name, world)))
            assert photo_src(world, photo_topic.pk) in html, (user, name)
            assert 'alt="Foto bij: Thee in de middag"' in html


def test_a_withdrawn_photo_consent_hides_the_photo_from_the_other_clients_only(world, client_for, photo_topic):
    gerda = world.membership(world.client)
    consent = privacy_services.consent_give(membership=gerda, kind=ConsentKind.PHOTOS, by=world.facilitator)
    privacy_services.consent_withdraw(consent=consent, by=world.client)
    src = photo_src(world, photo_topic.pk)
    assert src not in page(client_for(world.client2).get(url("explore", world)))
    assert client_for(world.client2).get(url("topic_photo", world, topic_pk=photo_topic.pk)).status_code == 404
    assert src in page(client_for(world.client).get(url("explore", world)))
    assert src in page(client_for(world.facilitator).get(url("explore", world)))


def test_a_title_that_is_too_long_is_refused_with_a_dutch_message_and_kept(world, client_for):
    http = client_for(world.client)
    form = page(http.get(url("explore", world)))
    assert "maxlength" not in form, "the browser would cut the text off silently"
    title = "Zelfstandigheid" * 20
    response = http.post(url("explore", world), {"title": title, "theme": "food"})
    html = page(response)
    assert "niet meer dan 200 tekens bevat (het zijn er nu 300)" in html and title in html
    assert not Topic.objects.filter(trajectory=world.trajectory).exists()


def test_the_presenter_view_merges_and_its_buttons_come_back_to_it(world, client_for):
    session = open_session(world)
    lead = world.membership(world.facilitator)
    first = topic(world, lead, session=session, title="Warm eten")
    second = topic(world, lead, session=session, title="Warme maaltijd")
    http = client_for(world.facilitator)
    presenter = url("live_presenter", world, session_pk=session.pk)
    html = page(http.get(presenter))
    assert "Warm eten" in html and 'hx-get="' in html
    response = http.post(presenter, {"form": "merge", "samen-duplicate": second.pk, "samen-into": first.pk})
    assert response.status_code == 302 and response["Location"].startswith(presenter)
    assert Topic.objects.get(pk=second.pk).merged_into_id == first.pk
    pressed = http.post(url("live_control", world, session_pk=session.pk), {"action": "input_close", "next": "presenter"})
    assert pressed["Location"] == presenter
    # The console's form that the presenter view does not have is refused there with a message.
    refused = http.post(presenter, {"form": "topic"})
    assert refused.status_code == 302


def test_with_the_timer_running_the_console_and_presenter_view_have_no_form_inside_a_form(world, client_for):
    """The finding: the stop-timer button's form sat inside the timer's form (invalid, and it sent the wrong one)."""
    from tests.html import assert_valid_html
    from trajectories.live import services as live_services

    session = live_services.live_timer_start(session=open_session(world), by=world.facilitator, minutes=5)
    http = client_for(world.facilitator)
    for name in ("live_console", "live_presenter"):
        response = http.get(url(name, world, session_pk=session.pk))
        assert 'value="timer_stop"' in page(response)
        assert_valid_html(response)
        forms = re.findall(r"<(/?)form\b", response.content.decode())
        depth = 0
        for closing in forms:
            depth += -1 if closing else 1
            assert depth in (0, 1), f"{name}: a form inside a form"
