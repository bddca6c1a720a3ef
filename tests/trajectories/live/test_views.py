"""Live sessions through the pages: joining without a password, the one-question form, photos,
the room screen's poll, voting, the console, and what a guest can and cannot open."""

import datetime
import io
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests.html import assert_valid_html
from tests.live_helpers import EXIF_MAKE, GPS_IFD, exif_of, join, open_session, photo_bytes, topic
from tests.url_matrix import EXPECTED
from trajectories.live import services as live_services
from trajectories.models import LiveSession, Membership, Topic, TopicPhoto, Vote


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def session(world):
    return open_session(world)


@pytest.fixture
def guest_http(session):
    """A phone that joined the session through the pages, as "Bep"."""
    http = Client()
    response = http.post(reverse("trajectories:live_join_code", kwargs={"code": session.join_code}), {"name": "Bep"})
    assert response.status_code == 302
    assert response["Location"] == reverse("trajectories:live_client", kwargs={"pk": session.pk})
    return http


def guest_membership(session, name="Bep") -> Membership:
    return Membership.objects.get(joined_session=session, user__first_name=name)


class TestJoining:
    def test_join_with_the_code_as_typed_and_a_first_name(self, world, session):
        http = Client()
        page = http.get(reverse("trajectories:live_join"))
        assert page.status_code == 200
        assert_valid_html(page)
        typed = f"{session.join_code[:3].lower()} {session.join_code[3:].lower()}"
        response = http.post(reverse("trajectories:live_join"), {"code": typed})
        assert response["Location"] == reverse("trajectories:live_join_code", kwargs={"code": session.join_code})
        name_page = http.get(response["Location"])
        assert "Hoe heet je?" in text(name_page)
        assert_valid_html(name_page)
        response = http.post(response["Location"], {"name": "Bep"})
        home = http.get(response["Location"])
        assert home.status_code == 200
        assert "Hallo Bep!" in text(home)
        assert_valid_html(home)
        # The start page of a guest is their session; there is no password to log in with.
        assert http.get(reverse("trajectories:dashboard"))["Location"] == response["Location"]
        assert guest_membership(session).user.has_usable_password() is False

    def test_join_without_a_name(self, world, session):
        http = Client()
        url = reverse("trajectories:live_join_code", kwargs={"code": session.join_code})
        http.post(url, {"name": "", "anonymous": "1"})
        guest = Membership.objects.get(joined_session=session)
        assert guest.joined_anonymously and guest.display_name == "Deelnemer 1"

    def test_an_empty_name_gets_a_plain_message(self, world, session):
        http = Client()
        url = reverse("trajectories:live_join_code", kwargs={"code": session.join_code})
        response = http.post(url, {"name": "  "})
        assert response.status_code == 200
        assert "Typ je voornaam of een bijnaam" in text(response)
        assert not Membership.objects.filter(joined_session=session).exists()

    @pytest.mark.parametrize(
        "spoil, message",
        [
            ("unknown", "Deze code kennen we niet"),
            ("revoked", "Deze code kennen we niet"),
            ("expired", "Deze code werkt niet meer"),
            ("closed", "Deze sessie is voorbij"),
        ],
    )
    def test_wrong_expired_revoked_or_closed_codes_get_a_clear_message(self, world, session, spoil, message):
        code = session.join_code
        if spoil == "unknown":
            code = "ZZZZZZ" if code != "ZZZZZZ" else "YYYYYY"
        elif spoil == "revoked":
            live_services.live_code_revoke(session=session, by=world.facilitator)
        elif spoil == "expired":
            LiveSession.objects.filter(pk=session.pk).update(code_expires_at=timezone.now() - datetime.timedelta(1))
        else:
            live_services.live_session_close(session=session, by=world.facilitator)
        http = Client()
        response = http.post(reverse("trajectories:live_join"), {"code": code})
        assert response.status_code == 200
        assert message in text(response)
        assert f'value="{code}"' in text(response), "what was typed stays in the field"
        direct = http.get(reverse("trajectories:live_join_code", kwargs={"code": code}))
        assert message in text(direct)
        assert not Membership.objects.filter(joined_session=session).exists()

    def test_guessing_is_slowed_down(self, world, session, settings):
        settings.LIVE_JOIN_MAX_FAILURES = 3
        http = Client()
        for _ in range(3):
            assert http.post(reverse("trajectories:live_join"), {"code": "QQQQQQ"}).status_code == 200
        blocked = http.post(reverse("trajectories:live_join"), {"code": session.join_code})
        assert blocked.status_code == 429
        assert "te vaak een verkeerde code" in text(blocked)
        assert http.get(reverse("trajectories:live_join_code", kwargs={"code": session.join_code})).status_code == 429
        assert not Membership.objects.filter(joined_session=session).exists()

    def test_a_logged_in_staff_member_is_asked_to_log_out_first(self, world, session, client_for):
        http = client_for(world.staff)
        url = reverse("trajectories:live_join_code", kwargs={"code": session.join_code})
        page = http.get(url)
        assert "Log eerst uit" in text(page)
        http.post(url, {"name": "Bep"})
        assert not Membership.objects.filter(joined_session=session).exists()

    def test_a_client_with_an_account_goes_straight_to_the_session(self, world, session, client_for):
        response = client_for(world.client).get(
            reverse("trajectories:live_join_code", kwargs={"code": session.join_code})
        )
        assert response["Location"] == reverse("trajectories:live_client", kwargs={"pk": session.pk})

    def test_closing_the_session_logs_the_guests_out_with_a_goodbye_not_a_password_form(
        self, world, session, guest_http
    ):
        home = reverse("trajectories:live_client", kwargs={"pk": session.pk})
        assert guest_http.get(home).status_code == 200
        live_services.live_session_close(session=session, by=world.facilitator)
        for url in (home, reverse("trajectories:live_topic", kwargs={"pk": session.pk}), reverse("trajectories:dashboard")):
            response = guest_http.get(url)
            assert response.status_code == 200, url
            page = text(response)
            assert "Deze bijeenkomst is afgelopen. Dank je wel!" in page
            assert 'name="password"' not in response.content.decode()
        # Nothing else opens, and a new code can still be typed.
        assert guest_http.post(reverse("trajectories:live_vote", kwargs={"pk": session.pk}), {}).status_code == 200
        assert guest_http.get(reverse("trajectories:live_join")).status_code == 200
        assert 'name="password"' in guest_http.get(reverse("login")).content.decode()


class TestOneQuestionPerScreen:
    def url(self, session):
        return reverse("trajectories:live_topic", kwargs={"pk": session.pk})

    def test_each_screen_asks_one_thing_and_carries_the_earlier_answers(self, session, guest_http):
        first = guest_http.get(self.url(session))
        assert_valid_html(first)
        assert 'name="theme"' in text(first) and 'name="title"' not in text(first)
        assert "Vraag 1 van 4" in text(first)
        second = guest_http.post(self.url(session), {"step": "theme", "theme": "food"})
        page = text(second)
        assert_valid_html(second)
        assert '<input type="hidden" name="theme" value="food">' in page
        assert 'id="id_title"' in page and "Vraag 2 van 4" in page
        empty = guest_http.post(self.url(session), {"step": "title", "theme": "food", "title": "  "})
        assert "Schrijf een paar woorden" in text(empty)
        assert '<input type="hidden" name="theme" value="food">' in text(empty)
        third = guest_http.post(self.url(session), {"step": "title", "theme": "food", "title": "Lauw <b>eten</b>"})
        assert 'value="Lauw &lt;b&gt;eten&lt;/b&gt;"' in text(third)
        back = guest_http.post(
            self.url(session), {"step": "story", "theme": "food", "title": "Lauw eten", "story": "Koud", "back": "1"}
        )
        assert 'value="Lauw eten"' in text(back) and '<input type="hidden" name="story" value="Koud">' in text(back)
        done = guest_http.post(
            self.url(session), {"step": "photo", "theme": "food", "title": "Lauw eten", "story": "Het is koud."}
        )
        assert done.status_code == 302
        added = Topic.objects.get(title="Lauw eten")
        assert (added.theme, added.story, added.live_session, added.author) == (
            "food", "Het is koud.", session, guest_membership(session),
        )

    def test_a_photo_loses_its_gps_and_device_data_and_is_scaled_down(self, session, guest_http):
        original = photo_bytes(size=(3000, 2000), gps=True)
        assert exif_of(original).get_ifd(GPS_IFD), "the test photo must carry GPS data"
        response = guest_http.post(
            self.url(session),
            {"step": "photo", "theme": "at_home", "title": "Mijn kamer",
             "photo": SimpleUploadedFile("kamer.jpg", original, content_type="image/jpeg")},
        )
        assert response.status_code == 302
        stored = TopicPhoto.objects.get(topic__title="Mijn kamer")
        data = stored.file.read()
        exif = exif_of(data)
        assert not exif.get_ifd(GPS_IFD) and EXIF_MAKE not in exif and len(exif) == 0
        assert b"PhoneMaker" not in data and b"Exif" not in data
        assert max(stored.width, stored.height) == settings.PHOTO_MAX_SIDE
        assert str(settings.PRIVATE_MEDIA_ROOT) in stored.file.path
        assert not str(stored.file.path).startswith(str(settings.STATIC_ROOT))

    @pytest.mark.parametrize(
        "upload, message",
        [
            (SimpleUploadedFile("nep.jpg", b"<script>alert(1)</script>", content_type="image/jpeg"),
             "geen foto die we kunnen openen"),
            (SimpleUploadedFile("leeg.jpg", b"", content_type="image/jpeg"), "leeg"),
            (SimpleUploadedFile("klein.png", photo_bytes(size=(8, 8), fmt="PNG"), content_type="image/png"),
             "te klein"),
            (SimpleUploadedFile("plaatje.bmp", photo_bytes(size=(200, 200), fmt="BMP"), content_type="image/bmp"),
             "Dit soort bestand"),
        ],
        ids=["fake", "empty", "tiny", "bmp"],
    )
    def test_a_bad_file_is_refused_and_the_words_are_kept(self, session, guest_http, upload, message):
        response = guest_http.post(
            self.url(session),
            {"step": "photo", "theme": "food", "title": "Mijn bord", "story": "Met een foto", "photo": upload},
        )
        assert response.status_code == 200
        assert message in text(response)
        assert '<input type="hidden" name="title" value="Mijn bord">' in text(response)
        assert '<input type="hidden" name="story" value="Met een foto">' in text(response)
        assert not Topic.objects.exists() and not TopicPhoto.objects.exists()

    def test_an_oversized_photo_is_refused(self, session, guest_http, settings):
        settings.PHOTO_MAX_UPLOAD_BYTES = 1000
        response = guest_http.post(
            self.url(session),
            {"step": "photo", "theme": "food", "title": "Groot",
             "photo": SimpleUploadedFile("groot.jpg", photo_bytes(), content_type="image/jpeg")},
        )
        assert "te groot" in text(response)
        assert not Topic.objects.exists()

    def test_too_many_pixels_is_refused(self, session, guest_http, settings):
        settings.PHOTO_MAX_PIXELS = 100 * 100
        response = guest_http.post(
            self.url(session),
            {"step": "photo", "theme": "food", "title": "Veel pixels",
             "photo": SimpleUploadedFile("groot.png", photo_bytes(size=(400, 400), fmt="PNG"),
                                         content_type="image/png")},
        )
        assert "te veel pixels" in text(response)
        assert not Topic.objects.exists()

    def test_paused_input_says_so_and_keeps_the_words(self, world, session, guest_http):
        live_services.live_input_set(session=session, by=world.facilitator, is_open=False)
        response = guest_http.post(self.url(session), {"step": "photo", "theme": "food", "title": "Nog even"})
        assert "even gestopt" in text(response)
        assert '<input type="hidden" name="title" value="Nog even">' in text(response)
        assert not Topic.objects.exists()

    def test_an_unknown_step_starts_at_the_first_question(self, session, guest_http):
        response = guest_http.post(self.url(session), {"step": "<script>", "theme": "food"})
        assert response.status_code == 200 and "Vraag 2 van 4" in text(response)


class TestPhotos:
    @pytest.fixture
    def photo_topic(self, world, session):
        guest = join(session, name="Bep")
        from trajectories.live.photos import process_photo

        photo = process_photo(SimpleUploadedFile("a.jpg", photo_bytes(), content_type="image/jpeg"))
        return topic(world, guest, session, title="Met foto", photo=photo)

    def url(self, added):
        return reverse("trajectories:topic_photo", kwargs={"pk": added.trajectory_id, "topic_pk": added.pk})

    @pytest.mark.parametrize("role, status", [
        ("client", 200), ("facilitator", 200), ("staff", 404), ("quality", 404), ("other_facilitator", 404),
        ("outsider", 404), ("admin", 404),
    ])
    def test_only_the_client_space_sees_photos(self, world, photo_topic, client_for, role, status):
        response = client_for(getattr(world, role)).get(self.url(photo_topic))
        assert response.status_code == status
        if status == 200:
            assert response["Content-Type"] == "image/jpeg"
            assert "private" in response["Cache-Control"]
            with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
                assert image.format == "JPEG"

    def test_a_guest_sees_only_their_own_photos(self, world, session, photo_topic, guest_http):
        # guest_http is "Bep" too, but another person: the photo belongs to the first Bep.
        assert guest_http.get(self.url(photo_topic)).status_code == 404
        own = Client()
        own.force_login(photo_topic.author.user)
        assert own.get(self.url(photo_topic)).status_code == 200

    def test_there_is_no_public_address_for_photos(self, photo_topic):
        stored = TopicPhoto.objects.get()
        with pytest.raises(ValueError):
            stored.file.url  # noqa: B018
        assert Client().get(self.url(photo_topic)).status_code == 302  # to the login page


class TestBoardPoll:
    def url(self, world, session, name="trajectories:live_board_partial"):
        return reverse(name, kwargs={"pk": world.trajectory.pk, "session_pk": session.pk})

    def test_an_unchanged_board_answers_304_and_news_answers_200(self, world, session, client_for):
        http = client_for(world.facilitator)
        first = http.get(self.url(world, session))
        assert first.status_code == 200
        etag = first["ETag"]
        again = http.get(self.url(world, session), HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304 and again.content == b""
        topic(world, join(session), LiveSession.objects.get(pk=session.pk), title="Nieuw onderwerp")
        news = http.get(self.url(world, session), HTTP_IF_NONE_MATCH=etag)
        assert news.status_code == 200 and news["ETag"] != etag
        assert "Nieuw onderwerp" in text(news)
        assert news["Cache-Control"] == "no-store"

    def test_the_board_page_polls_without_a_websocket_and_loads_only_our_scripts(self, world, session, client_for):
        page = client_for(world.facilitator).get(self.url(world, session, "trajectories:live_board"))
        assert_valid_html(page)
        html = text(page)
        assert 'hx-trigger="every 2000ms"' in html
        assert session.join_code in html and "<svg" in html  # the code and the QR code
        scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
        assert scripts and all(src.startswith("/static/") for src in scripts)
        assert "http://" not in html.replace(f"http://testserver/meedoen/{session.join_code}/", "")

    def test_the_board_does_not_show_facilitator_only_knowledge(self, world, session, client_for):
        guest = join(session, name="Bep")
        topic(world, guest, LiveSession.objects.get(pk=session.pk), title="Geheim", is_anonymous=True)
        live_services.live_names_set(session=session, by=world.facilitator, show=True)
        board = text(client_for(world.facilitator).get(self.url(world, session)))
        assert "Geheim" in board and "anoniem" in board and "Bep" not in board


class TestVotingPages:
    @pytest.fixture
    def voting(self, world, session, guest_http):
        rust = topic(world, world.membership(world.client), session, title="Rust aan tafel")
        live_services.live_voting_open(session=session, by=world.facilitator, dots_per_client=2, max_dots_per_topic=1)
        return rust

    def url(self, session):
        return reverse("trajectories:live_vote", kwargs={"pk": session.pk})

    def test_a_client_places_a_dot_and_the_cap_gets_a_plain_message(self, session, guest_http, voting):
        page = guest_http.get(self.url(session))
        assert_valid_html(page)
        assert "Je hebt nog 2 stippen" in text(page)
        guest_http.post(self.url(session), {"topic": voting.pk, "op": "add"})
        refused = guest_http.post(self.url(session), {"topic": voting.pk, "op": "add"}, follow=True)
        assert "hoogstens 1 stippen op één onderwerp" in text(refused)
        assert Vote.objects.count() == 1
        guest_http.post(self.url(session), {"topic": voting.pk, "op": "remove"})
        assert Vote.objects.count() == 0

    def test_a_vote_after_the_reveal_is_refused(self, world, session, guest_http, voting):
        guest_http.post(self.url(session), {"topic": voting.pk, "op": "add"})
        live_services.live_votes_reveal(session=session, by=world.facilitator)
        refused = guest_http.post(self.url(session), {"topic": voting.pk, "op": "add"}, follow=True)
        assert "De uitslag is al bekend. Stemmen kan niet meer." in text(refused)
        assert Vote.objects.count() == 1

    @pytest.mark.parametrize("topic_value", ["", "abc", str(2**70), "-1", "999999"])
    def test_a_broken_topic_is_not_found(self, session, guest_http, voting, topic_value):
        assert guest_http.post(self.url(session), {"topic": topic_value, "op": "add"}).status_code == 404
        assert not Vote.objects.exists()

    def test_a_topic_of_another_trajectory_is_not_found(self, world, session, guest_http, voting):
        other = world.other_trajectory
        elsewhere = Topic.objects.create(trajectory=other, title="Elders", theme="other")
        assert guest_http.post(self.url(session), {"topic": elsewhere.pk, "op": "add"}).status_code == 404


class TestConsole:
    def url(self, world, session):
        return reverse("trajectories:live_console", kwargs={"pk": world.trajectory.pk, "session_pk": session.pk})

    def test_the_console_shows_the_code_the_address_and_a_qr_code(self, world, session, client_for):
        page = client_for(world.facilitator).get(self.url(world, session))
        assert_valid_html(page)
        html = text(page)
        assert session.join_code in html
        assert f"http://testserver/meedoen/{session.join_code}/" in html
        assert "<svg" in html and "<path" in html

    def test_the_facilitator_adds_a_topic_with_a_photo_on_behalf_of_a_client(self, world, session, client_for):
        http = client_for(world.facilitator)
        response = http.post(self.url(world, session), {
            "form": "topic", "namens-on_behalf_of": "", "namens-on_behalf_of_name": "Mevrouw Jansen",
            "namens-title": "Een eigen tuintje", "namens-theme": "at_home", "namens-story": "",
            "namens-photo": SimpleUploadedFile("tuin.jpg", photo_bytes(), content_type="image/jpeg"),
        })
        assert response.status_code == 302
        added = Topic.objects.get(title="Een eigen tuintje")
        assert added.entered_by == world.membership(world.facilitator)
        assert added.on_behalf_of_name == "Mevrouw Jansen" and added.live_session == session
        assert not exif_of(added.photo.file.read()).get_ifd(GPS_IFD)

    def test_a_refused_on_behalf_topic_keeps_what_was_typed(self, world, session, client_for):
        response = client_for(world.facilitator).post(self.url(world, session), {
            "form": "topic", "namens-on_behalf_of": world.membership(world.client).pk,
            "namens-on_behalf_of_name": "Ook een naam", "namens-title": "Bewaard", "namens-theme": "food",
        })
        assert response.status_code == 200
        assert "niet allebei" in text(response) and 'value="Bewaard"' in text(response)
        assert not Topic.objects.exists()

    def test_on_behalf_votes_and_merges_go_through_the_console(self, world, session, client_for):
        http = client_for(world.facilitator)
        lead = world.membership(world.facilitator)
        kept = topic(world, lead, session, title="Lauw eten", on_behalf_of_name="A")
        duplicate = topic(world, lead, session, title="Koud eten", on_behalf_of_name="B")
        live_services.live_voting_open(session=session, by=world.facilitator, dots_per_client=2, max_dots_per_topic=1)
        vote = {"form": "vote", "stem-voter": "", "stem-voter_name": "Mevrouw Jansen", "stem-topic": kept.pk,
                "op": "add"}
        assert http.post(self.url(world, session), vote).status_code == 302
        refused = http.post(self.url(world, session), vote)
        assert refused.status_code == 200 and "hoogstens 1 stippen" in text(refused)
        nameless = http.post(self.url(world, session), {**vote, "stem-voter_name": ""})
        assert "Zo krijgt ieder eigen stippen" in text(nameless)
        merged = http.post(self.url(world, session), {
            "form": "merge", "samen-duplicate": duplicate.pk, "samen-into": kept.pk,
        })
        assert merged.status_code == 302
        assert Topic.objects.get(pk=duplicate.pk).merged_into_id == kept.pk
        assert Vote.objects.get().voter_name == "Mevrouw Jansen"

    def test_controls_answer_with_a_message_and_refuse_unknown_buttons(self, world, session, client_for):
        http = client_for(world.facilitator)
        control = reverse("trajectories:live_control", kwargs={"pk": world.trajectory.pk, "session_pk": session.pk})
        response = http.post(control, {"action": "names_show", "next": "board"}, follow=True)
        assert response.redirect_chain[-1][0].endswith("/scherm/")
        assert LiveSession.objects.get(pk=session.pk).show_names
        unknown = http.post(control, {"action": "<script>"}, follow=True)
        assert "Deze knop bestaat niet" in text(unknown)
        bad_timer = http.post(control, {"action": "timer_start", "timer-minutes": "abc"}, follow=True)
        assert bad_timer.status_code == 200 and LiveSession.objects.get(pk=session.pk).timer_ends_at is None
        reveal = http.post(control, {"action": "reveal"}, follow=True)
        assert "Er heeft nog niemand gestemd." in text(reveal)

    def test_closing_needs_a_confirmation(self, world, session, client_for):
        http = client_for(world.facilitator)
        url = reverse("trajectories:live_close", kwargs={"pk": world.trajectory.pk, "session_pk": session.pk})
        assert "Ja, sluit de sessie" in text(http.get(url))
        assert not LiveSession.objects.get(pk=session.pk).is_closed
        http.post(url)
        assert LiveSession.objects.get(pk=session.pk).is_closed

    def test_opening_a_session_from_the_list(self, world, client_for):
        http = client_for(world.facilitator)
        url = reverse("trajectories:live_sessions", kwargs={"pk": world.trajectory.pk})
        bad = http.post(url, {"title": "Huiskamer", "dots_per_client": "2", "max_dots_per_topic": "5"})
        assert bad.status_code == 200 and "niet meer dan het aantal stippen" in text(bad)
        assert 'value="Huiskamer"' in text(bad)
        response = http.post(url, {"title": "Huiskamer", "dots_per_client": "3", "max_dots_per_topic": "2"})
        session = LiveSession.objects.get()
        assert response["Location"] == self.url(world, session)


def test_a_guest_sees_nothing_of_the_trajectory_but_their_session(world, session, guest_http):
    """Joined clients never see staff content, nor anything else of the trajectory."""
    guest = guest_membership(session)
    pk = world.trajectory.pk
    allowed = {
        reverse("trajectories:live_client", kwargs={"pk": session.pk}),
        reverse("trajectories:live_topic", kwargs={"pk": session.pk}),
        reverse("trajectories:live_vote", kwargs={"pk": session.pk}),
    }
    for path in allowed:
        assert guest_http.get(path).status_code == 200, path
    # Every trajectory page with the trajectory's own pk answers 404.
    for name, (method, _build, _roles, _status) in EXPECTED.items():
        if not name.startswith("trajectories:") or method != "GET":
            continue
        pattern = reverse(name, kwargs={"pk": pk}) if _only_pk(name) else None
        if pattern:
            assert guest_http.get(pattern).status_code == 404, f"a guest opened {pattern}"
    assert guest.user.is_active


def _only_pk(name: str) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name, kwargs={"pk": 1})
    except NoReverseMatch:
        return False
    return name not in {"trajectories:live_client", "trajectories:live_topic", "trajectories:live_vote"}


HOSTILE = ["<script>alert(1)</script>", "x" * 5000, "\x00", "Bel\x07", "'; DROP TABLE x; --", "ë" * 100, "😀", ""]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_codes_and_names_never_break_joining(world, session, value, settings):
    settings.LIVE_JOIN_MAX_FAILURES = 1000
    http = Client()
    response = http.post(reverse("trajectories:live_join"), {"code": value})
    assert response.status_code == 200
    assert "<script>alert(1)" not in text(response)
    named = http.post(reverse("trajectories:live_join_code", kwargs={"code": session.join_code}), {"name": value})
    assert named.status_code in (200, 302)
    if named.status_code == 200:
        assert "<script>alert(1)" not in text(named)
        assert not Membership.objects.filter(joined_session=session).exists()
    else:
        guest = Membership.objects.get(joined_session=session)
        console = Client()
        console.force_login(world.facilitator)
        page = text(console.get(reverse("trajectories:live_console",
                                        kwargs={"pk": world.trajectory.pk, "session_pk": session.pk})))
        assert "<script>alert(1)" not in page
        assert guest.display_name.strip()


def test_a_hostile_session_title_is_shown_as_text(world, client_for):
    http = client_for(world.facilitator)
    url = reverse("trajectories:live_sessions", kwargs={"pk": world.trajectory.pk})
    refused = http.post(url, {"title": "Sessie\x07", "dots_per_client": "3", "max_dots_per_topic": "2"})
    assert refused.status_code == 200 and not LiveSession.objects.exists()
    http.post(url, {"title": "<script>alert(1)</script>", "dots_per_client": "3", "max_dots_per_topic": "2"})
    session = LiveSession.objects.get()
    for page in (url, reverse("trajectories:live_board", kwargs={"pk": world.trajectory.pk, "session_pk": session.pk})):
        html = text(http.get(page))
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html


def test_members_of_the_client_space_find_the_open_session_on_the_overview(world, session, client_for):
    detail = reverse("trajectories:detail", kwargs={"pk": world.trajectory.pk})
    client_page = text(client_for(world.client).get(detail))
    assert reverse("trajectories:live_client", kwargs={"pk": session.pk}) in client_page
    facilitator_page = text(client_for(world.facilitator).get(detail))
    assert reverse("trajectories:live_console", kwargs={"pk": world.trajectory.pk, "session_pk": session.pk}) in (
        facilitator_page
    )
    for outsider in (world.staff, world.quality):
        assert "/sessie/" not in text(client_for(outsider).get(detail))


class TestTheCheapPoll:
    """The board's own poll brings a signed token; an unchanged board then costs one query."""

    def board(self, world, session, client_for):
        http = client_for(world.facilitator)
        url = reverse("trajectories:live_board_partial", kwargs={"pk": world.trajectory.pk, "session_pk": session.pk})
        first = http.get(url)
        token = re.search(r'data-poll-token="([^"]+)"', text(first)).group(1)
        return url, first["ETag"], token

    def test_an_unchanged_board_costs_one_query_and_needs_no_login(self, world, session, client_for):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        url, etag, token = self.board(world, session, client_for)
        anonymous = Client()
        with CaptureQueriesContext(connection) as queries:
            response = anonymous.get(url, HTTP_IF_NONE_MATCH=etag, HTTP_X_BOARD_POLL=token)
        assert response.status_code == 304 and response.content == b""
        assert len(queries) == 1, [q["sql"] for q in queries]

    def test_the_facilitators_own_poll_with_its_session_cookie_costs_one_query_too(self, world, session, client_for):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        http = client_for(world.facilitator)
        url = reverse("trajectories:live_board_partial", kwargs={"pk": world.trajectory.pk, "session_pk": session.pk})
        first = http.get(url)
        token = re.search(r'data-poll-token="([^"]+)"', text(first)).group(1)
        with CaptureQueriesContext(connection) as queries:
            response = http.get(url, HTTP_IF_NONE_MATCH=first["ETag"], HTTP_X_BOARD_POLL=token)
        assert response.status_code == 304
        assert len(queries) == 1, [q["sql"] for q in queries]

    def test_without_a_valid_token_or_with_news_the_full_check_applies(self, world, session, client_for):
        url, etag, token = self.board(world, session, client_for)
        anonymous = Client()
        assert anonymous.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 302  # to the login page
        assert anonymous.get(url, HTTP_IF_NONE_MATCH=etag, HTTP_X_BOARD_POLL=token + "x").status_code == 302
        other = live_services.live_session_open(trajectory=world.other_trajectory, by=world.other_facilitator,
                                                title="Elders")
        other_url = reverse("trajectories:live_board_partial",
                            kwargs={"pk": world.other_trajectory.pk, "session_pk": other.pk})
        # A token of one session opens no other: without a login that is the login page, for staff 404.
        assert anonymous.get(other_url, HTTP_IF_NONE_MATCH=etag, HTTP_X_BOARD_POLL=token).status_code == 302
        assert client_for(world.staff).get(url, HTTP_IF_NONE_MATCH=etag,
                                           HTTP_X_BOARD_POLL=token).status_code == 304  # unchanged: nothing shown
        join(session)  # news: the full check
        assert client_for(world.staff).get(url, HTTP_IF_NONE_MATCH=etag, HTTP_X_BOARD_POLL=token).status_code == 404
        assert anonymous.get(url, HTTP_IF_NONE_MATCH=etag, HTTP_X_BOARD_POLL=token).status_code == 302


def test_the_timer_counts_down_in_the_users_language(world, session, client_for):
    live_services.live_timer_start(session=session, by=world.facilitator, minutes=5)
    board = text(client_for(world.facilitator).get(
        reverse("trajectories:live_board", kwargs={"pk": world.trajectory.pk, "session_pk": session.pk})
    ))
    assert 'data-left="Nog"' in board and 'data-done="De tijd is om"' in board
