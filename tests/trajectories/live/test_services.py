"""Live sessions: the rules of opening, codes, joining, controls, merging and dot voting."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.errors import error_codes, says
from tests.live_helpers import join, open_session, topic
from trajectories.core import services
from trajectories.core.access import trajectory_perms_for_user
from trajectories.live import services as live_services
from trajectories.live.selectors import live_board, live_session_for_code
from trajectories.models import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    AgendaItem,
    LiveSession,
    MemberRole,
    Membership,
    Topic,
    Vote,
)
from trajectories.permissions import Perm


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world


@pytest.fixture
def session(world):
    return open_session(world)


@pytest.fixture
def lead(world):
    return world.membership(world.facilitator)


class TestOpeningAndCodes:
    def test_a_new_session_has_a_short_readable_code_valid_for_hours(self, world, session):
        assert len(session.join_code) == JOIN_CODE_LENGTH
        assert set(session.join_code) <= set(JOIN_CODE_ALPHABET)
        assert not set(session.join_code) & set("0O1IL")
        assert session.code_expires_at > timezone.now() + datetime.timedelta(hours=7)
        assert live_session_for_code(session.join_code.lower()).session == session
        assert live_session_for_code(f"{session.join_code[:3]} {session.join_code[3:]}").session == session

    def test_only_one_open_session_per_trajectory(self, world, session):
        with pytest.raises(ValidationError) as error:
            open_session(world)
        assert error_codes(error) == ["open"]
        live_services.live_session_close(session=session, by=world.facilitator)
        assert open_session(world).pk != session.pk

    def test_a_closed_trajectory_gets_no_session(self, world):
        services.trajectory_close(trajectory=world.trajectory, by=world.facilitator)
        with pytest.raises(ValidationError) as error:
            open_session(world)
        assert error.value.code == "closed"
        assert not LiveSession.objects.exists()

    def test_dot_limits_must_make_sense(self, world):
        with pytest.raises(ValidationError) as error:
            open_session(world, dots_per_client=3, max_dots_per_topic=4)
        assert error_codes(error) == {"max_dots_per_topic": ["cap"]}
        assert says(error, "Choose at least 1, and no more than the dots per client.")
        with pytest.raises(ValidationError) as error:
            open_session(world, dots_per_client=0, max_dots_per_topic=0)
        assert error_codes(error) == {"dots_per_client": ["dots"]}
        assert says(error, "Choose between 1 and %(max)d dots.", max=20)
        assert not LiveSession.objects.exists()

    def test_a_renewed_code_replaces_the_old_one(self, world, session):
        old = session.join_code
        renewed = live_services.live_code_renew(session=session, by=world.facilitator)
        assert renewed.join_code != old
        assert live_session_for_code(old).problem == "unknown"
        assert live_session_for_code(renewed.join_code).session == session

    def test_a_revoked_code_stops_working_but_guests_stay(self, world, session):
        guest = join(session)
        code = session.join_code
        live_services.live_code_revoke(session=session, by=world.facilitator)
        assert live_session_for_code(code).problem == "unknown"
        guest.user.refresh_from_db()
        assert guest.user.is_active
        with pytest.raises(ValidationError) as error:
            join(LiveSession.objects.get(pk=session.pk))
        assert error.value.code == "code"

    def test_an_expired_code_is_recognised(self, world, session):
        LiveSession.objects.filter(pk=session.pk).update(code_expires_at=timezone.now() - datetime.timedelta(minutes=1))
        assert live_session_for_code(session.join_code).problem == "expired"
        with pytest.raises(ValidationError) as error:
            join(LiveSession.objects.get(pk=session.pk))
        assert error_codes(error) == ["code"]
        assert not Membership.objects.filter(joined_session=session).exists()

    def test_closing_ends_the_code_and_the_guests_access(self, world, session):
        guest = join(session)
        topic(world, guest, session, title="Mijn kat")
        live_services.live_session_close(session=session, by=world.facilitator)
        assert live_session_for_code(session.join_code).problem == "closed"
        guest.user.refresh_from_db()
        assert not guest.user.is_active
        assert trajectory_perms_for_user(guest.user, world.trajectory) == frozenset()
        # What they said stays with the trajectory, under their name.
        assert Topic.objects.get(title="Mijn kat").author == guest


class TestJoining:
    def test_a_guest_is_a_client_of_this_session_only_without_a_password(self, world, session):
        guest = join(session, name="  Bep   de  Wit ")
        assert guest.role == MemberRole.CLIENT
        assert guest.joined_session == session
        assert guest.display_name == "Bep de Wit"
        assert not guest.user.has_usable_password()
        assert trajectory_perms_for_user(guest.user, world.trajectory) == frozenset({Perm.LIVE_GUEST})

    @pytest.mark.parametrize("typed", ["\u202eBep", "Be\u200bp", "B\u200fe\u2066p\u2069", "\uff22\uff45\uff50"])
    def test_a_name_is_stored_without_invisible_or_direction_reversing_characters(self, world, session, typed):
        assert join(session, name=typed).display_name == "Bep"

    def test_a_name_of_only_invisible_characters_is_no_name(self, world, session):
        with pytest.raises(ValidationError) as error:
            join(session, name="\u200b\u202e")
        assert error_codes(error) == {"name": ["name"]}
        assert says(error, "Type your first name or a nickname. Or choose to take part without a name.")

    def test_without_a_name_a_guest_gets_a_pseudonym_and_stays_anonymous(self, world, session):
        join(session, name="Eerste")
        guest = join(session, name="typed but not wanted", anonymous=True)
        assert guest.joined_anonymously
        assert guest.display_name == "Deelnemer 2"
        added = topic(world, guest, session, is_anonymous=False)
        assert added.is_anonymous

    def test_an_empty_name_without_choosing_anonymous_is_refused(self, world, session):
        with pytest.raises(ValidationError) as error:
            join(session, name="   ")
        assert error_codes(error) == {"name": ["name"]}
        assert says(error, "Type your first name or a nickname. Or choose to take part without a name.")
        assert not Membership.objects.filter(joined_session=session).exists()

    def test_a_guest_adds_topics_only_in_their_own_session_and_while_input_is_open(self, world, session):
        guest = join(session)
        with pytest.raises(ValidationError) as error:
            topic(world, guest, None)
        assert error.value.code == "guest"
        live_services.live_input_set(session=session, by=world.facilitator, is_open=False)
        with pytest.raises(ValidationError) as error:
            topic(world, guest, LiveSession.objects.get(pk=session.pk))
        assert error_codes(error) == ["input_closed"]
        # The facilitator can still type in a topic for someone in the room.
        lead = world.membership(world.facilitator)
        topic(world, lead, LiveSession.objects.get(pk=session.pk), on_behalf_of_name="Meneer Jansen")
        assert Topic.objects.filter(live_session=session).count() == 1


class TestBoard:
    def test_every_change_raises_the_revision(self, world, session, lead):
        seen = [session.revision]

        def changed():
            revision = LiveSession.objects.get(pk=session.pk).revision
            assert revision > seen[-1]
            seen.append(revision)

        guest = join(session)
        changed()
        added = topic(world, guest, session)
        changed()
        services.topic_update(topic=added, by=guest, title="Rust", theme=added.theme)
        changed()
        live_services.live_names_set(session=session, by=world.facilitator, show=True)
        changed()
        live_services.live_focus_set(session=session, by=world.facilitator, topic=added)
        changed()
        live_services.live_timer_start(session=session, by=world.facilitator, minutes=5)
        changed()
        services.topic_delete(topic=Topic.objects.get(pk=added.pk), by=guest)
        changed()

    def test_names_show_only_when_turned_on_and_anonymous_topics_stay_anonymous(self, world, session):
        bep = join(session, name="Bep")
        topic(world, bep, session, title="Open")
        topic(world, bep, session, title="Geheim", is_anonymous=True)
        board = live_board(session=LiveSession.objects.get(pk=session.pk))
        assert {t.author_label for t in board.topics} == {None}
        live_services.live_names_set(session=session, by=world.facilitator, show=True)
        board = live_board(session=LiveSession.objects.get(pk=session.pk))
        labels = {t.title: t.author_label for t in board.topics}
        assert labels == {"Open": "Bep", "Geheim": "anoniem"}

    def test_the_timer_and_focus_follow_the_rules(self, world, session):
        with pytest.raises(ValidationError) as error:
            live_services.live_timer_start(session=session, by=world.facilitator, minutes=0)
        assert error_codes(error) == {"minutes": ["minutes"]}
        assert says(error, "Choose between 1 and %(max)d minutes.", max=120)
        with pytest.raises(ValidationError) as error:
            live_services.live_timer_start(session=session, by=world.facilitator, minutes=500)
        assert error_codes(error) == {"minutes": ["minutes"]}
        assert says(error, "Choose between 1 and %(max)d minutes.", max=120)
        started = live_services.live_timer_start(session=session, by=world.facilitator, minutes=3)
        assert started.timer_ends_at > timezone.now() + datetime.timedelta(minutes=2)
        assert live_services.live_timer_stop(session=session, by=world.facilitator).timer_ends_at is None
        elsewhere = services.topic_create(
            trajectory=world.other_trajectory, by=world.other_trajectory.memberships.get(), title="Elders",
            theme="other",
        )
        with pytest.raises(ValidationError) as error:
            live_services.live_focus_set(session=session, by=world.facilitator, topic=elsewhere)
        assert error_codes(error) == {"topic": ["topic"]}
        assert says(error, "Choose a topic of this session.")


class TestMerging:
    def test_a_duplicate_is_kept_in_the_history_and_its_dots_move_along(self, world, session, lead):
        bep = join(session)
        kept = topic(world, bep, session, title="Lauw eten")
        duplicate = topic(world, bep, session, title="Het eten is koud")
        live_services.live_voting_open(session=session, by=world.facilitator, dots_per_client=3, max_dots_per_topic=3)
        live_services.vote_add(session=session, topic=duplicate, by=bep)
        live_services.topic_merge(session=session, duplicate=duplicate, into=kept, by=lead)
        duplicate.refresh_from_db()
        assert duplicate.merged_into == kept and duplicate.merged_by == lead and duplicate.merged_at
        assert Topic.objects.filter(pk__in=[kept.pk, duplicate.pk]).count() == 2
        assert Vote.objects.get().topic == kept
        board = live_board(session=LiveSession.objects.get(pk=session.pk))
        assert [t.title for t in board.topics] == ["Lauw eten"]
        assert board.topics[0].merged_titles == ("Het eten is koud",)
        assert board.merges == [duplicate]

    def test_merging_is_refused_for_the_same_topic_twice_or_by_a_client(self, world, session, lead):
        bep = join(session)
        first = topic(world, bep, session, title="Een")
        second = topic(world, bep, session, title="Twee")
        with pytest.raises(ValidationError) as error:
            live_services.topic_merge(session=session, duplicate=first, into=first, by=lead)
        assert error_codes(error) == {"into": ["same"]}
        assert says(error, "Choose two different topics.")
        with pytest.raises(ValidationError) as error:
            live_services.topic_merge(session=session, duplicate=first, into=second, by=bep)
        assert error.value.code == "role"
        live_services.topic_merge(session=session, duplicate=first, into=second, by=lead)
        with pytest.raises(ValidationError) as error:
            live_services.topic_merge(session=session, duplicate=Topic.objects.get(pk=first.pk), into=second, by=lead)
        assert error_codes(error) == ["merged"]


class TestDotVoting:
    @pytest.fixture
    def voting(self, world, session):
        bep, kees = join(session, name="Bep"), join(session, name="Kees")
        topics = [topic(world, bep, session, title=title) for title in ("Rust", "Kiezen", "Warm eten")]
        live_services.live_voting_open(session=session, by=world.facilitator, dots_per_client=3, max_dots_per_topic=2)
        return LiveSession.objects.get(pk=session.pk), bep, kees, topics

    def test_each_client_gets_n_dots_with_a_cap_per_topic(self, voting):
        session, bep, _kees, (rust, kiezen, warm) = voting
        live_services.vote_add(session=session, topic=rust, by=bep)
        live_services.vote_add(session=session, topic=rust, by=bep)
        with pytest.raises(ValidationError) as error:
            live_services.vote_add(session=session, topic=rust, by=bep)
        assert error_codes(error) == ["topic_cap"]
        live_services.vote_add(session=session, topic=kiezen, by=bep)
        with pytest.raises(ValidationError) as error:
            live_services.vote_add(session=session, topic=warm, by=bep)
        assert error_codes(error) == ["no_dots_left"]
        assert "3 stippen" in error.value.messages[0]
        assert Vote.objects.filter(voter=bep).count() == 3
        live_services.vote_remove(session=session, topic=rust, by=bep)
        live_services.vote_add(session=session, topic=warm, by=bep)
        assert sorted(Vote.objects.filter(voter=bep).values_list("topic__title", flat=True)) == [
            "Kiezen", "Rust", "Warm eten",
        ]

    def test_the_facilitator_votes_on_behalf_of_a_named_client_within_the_same_limits(self, world, voting):
        session, _bep, _kees, (rust, kiezen, warm) = voting
        lead = world.membership(world.facilitator)
        for target in (rust, kiezen, warm):
            live_services.vote_add(session=session, topic=target, by=lead, voter_name="Mevrouw Jansen")
        with pytest.raises(ValidationError) as error:
            live_services.vote_add(session=session, topic=rust, by=lead, voter_name="mevrouw jansen")
        assert error_codes(error) == ["no_dots_left"]
        vote = Vote.objects.filter(voter_name="Mevrouw Jansen").first()
        assert vote.entered_by == lead and vote.voter is None
        with pytest.raises(ValidationError) as error:
            live_services.vote_add(session=session, topic=rust, by=lead)  # for whom?
        assert error_codes(error) == {"voter_name": ["on_behalf"]}
        assert says(error, "Choose a client or type a name, so that each person gets their own dots.")
        client = world.membership(world.client)
        live_services.vote_add(session=session, topic=rust, by=lead, voter=client)
        assert Vote.objects.get(voter=client).entered_by == lead

    def test_votes_stay_hidden_until_revealed_and_then_voting_is_over(self, voting):
        session, bep, kees, (rust, kiezen, _warm) = voting
        live_services.vote_add(session=session, topic=rust, by=bep)
        live_services.vote_add(session=session, topic=rust, by=kees)
        live_services.vote_add(session=session, topic=kiezen, by=kees)
        board = live_board(session=LiveSession.objects.get(pk=session.pk))
        assert {t.dots for t in board.topics} == {None}
        assert board.ranking == []
        assert (board.voters, board.dots_used) == (2, 3)
        live_services.live_votes_reveal(session=session, by=session.opened_by)
        board = live_board(session=LiveSession.objects.get(pk=session.pk))
        assert [(t.title, t.dots) for t in board.ranking] == [("Rust", 2), ("Kiezen", 1)]
        with pytest.raises(ValidationError) as error:
            live_services.vote_add(session=session, topic=kiezen, by=bep)
        assert error_codes(error) == ["revealed"]
        with pytest.raises(ValidationError) as error:
            live_services.vote_remove(session=session, topic=rust, by=bep)
        assert error.value.code == "revealed"
        assert Vote.objects.count() == 3

    def test_limits_never_drop_below_what_was_spent(self, voting):
        session, bep, _kees, (rust, kiezen, _warm) = voting
        live_services.vote_add(session=session, topic=rust, by=bep)
        live_services.vote_add(session=session, topic=rust, by=bep)
        live_services.vote_add(session=session, topic=kiezen, by=bep)
        with pytest.raises(ValidationError) as error:
            live_services.live_voting_open(session=session, by=session.opened_by, dots_per_client=2,
                                           max_dots_per_topic=1)
        assert error_codes(error) == {"dots_per_client": ["below_spent"]}
        assert says(error, "Someone already placed %(n)d dots. Choose at least %(n)d.", n=3)
        with pytest.raises(ValidationError) as error:
            live_services.live_voting_open(session=session, by=session.opened_by, dots_per_client=3,
                                           max_dots_per_topic=1)
        assert error_codes(error) == {"max_dots_per_topic": ["below_spent"]}
        assert says(error, "Someone already placed %(n)d dots on one topic. Choose at least %(n)d.", n=2)
        raised = live_services.live_voting_open(session=session, by=session.opened_by, dots_per_client=5,
                                                max_dots_per_topic=2)
        assert raised.dots_per_client == 5

    def test_no_vote_while_voting_is_closed_or_by_staff(self, world, session):
        bep = join(session)
        rust = topic(world, bep, session)
        with pytest.raises(ValidationError) as error:
            live_services.vote_add(session=session, topic=rust, by=bep)
        assert error_codes(error) == ["closed_voting"]
        live_services.live_voting_open(session=session, by=world.facilitator, dots_per_client=3, max_dots_per_topic=2)
        with pytest.raises(ValidationError) as error:
            live_services.vote_add(session=LiveSession.objects.get(pk=session.pk), topic=rust,
                                   by=world.membership(world.staff))
        assert error.value.code == "role"
        assert not Vote.objects.exists()

    def test_the_ranking_becomes_the_client_agenda_most_dots_first(self, world, voting):
        session, bep, kees, (rust, kiezen, warm) = voting
        for voter, target in ((bep, kiezen), (kees, kiezen), (kees, rust)):
            live_services.vote_add(session=session, topic=target, by=voter)
        lead = world.membership(world.facilitator)
        with pytest.raises(ValidationError) as error:
            live_services.agenda_items_from_votes(session=session, by=lead)
        assert error.value.code == "not_revealed"
        live_services.live_votes_reveal(session=session, by=world.facilitator)
        items = live_services.agenda_items_from_votes(session=session, by=lead)
        assert [item.title for item in items] == ["Kiezen", "Rust"]
        assert list(AgendaItem.objects.order_by("position").values_list("title", flat=True)) == ["Kiezen", "Rust"]
        assert not any(item.is_shared for item in items)  # the clients share when they are ready
        assert list(items[0].topics.all()) == [kiezen]
        with pytest.raises(ValidationError) as error:
            live_services.agenda_items_from_votes(session=session, by=lead)
        assert error_codes(error) == ["nothing_new"]
        assert AgendaItem.objects.count() == 2
