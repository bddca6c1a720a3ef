"""Privacy (AVG): consent, a person's own data, erasure and purging archived trajectories."""

import datetime
import io
import json
import os

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from pypdf import PdfReader

from tests import factories
from tests.errors import error_codes, says
from tests.html import assert_valid_html
from tests.live_helpers import join, open_session, photo_bytes
from tests.world import Cast
from trajectories.core import services
from trajectories.live import services as live_services
from trajectories.live.photos import process_photo
from trajectories.live.selectors import live_board
from trajectories.models import (
    Action,
    AgendaItem,
    AuditEvent,
    Consent,
    ConsentKind,
    MemberRole,
    Membership,
    PlanVersion,
    Theme,
    Topic,
    TopicPhoto,
    Trajectory,
)
from trajectories.plan import services as plan_services
from trajectories.privacy import services as privacy_services
from trajectories.privacy.selectors import archived_trajectories_older_than, person_data_export
from trajectories.toolkit.learning_services import goal_create

User = get_user_model()


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world


def a_photo():
    return process_photo(SimpleUploadedFile("foto.jpg", photo_bytes(size=(64, 64)), content_type="image/jpeg"))


def give(world, user, kind=ConsentKind.PHOTOS, by=None):
    return privacy_services.consent_give(
        membership=world.membership(user), kind=kind, by=by or world.facilitator
    )


def text(response) -> str:
    return response.content.decode()


def pdf_text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def agree_plan(world):
    """Clients (Gerda) and staff (Sanne) agree on the plan as it is, recorded by the facilitator."""
    for side, user in (("clients", world.client), ("staff", world.staff)):
        plan_services.plan_signoff(
            trajectory=world.trajectory, side=side, member=world.membership(user), recorded_by=world.facilitator
        )


def english_page(http, url: str) -> str:
    """The page at ``url`` in English, checked to answer and to be valid HTML."""
    response = in_english(http).get(url)
    assert response.status_code == 200
    assert_valid_html(response)
    return text(response)


def in_english(http):
    """Pages in English: the assertions hold with or without the Dutch catalogue."""
    http.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return http


# --- consent: the rules -----------------------------------------------------------------------


class TestConsentRules:
    def test_a_consent_is_given_once_and_withdrawn_once(self, world):
        consent = give(world, world.client, ConsentKind.QUOTES)
        assert consent.is_current and consent.recorded_by == world.facilitator
        with override("en"), pytest.raises(ValidationError, match="already been given") as error:
            give(world, world.client, ConsentKind.QUOTES)
        assert error.value.code == "current"
        privacy_services.consent_withdraw(consent=consent, by=world.client)
        consent.refresh_from_db()
        assert not consent.is_current and consent.withdrawn_by == world.client
        with override("en"), pytest.raises(ValidationError, match="already been withdrawn") as error:
            privacy_services.consent_withdraw(consent=consent, by=world.client)
        assert error.value.code == "withdrawn"

    def test_after_a_withdrawal_consent_can_be_given_again_and_the_record_stays(self, world):
        first = give(world, world.client, ConsentKind.PARTICIPATION)
        privacy_services.consent_withdraw(consent=first, by=world.facilitator)
        again = give(world, world.client, ConsentKind.PARTICIPATION)
        assert again.pk != first.pk
        kinds = Consent.objects.filter(membership=world.membership(world.client))
        assert kinds.count() == 2 and kinds.filter(withdrawn_at__isnull=True).get() == again

    @pytest.mark.parametrize("role", ["staff", "facilitator"])
    def test_only_clients_give_consent(self, world, role):
        with override("en"), pytest.raises(ValidationError, match="Only clients") as error:
            give(world, getattr(world, role))
        assert error.value.code == "role"
        assert not Consent.objects.exists()

    def test_an_unknown_kind_is_refused(self, world):
        with pytest.raises(ValidationError) as error:
            give(world, world.client, "everything")
        assert error_codes(error) == {"kind": ["choice"]}
        assert says(error, "Choose what the consent is for.")
        assert not Consent.objects.exists()

    def test_each_kind_is_separate(self, world):
        for kind in ConsentKind.values:
            give(world, world.client, kind)
        assert Consent.objects.filter(withdrawn_at__isnull=True).count() == len(ConsentKind.values)


# --- consent: the pages -----------------------------------------------------------------------


def members_url(world):
    return reverse("trajectories:members", kwargs={"pk": world.trajectory.pk})


def give_url(world, user):
    return reverse(
        "trajectories:member_consent_give",
        kwargs={"pk": world.trajectory.pk, "member_pk": world.membership(user).pk},
    )


def withdraw_url(world, consent):
    return reverse("trajectories:consent_withdraw", kwargs={"pk": world.trajectory.pk, "consent_pk": consent.pk})


def my_consent_url(world):
    return reverse("trajectories:my_consent", kwargs={"pk": world.trajectory.pk})


class TestFacilitatorRecordsConsent:
    def test_the_participants_page_shows_consent_per_client(self, world, client_for):
        give(world, world.client, ConsentKind.PHOTOS)
        page = english_page(client_for(world.facilitator), members_url(world))
        assert "Consent per client" in page
        # Per client, per kind: a button to record or withdraw. Staff are not in the table.
        assert page.count(give_url(world, world.client)) == 2
        assert page.count(give_url(world, world.client2)) == 3
        assert give_url(world, world.staff) not in page
        assert withdraw_url(world, Consent.objects.get()) in page

    def test_recording_and_withdrawing(self, world, client_for):
        http = in_english(client_for(world.facilitator))
        response = http.post(give_url(world, world.client2), {"kind": "quotes", "note": "Mondeling, 3 maart"})
        assert response.status_code == 302 and response["Location"] == members_url(world)
        consent = Consent.objects.get()
        assert consent.membership == world.membership(world.client2)
        assert consent.kind == "quotes" and consent.note == "Mondeling, 3 maart"
        assert consent.recorded_by == world.facilitator
        again = http.post(give_url(world, world.client2), {"kind": "quotes"}, follow=True)
        assert "has already been given" in text(again)
        assert Consent.objects.count() == 1
        response = http.post(withdraw_url(world, consent))
        assert response["Location"] == members_url(world)
        consent.refresh_from_db()
        assert consent.withdrawn_by == world.facilitator
        page = text(http.get(members_url(world)))
        assert "Withdrawn on" in page and "Given on" not in page

    def test_no_consent_for_staff(self, world, client_for):
        response = client_for(world.facilitator).post(give_url(world, world.staff), {"kind": "photos"}, follow=True)
        assert response.status_code == 200
        assert not Consent.objects.exists()

    def test_a_wrong_kind_is_refused_without_recording(self, world, client_for):
        response = client_for(world.facilitator).post(give_url(world, world.client), {"kind": "alles"})
        assert response.status_code == 302
        assert not Consent.objects.exists()

    @pytest.mark.parametrize("role", ["client", "client2", "staff", "quality", "other_facilitator", "outsider"])
    def test_nobody_else_records_consent(self, world, client_for, role):
        response = client_for(getattr(world, role)).post(give_url(world, world.client), {"kind": "photos"})
        assert response.status_code == 404
        assert not Consent.objects.exists()

    def test_a_member_of_another_trajectory_is_not_found(self, world, client_for):
        other_member = world.other_trajectory.memberships.get()
        url = reverse(
            "trajectories:member_consent_give", kwargs={"pk": world.trajectory.pk, "member_pk": other_member.pk}
        )
        assert client_for(world.facilitator).post(url, {"kind": "photos"}).status_code == 404

    def test_withdrawing_is_refused_for_get(self, world, client_for):
        consent = give(world, world.client)
        assert client_for(world.facilitator).get(withdraw_url(world, consent)).status_code == 405
        consent.refresh_from_db()
        assert consent.is_current


class TestMyConsent:
    def test_a_client_sees_their_consent_in_plain_words(self, world, client_for):
        give(world, world.client, ConsentKind.PARTICIPATION)
        page = english_page(client_for(world.client), my_consent_url(world))
        assert "My consent" in page
        assert "Yes. You said yes on" in page and "You have not said yes yet." in page
        assert page.count('name="kind"') == 2  # photos and quotes can still be given
        assert withdraw_url(world, Consent.objects.get()) in page

    def test_a_client_gives_and_withdraws_for_themselves(self, world, client_for):
        http = client_for(world.client)
        response = http.post(my_consent_url(world), {"kind": "photos"})
        assert response.status_code == 302 and response["Location"] == my_consent_url(world)
        consent = Consent.objects.get()
        assert consent.membership == world.membership(world.client) and consent.recorded_by == world.client
        response = http.post(withdraw_url(world, consent))
        assert response["Location"] == my_consent_url(world)
        consent.refresh_from_db()
        assert consent.withdrawn_by == world.client

    def test_a_wrong_kind_gives_nothing(self, world, client_for):
        response = client_for(world.client).post(my_consent_url(world), {"kind": "alles"})
        assert response.status_code == 302
        assert not Consent.objects.exists()

    @pytest.mark.parametrize("role", ["client2", "staff", "quality", "other_facilitator", "outsider", "admin"])
    def test_nobody_else_withdraws_a_clients_consent(self, world, client_for, role):
        consent = give(world, world.client)
        assert client_for(getattr(world, role)).post(withdraw_url(world, consent)).status_code == 404
        consent.refresh_from_db()
        assert consent.is_current

    @pytest.mark.parametrize("role", ["facilitator", "staff", "quality", "outsider", "other_facilitator"])
    def test_the_page_is_for_clients_only(self, world, client_for, role):
        assert client_for(getattr(world, role)).get(my_consent_url(world)).status_code == 404
        assert client_for(getattr(world, role)).post(my_consent_url(world), {"kind": "photos"}).status_code == 404
        assert not Consent.objects.exists()

    def test_a_consent_of_another_trajectory_is_not_found(self, world, client_for):
        other = factories.trajectory_for(world.facilitator, world.organisation, title="Ander traject")
        factories.add_member(other, world.client, MemberRole.CLIENT, by=world.facilitator)
        elsewhere = privacy_services.consent_give(
            membership=other.memberships.get(user=world.client), kind=ConsentKind.PHOTOS, by=world.facilitator
        )
        url = reverse("trajectories:consent_withdraw", kwargs={"pk": world.trajectory.pk, "consent_pk": elsewhere.pk})
        assert client_for(world.client).post(url).status_code == 404
        assert client_for(world.facilitator).post(url).status_code == 404
        elsewhere.refresh_from_db()
        assert elsewhere.is_current

    def test_a_guest_has_no_consent_page(self, world):
        session = open_session(world)
        http = Client()
        http.post(reverse("trajectories:live_join_code", kwargs={"code": session.join_code}), {"name": "Bep"})
        assert http.get(my_consent_url(world)).status_code == 404


# --- withdrawn consent for photos ---------------------------------------------------------------


class TestWithdrawnPhotoConsent:
    @pytest.fixture
    def session(self, world):
        return open_session(world)

    @pytest.fixture
    def photo_topic(self, world, session):
        return services.topic_create(
            trajectory=world.trajectory, by=world.membership(world.client), title="Mijn kamer",
            theme=Theme.AT_HOME, live_session=session, photo=a_photo(),
        )

    def url(self, topic):
        return reverse("trajectories:topic_photo", kwargs={"pk": topic.trajectory_id, "topic_pk": topic.pk})

    def board(self, world, session):
        return reverse("trajectories:live_board", kwargs={"pk": world.trajectory.pk, "session_pk": session.pk})

    def test_without_a_withdrawal_the_client_space_sees_the_photo(self, world, session, photo_topic, client_for):
        give(world, world.client)
        assert client_for(world.client2).get(self.url(photo_topic)).status_code == 200
        (shown,) = live_board(session=session).topics
        assert shown.has_photo and shown.photo_url == self.url(photo_topic)

    def test_only_the_client_and_the_facilitator_see_it_after_a_withdrawal(
        self, world, session, photo_topic, client_for
    ):
        privacy_services.consent_withdraw(consent=give(world, world.client), by=world.client)
        assert client_for(world.client2).get(self.url(photo_topic)).status_code == 404
        assert client_for(world.client).get(self.url(photo_topic)).status_code == 200
        assert client_for(world.facilitator).get(self.url(photo_topic)).status_code == 200
        for role in ("staff", "quality", "other_facilitator", "admin"):
            assert client_for(getattr(world, role)).get(self.url(photo_topic)).status_code == 404

    def test_the_board_no_longer_shows_it(self, world, session, photo_topic, client_for):
        consent = give(world, world.client)
        session.refresh_from_db()
        before = session.revision
        privacy_services.consent_withdraw(consent=consent, by=world.facilitator)
        session.refresh_from_db()
        assert session.revision > before  # the room screen picks it up at its next poll
        (shown,) = live_board(session=session).topics
        assert shown.title == "Mijn kamer"
        assert not shown.has_photo and shown.photo_url is None
        page = client_for(world.facilitator).get(self.board(world, session))
        assert page.status_code == 200
        assert "Mijn kamer" in text(page) and self.url(photo_topic) not in text(page)

    def test_giving_it_again_shows_it_again(self, world, session, photo_topic, client_for):
        privacy_services.consent_withdraw(consent=give(world, world.client), by=world.client)
        give(world, world.client, by=world.client)
        assert client_for(world.client2).get(self.url(photo_topic)).status_code == 200
        assert live_board(session=session).topics[0].has_photo

    def test_other_clients_photos_stay_visible(self, world, session, photo_topic, client_for):
        other = services.topic_create(
            trajectory=world.trajectory, by=world.membership(world.client2), title="Mijn tuin",
            theme=Theme.AT_HOME, live_session=session, photo=a_photo(),
        )
        privacy_services.consent_withdraw(consent=give(world, world.client), by=world.client)
        assert client_for(world.client).get(self.url(other)).status_code == 200
        shown = {topic.title: topic.has_photo for topic in live_board(session=session).topics}
        assert shown == {"Mijn kamer": False, "Mijn tuin": True}

    def test_a_guest_keeps_seeing_their_own_photo(self, world, session, client_for):
        guest = join(session, name="Bep")
        added = services.topic_create(
            trajectory=world.trajectory, by=guest, title="Bep's foto", theme=Theme.FOOD, live_session=session,
            photo=a_photo(),
        )
        consent = privacy_services.consent_give(membership=guest, kind=ConsentKind.PHOTOS, by=world.facilitator)
        privacy_services.consent_withdraw(consent=consent, by=world.facilitator)
        assert client_for(guest.user).get(self.url(added)).status_code == 200
        assert client_for(world.client).get(self.url(added)).status_code == 404
        assert not live_board(session=session).topics[0].has_photo


# --- a person's own data ----------------------------------------------------------------------

OWN_TOPIC = "Het eten is lauw"
OWN_ANONYMOUS = "Niemand vraagt hoe het smaakte"
OTHER_TOPIC = "Henk zijn geheim"
OTHER_REFLECTION = "Een collega zegt iets"


@pytest.fixture
def contributions(world):
    """Gerda and Sanne contribute in every way; Henk and the facilitator write their own things."""
    cast = Cast(world)
    trajectory, gerda, henk, sanne, lead = cast.trajectory, cast.gerda, cast.henk, cast.sanne, cast.lead
    own = services.topic_create(trajectory=trajectory, by=gerda, title=OWN_TOPIC, theme=Theme.FOOD)
    services.topic_create(trajectory=trajectory, by=gerda, title=OWN_ANONYMOUS, theme=Theme.HEARD, is_anonymous=True)
    henks = services.topic_create(trajectory=trajectory, by=henk, title=OTHER_TOPIC, theme=Theme.SAFETY)
    item = services.agenda_item_create(trajectory=trajectory, by=gerda, title="Warm eten", topics=[own])
    services.agenda_item_share(item=item, by=gerda)
    services.staff_reflection_create(trajectory=trajectory, by=sanne, text="Wij merken het ook", is_anonymous=True)
    services.staff_reflection_create(trajectory=trajectory, by=lead, text=OTHER_REFLECTION)
    goal_create(trajectory=trajectory, by=gerda, text="Gehoord worden")
    session = open_session(world)
    live_services.live_voting_open(session=session, by=world.facilitator, dots_per_client=3, max_dots_per_topic=2)
    live_services.vote_add(session=session, topic=henks, by=gerda)
    action = services.action_create(
        trajectory=trajectory, by=lead, what="Borden voorverwarmen", owner=sanne,
        due_date=datetime.date(2099, 1, 1), agenda_item=item,
    )
    plan_services.action_progress_add(action=action, by=sanne, date=timezone.localdate(), text="Gestart in de keuken")
    plan_services.plan_signoff(trajectory=trajectory, side="staff", member=sanne, recorded_by=world.staff)
    give(world, world.client, ConsentKind.PARTICIPATION)
    return {"henks_topic": henks, "action": action}


def download(http):
    response = http.post(reverse("trajectories:my_data"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="mijn-gegevens-')
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content.decode("utf-8"))


class TestOwnData:
    def test_a_client_downloads_everything_of_their_own(self, world, contributions, client_for):
        data = download(client_for(world.client))
        assert data["account"]["username"] == "cli" and data["account"]["first_name"] == "Gerda"
        assert data["organisations"] == [{"organisation": "Zorggroep Test", "role": "member"}]
        assert [(m["trajectory"]["id"], m["role"]) for m in data["trajectory_memberships"]] == [
            (world.trajectory.pk, "client")
        ]
        topics = {topic["title"]: topic["is_anonymous"] for topic in data["topics"]}
        assert topics == {OWN_TOPIC: False, OWN_ANONYMOUS: True}
        assert [item["title"] for item in data["agenda_items"]] == ["Warm eten"]
        assert [goal["text"] for goal in data["goals"]] == ["Gehoord worden"]
        assert [vote["topic_id"] for vote in data["votes"]] == [contributions["henks_topic"].pk]
        assert [(c["kind"], c["withdrawn_at"]) for c in data["consents"]] == [("participation", None)]
        assert data["staff_reflections"] == [] and data["actions"] == [] and data["plan_signoffs"] == []

    def test_nothing_of_other_people(self, world, contributions, client_for):
        raw = client_for(world.client).post(reverse("trajectories:my_data")).content.decode("utf-8")
        for other in (OTHER_TOPIC, OTHER_REFLECTION, "Henk", "Sanne", "Wij merken het ook", "Borden voorverwarmen"):
            assert other not in raw

    def test_staff_get_their_reflections_actions_notes_and_signoff(self, world, contributions, client_for):
        data = download(client_for(world.staff))
        assert [(r["text"], r["is_anonymous"]) for r in data["staff_reflections"]] == [("Wij merken het ook", True)]
        assert [(a["what"], a["is_owner"]) for a in data["actions"]] == [("Borden voorverwarmen", True)]
        assert [n["text"] for n in data["progress_notes"]] == ["Gestart in de keuken"]
        assert [(s["side"], s["plan_version"]) for s in data["plan_signoffs"]] == [("staff", 1)]
        assert data["topics"] == [] and OTHER_REFLECTION not in json.dumps(data)

    def test_the_page_explains_and_links_to_consent(self, world, client_for):
        response = client_for(world.client).get(reverse("trajectories:my_data"))
        assert response.status_code == 200
        assert_valid_html(response)
        assert my_consent_url(world) in text(response)
        # Everybody with an account finds "My data" in the page header.
        detail = client_for(world.staff).get(reverse("trajectories:detail", kwargs={"pk": world.trajectory.pk}))
        assert reverse("trajectories:my_data") in text(detail)

    def test_a_guest_downloads_their_own_data(self, world):
        session = open_session(world)
        http = Client()
        http.post(reverse("trajectories:live_join_code", kwargs={"code": session.join_code}), {"name": "Bep"})
        data = download(http)
        assert data["account"]["first_name"] == "Bep"
        assert data["trajectory_memberships"][0]["joined_with_code_of_session"] == session.title

    def test_someone_not_logged_in_is_sent_to_log_in(self, db):
        response = Client().post(reverse("trajectories:my_data"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))

    def test_the_export_is_valid_json_for_someone_without_anything(self, world):
        data = person_data_export(user=world.admin)
        assert json.loads(json.dumps(data))["account"]["username"] == "boss"
        assert data["organisations"] == [] and data["topics"] == []


def changelist():
    return reverse("admin:auth_user_changelist")


class TestAdminDownload:
    def test_an_administrator_downloads_anyones_data(self, world, contributions, client_for):
        response = client_for(world.admin).post(
            changelist(), {"action": "download_personal_data", "_selected_action": [world.client.pk], "index": 0}
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert "attachment" in response["Content-Disposition"] and "no-store" in response["Cache-Control"]
        data = json.loads(response.content)
        assert data["account"]["username"] == "cli"
        assert OWN_ANONYMOUS in {topic["title"] for topic in data["topics"]}

    def test_one_person_at_a_time(self, world, client_for):
        response = client_for(world.admin).post(
            changelist(),
            {"action": "download_personal_data", "_selected_action": [world.client.pk, world.staff.pk], "index": 0},
        )
        assert response.status_code == 302
        assert "application/json" not in response.get("Content-Type", "")

    @pytest.mark.parametrize("role", ["client", "facilitator", "quality"])
    def test_only_administrators(self, world, client_for, role):
        response = client_for(getattr(world, role)).post(
            changelist(), {"action": "download_personal_data", "_selected_action": [world.client.pk], "index": 0}
        )
        assert response.status_code == 302 and "/systeem/login/" in response["Location"]


# --- erasure ----------------------------------------------------------------------------------


class TestErasure:
    @pytest.fixture
    def gerda(self, world):
        """Gerda wrote a topic with a photo, a plain one and an agenda item, and gave consent."""
        trajectory = world.trajectory
        member = world.membership(world.client)
        with_photo = services.topic_create(
            trajectory=trajectory, by=member, title="Mijn kamer", theme=Theme.AT_HOME, photo=a_photo()
        )
        services.topic_create(trajectory=trajectory, by=member, title=OWN_TOPIC, theme=Theme.FOOD)
        services.agenda_item_create(trajectory=trajectory, by=member, title="Warm eten")
        # The facilitator typed in a topic for a client without an account who is also called Gerda.
        services.topic_create(
            trajectory=trajectory, by=world.membership(world.facilitator), title="Voor een ander",
            theme=Theme.FOOD, on_behalf_of_name="Gerda B.",
        )
        give(world, world.client, ConsentKind.PHOTOS)
        give(world, world.client, ConsentKind.QUOTES)
        world.client.email = "gerda@example.org"
        world.client.save()
        return with_photo

    def test_identity_goes_contributions_stay(self, world, gerda, django_capture_on_commit_callbacks):
        path = TopicPhoto.objects.get().file.path
        assert os.path.exists(path)
        with django_capture_on_commit_callbacks(execute=True):
            privacy_services.person_erase(user=world.client, by=world.admin)
        erased = User.objects.get(pk=world.client.pk)
        assert erased.username == f"verwijderd-{erased.pk}"
        assert (erased.first_name, erased.last_name, erased.email) == ("Deelnemer", str(erased.pk), "")
        assert erased.get_full_name() == f"Deelnemer {erased.pk}"
        assert not erased.has_usable_password() and not erased.is_active
        # The photo is gone, file and row; the topics and the agenda item stay, under the pseudonym.
        assert not TopicPhoto.objects.exists() and not os.path.exists(path)
        member = Membership.objects.get(user=erased)
        assert set(Topic.objects.filter(author=member).values_list("title", flat=True)) == {"Mijn kamer", OWN_TOPIC}
        assert AgendaItem.objects.get(created_by=member).title == "Warm eten"
        assert not Consent.objects.filter(withdrawn_at__isnull=True).exists()
        assert Consent.objects.filter(membership=member, withdrawn_by=world.admin).count() == 2
        # A name typed for someone else is not this person's.
        assert Topic.objects.get(title="Voor een ander").on_behalf_of_name == "Gerda B."

    def test_the_group_sees_the_pseudonym(self, world, gerda, client_for):
        privacy_services.person_erase(user=world.client, by=world.admin)
        explore = reverse("trajectories:explore", kwargs={"pk": world.trajectory.pk})
        page = text(client_for(world.facilitator).get(explore))
        assert OWN_TOPIC in page
        assert f"Deelnemer {world.client.pk}" in page
        assert "Gerda" not in page.replace("Gerda B.", "")

    def test_the_person_can_no_longer_log_in(self, world, gerda, client_for):
        logged_in = client_for(world.client)
        assert logged_in.get(my_consent_url(world)).status_code == 200
        privacy_services.person_erase(user=world.client, by=world.admin)
        assert not Client().login(username="cli", password="partner-test")
        response = logged_in.get(reverse("trajectories:dashboard"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))

    def test_the_audit_trail_is_left_as_it_was(self, world, gerda, client_for):
        client_for(world.client).get(reverse("trajectories:explore", kwargs={"pk": world.trajectory.pk}))
        before = list(AuditEvent.objects.values_list("pk", "user_label"))
        assert any("cli" in label for _pk, label in before)
        privacy_services.person_erase(user=world.client, by=world.admin)
        assert list(AuditEvent.objects.values_list("pk", "user_label")) == before

    def test_refused_for_the_last_facilitator_of_an_open_trajectory(self, world):
        with override("en"), pytest.raises(ValidationError, match="last facilitator") as error:
            privacy_services.person_erase(user=world.facilitator, by=world.admin)
        assert error.value.code == "last_facilitator"
        assert User.objects.get(pk=world.facilitator.pk).username == "fac"
        colleague = factories.person(world.organisation, username="fac3", role="facilitator", first_name="Femke")
        factories.add_member(world.trajectory, colleague, MemberRole.FACILITATOR, by=world.facilitator)
        privacy_services.person_erase(user=world.facilitator, by=world.admin)
        assert User.objects.get(pk=world.facilitator.pk).username == f"verwijderd-{world.facilitator.pk}"

    def test_the_facilitator_of_a_closed_trajectory_can_be_erased(self, world):
        services.trajectory_close(trajectory=world.trajectory, by=world.facilitator)
        privacy_services.person_erase(user=world.facilitator, by=world.admin)
        assert not User.objects.get(pk=world.facilitator.pk).is_active

    def test_not_yourself_and_not_twice(self, world):
        with pytest.raises(ValidationError) as error:
            privacy_services.person_erase(user=world.admin, by=world.admin)
        assert error.value.code == "self"
        privacy_services.person_erase(user=world.client, by=world.admin)
        with override("en"), pytest.raises(ValidationError, match="already been erased") as error:
            privacy_services.person_erase(user=world.client, by=world.admin)
        assert error.value.code == "erased"


class TestErasureReachesStoredCopies:
    """Issue 11: the name left the account but stayed in the agreed plan versions and the login logs."""

    @pytest.fixture
    def agreed(self, world):
        """Henk Bakker owns one action and co-owns another; clients and staff agreed: version 1."""
        world.client2.last_name = "Bakker"
        world.client2.save()
        henk, sanne = world.membership(world.client2), world.membership(world.staff)
        lead = world.membership(world.facilitator)
        due = timezone.localdate() + datetime.timedelta(days=30)
        services.action_create(trajectory=world.trajectory, by=lead, what="Soep warm houden", owner=henk, due_date=due)
        services.action_create(
            trajectory=world.trajectory, by=lead, what="Menukaart voorlezen", owner=sanne, co_owners=[henk],
            due_date=due,
        )
        agree_plan(world)
        version = PlanVersion.objects.get(trajectory=world.trajectory)
        assert [row["owners"] for row in version.snapshot["actions"]] == [["Henk Bakker"], ["Sanne", "Henk Bakker"]]
        return version

    def test_the_agreed_version_its_page_and_its_pdf_show_the_pseudonym(self, world, agreed, client_for):
        http = client_for(world.staff)
        version_page = reverse("trajectories:plan_version", kwargs={"pk": world.trajectory.pk, "number": 1})
        pdf = reverse("trajectories:plan_pdf", kwargs={"pk": world.trajectory.pk})
        assert "Henk Bakker" in text(http.get(version_page))
        privacy_services.person_erase(user=world.client2, by=world.admin)
        pseudonym = f"Deelnemer {world.client2.pk}"
        agreed.refresh_from_db()
        assert [row["owners"] for row in agreed.snapshot["actions"]] == [[pseudonym], ["Sanne", pseudonym]]
        assert "Henk" not in json.dumps(agreed.snapshot) and "Bakker" not in json.dumps(agreed.snapshot)
        page = text(http.get(version_page))
        assert pseudonym in page and "Henk" not in page and "Bakker" not in page
        for address in (pdf + "?versie=1", pdf):  # the frozen version, and the plan as it is now
            document = pdf_text(http.get(address))
            assert pseudonym in document and "Henk" not in document and "Bakker" not in document

    def test_an_older_snapshot_with_names_only_is_found_by_name_and_a_namesake_keeps_theirs(self, world, agreed):
        """Versions frozen before membership ids were stored: the name decides, the actions settle doubt."""
        namesake = factories.person(world.organisation, username="henk2", first_name="Henk")
        namesake.last_name = "Bakker"
        namesake.save()
        other_henk = factories.add_member(world.trajectory, namesake, MemberRole.STAFF, by=world.facilitator)
        services.action_create(
            trajectory=world.trajectory, by=world.membership(world.facilitator), what="Tafels dekken",
            owner=other_henk, due_date=timezone.localdate() + datetime.timedelta(days=60),
        )
        agree_plan(world)  # version 2, with the other Henk Bakker's action
        for version in PlanVersion.objects.filter(trajectory=world.trajectory):
            for row in version.snapshot["actions"]:
                del row["owner_ids"]
            PlanVersion.objects.filter(pk=version.pk).update(snapshot=version.snapshot)
        privacy_services.person_erase(user=world.client2, by=world.admin)
        pseudonym = f"Deelnemer {world.client2.pk}"
        owners = {
            version.number: {row["what"]: row["owners"] for row in version.snapshot["actions"]}
            for version in PlanVersion.objects.filter(trajectory=world.trajectory)
        }
        assert owners[1] == {"Menukaart voorlezen": ["Sanne", pseudonym], "Soep warm houden": [pseudonym]}
        assert owners[2] == {
            "Menukaart voorlezen": ["Sanne", pseudonym], "Soep warm houden": [pseudonym],
            "Tafels dekken": ["Henk Bakker"],
        }

    def test_the_login_logs_no_longer_hold_the_user_name(self, world, settings):
        settings.AXES_ENABLED = True
        settings.AXES_ENABLE_ACCESS_FAILURE_LOG = True
        login = reverse("login")
        assert Client().post(login, {"username": "cli2", "password": "partner-test"}).status_code == 302
        assert Client().post(login, {"username": "cli2", "password": "fout"}).status_code == 200
        for model in (AccessLog, AccessAttempt, AccessFailureLog):
            assert model.objects.filter(username="cli2").exists(), model
        privacy_services.person_erase(user=world.client2, by=world.admin)
        erased = f"verwijderd-{world.client2.pk}"
        for model in (AccessLog, AccessAttempt, AccessFailureLog):
            assert not model.objects.filter(username="cli2").exists(), model
        assert not AccessAttempt.objects.filter(post_data__contains="cli2").exists()
        # The security history stays, under the erased account; the lockout counter goes.
        assert AccessLog.objects.filter(username=erased).count() == 1
        assert AccessFailureLog.objects.filter(username=erased).count() == 1
        assert not AccessAttempt.objects.exists()

    def test_the_admins_history_of_the_account_shows_the_pseudonym(self, world):
        LogEntry.objects.log_actions(
            user_id=world.admin.pk, queryset=[world.client2], action_flag=CHANGE,
            change_message=[
                {"changed": {"fields": ["First name"]}},
                {"added": {"name": "organisation member", "object": "cli2 (Zorggroep Test)"}},
            ],
        )
        privacy_services.person_erase(user=world.client2, by=world.admin)
        entry = LogEntry.objects.get(object_id=str(world.client2.pk))
        erased = f"verwijderd-{world.client2.pk}"
        assert entry.object_repr == erased and "cli2" not in entry.change_message
        assert json.loads(entry.change_message) == [
            {"changed": {"fields": ["First name"]}},
            {"added": {"name": "organisation member", "object": f"{erased} (Zorggroep Test)"}},
        ]


class TestAdminErasure:
    def post(self, http, user, **extra):
        return http.post(changelist(), {"action": "erase_personal_data", "_selected_action": [user.pk], **extra})

    def test_confirmation_shows_account_data_only_then_erases(self, world, contributions, client_for):
        http = client_for(world.admin)
        confirm = self.post(http, world.client)
        assert confirm.status_code == 200
        page = text(confirm)
        assert "cli" in page and "Gerda" in page
        assert OWN_TOPIC not in page and OWN_ANONYMOUS not in page
        assert User.objects.get(pk=world.client.pk).username == "cli"  # nothing happened yet
        done = self.post(http, world.client, confirm="yes")
        assert done.status_code == 302
        erased = User.objects.get(pk=world.client.pk)
        assert erased.username == f"verwijderd-{erased.pk}" and not erased.is_active
        assert LogEntry.objects.filter(object_id=str(erased.pk)).exists()

    def test_a_refusal_is_shown_and_nothing_changes(self, world, client_for):
        response = self.post(client_for(world.admin), world.facilitator, confirm="yes")
        assert response.status_code == 302
        assert User.objects.get(pk=world.facilitator.pk).username == "fac"

    def test_not_for_other_people(self, world, client_for):
        response = self.post(client_for(world.facilitator), world.client, confirm="yes")
        assert response.status_code == 302 and "/systeem/login/" in response["Location"]
        assert User.objects.get(pk=world.client.pk).is_active


# --- purging archived trajectories ------------------------------------------------------------


def close_days_ago(trajectory, by, days):
    services.trajectory_close(trajectory=trajectory, by=by)
    Trajectory.objects.filter(pk=trajectory.pk).update(closed_at=timezone.now() - datetime.timedelta(days=days))


class TestPurge:
    @pytest.fixture
    def archive(self, world, settings):
        """An old closed trajectory full of content, a recently closed one, and the open ones."""
        settings.PARTNER_RETENTION_DAYS = 365
        trajectory = world.trajectory
        gerda = world.membership(world.client)
        sanne = world.membership(world.staff)
        lead = world.membership(world.facilitator)
        session = open_session(world)
        guest = join(session, name="Bep")
        photo_topic = services.topic_create(
            trajectory=trajectory, by=guest, title="Foto van Bep", theme=Theme.FOOD, live_session=session,
            photo=a_photo(),
        )
        services.topic_create(trajectory=trajectory, by=gerda, title="Oud onderwerp", theme=Theme.FOOD)
        item = services.agenda_item_create(trajectory=trajectory, by=gerda, title="Oud agendapunt")
        services.agenda_item_share(item=item, by=gerda)
        services.action_create(
            trajectory=trajectory, by=lead, what="Oude actie", owner=sanne, due_date=datetime.date(2099, 1, 1),
            agenda_item=item,
        )
        plan_services.plan_signoff(trajectory=trajectory, side="clients", member=gerda, recorded_by=world.facilitator)
        give(world, world.client, ConsentKind.PARTICIPATION)
        live_services.live_session_close(session=session, by=world.facilitator)
        close_days_ago(trajectory, world.facilitator, 400)
        recent = factories.trajectory_for(world.facilitator, world.organisation, title="Pas gesloten")
        close_days_ago(recent, world.facilitator, 30)
        running = factories.trajectory_for(world.facilitator, world.organisation, title="Loopt nog")
        return {
            "old": trajectory, "recent": recent, "running": running, "guest": guest.user,
            "photo_path": photo_topic.photo.file.path,
        }

    def test_the_selector_finds_only_old_closed_trajectories(self, world, archive):
        assert list(archived_trajectories_older_than(365)) == [archive["old"]]
        assert set(archived_trajectories_older_than(10)) == {archive["old"], archive["recent"]}
        assert world.other_trajectory not in archived_trajectories_older_than(0)

    def test_the_command_deletes_old_closed_trajectories_with_everything(
        self, world, archive, django_capture_on_commit_callbacks
    ):
        assert os.path.exists(archive["photo_path"])
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("purge_archived", stdout=out)
        output = out.getvalue()
        assert "Eten en drinken" in output and "topics: 2" in output and "photos: 1" in output
        assert "Pas gesloten" not in output
        assert not Trajectory.objects.filter(pk=archive["old"].pk).exists()
        assert not Topic.objects.filter(title__in=["Oud onderwerp", "Foto van Bep"]).exists()
        assert not Action.objects.filter(what="Oude actie").exists()
        assert not TopicPhoto.objects.exists() and not os.path.exists(archive["photo_path"])
        assert not Consent.objects.exists()
        # The guest account existed for that session only; people with an account stay.
        assert not User.objects.filter(pk=archive["guest"].pk).exists()
        assert User.objects.filter(pk=world.client.pk).exists()
        titles = set(Trajectory.objects.values_list("title", flat=True))
        assert {"Pas gesloten", "Loopt nog", "Elders"} <= titles

    def test_days_can_be_given(self, world, archive):
        out = io.StringIO()
        call_command("purge_archived", "--days", "10", stdout=out)
        assert "Pas gesloten" in out.getvalue()
        assert set(Trajectory.objects.values_list("title", flat=True)) == {"Loopt nog", "Elders"}

    def test_a_dry_run_deletes_nothing(self, world, archive):
        out = io.StringIO()
        call_command("purge_archived", "--dry-run", stdout=out)
        output = out.getvalue()
        assert "Would delete" in output and "Eten en drinken" in output and "nothing was deleted" in output
        assert Trajectory.objects.filter(pk=archive["old"].pk).exists()
        assert TopicPhoto.objects.count() == 1 and os.path.exists(archive["photo_path"])

    def test_an_open_trajectory_is_never_purged(self, world, archive):
        with pytest.raises(ValidationError) as error:
            privacy_services.trajectory_purge(trajectory=archive["running"])
        assert error.value.code == "open"
        assert Trajectory.objects.filter(pk=archive["running"].pk).exists()
