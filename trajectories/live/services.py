"""Writes of live sessions in the room: the board's controls, joining with a code, dot voting.

Keyword-only and atomic like ``services.py``; a broken rule raises ``ValidationError`` with a
message in plain language. Every change the room screen shows raises the session's
``revision``, so the screen's poll answers 304 while nothing changed.
"""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partner.locks import serialized
from partner.refusals import refusal
from partner.text import normalise_text
from trajectories.core import services
from trajectories.core.rules import ensure_open
from trajectories.live.selectors import CodeLookup, join_failures_recent, live_session_for_code
from trajectories.models import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    MAX_DOTS,
    AgendaItem,
    JoinAttempt,
    LiveSession,
    MemberRole,
    Membership,
    OrganisationMember,
    OrganisationRole,
    Topic,
    Trajectory,
    Vote,
)

MAX_TIMER_MINUTES = 120


def _touch(session: LiveSession, *fields: str) -> None:
    """Save ``fields`` and raise the revision, so every screen fetches the new board."""
    session.revision = F("revision") + 1
    session.save(update_fields=[*fields, "revision"])
    session.refresh_from_db(fields=["revision"])


def _locked(session: LiveSession) -> LiveSession:
    return LiveSession.objects.select_for_update().select_related("trajectory").get(pk=session.pk)


def _ensure_running(session: LiveSession) -> None:
    if session.is_closed:
        raise ValidationError(_("This session has ended."), code="session_closed")
    ensure_open(session.trajectory)


def _running(session: LiveSession) -> LiveSession:
    """The session locked for a change; refused once it has ended or its trajectory is closed."""
    locked = _locked(session)
    _ensure_running(locked)
    return locked


def _change(locked: LiveSession, **fields) -> LiveSession:
    """Set ``fields`` on a locked session and save them, so every screen fetches the new board."""
    for name, value in fields.items():
        setattr(locked, name, value)
    _touch(locked, *fields)
    return locked


def _new_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def _code_expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(hours=settings.LIVE_CODE_VALID_HOURS)


def _assign_new_code(session: LiveSession) -> None:
    """A fresh code no other session has (a clash of random codes is retried)."""
    for _attempt in range(20):
        code = _new_code()
        if not LiveSession.objects.filter(join_code=code).exists():
            session.join_code = code
            session.code_expires_at = _code_expiry()
            return
    raise RuntimeError("no free join code found")  # 31**6 codes: practically never


# --- opening, closing and codes ---------------------------------------------------------------


@transaction.atomic
def live_session_open(
    *,
    trajectory: Trajectory,
    by: AbstractBaseUser,
    title: str,
    dots_per_client: int = 3,
    max_dots_per_topic: int = 2,
) -> LiveSession:
    """Open a live session with a fresh join code. A trajectory has at most one open session."""
    locked = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    if locked.is_closed:
        raise ValidationError(_("This trajectory is closed. Reopen it to make changes."), code="closed")
    if LiveSession.objects.filter(trajectory=locked, closed_at__isnull=True).exists():
        raise ValidationError(_("A session is already open. Close it before you open a new one."), code="open")
    _check_dots(dots_per_client, max_dots_per_topic)
    session = LiveSession(
        trajectory=locked,
        title=title,
        opened_by=by,
        dots_per_client=dots_per_client,
        max_dots_per_topic=max_dots_per_topic,
    )
    _assign_new_code(session)
    session.save()
    return session


@transaction.atomic
def live_code_renew(*, session: LiveSession, by: AbstractBaseUser) -> LiveSession:
    """Give the session a new code (the old one stops working at once)."""
    locked = _running(session)
    _assign_new_code(locked)
    _touch(locked, "join_code", "code_expires_at")
    return locked


@transaction.atomic
def live_code_revoke(*, session: LiveSession, by: AbstractBaseUser) -> LiveSession:
    """Stop the code from working; people who already joined stay in."""
    return _change(_running(session), join_code=None, code_expires_at=None)


@transaction.atomic
def live_session_close(*, session: LiveSession, by: AbstractBaseUser) -> LiveSession:
    """End the session: its code stops working and clients who joined with it lose access.

    What they added stays with the trajectory, under the name or nickname they gave.
    """
    locked = _locked(session)
    if locked.is_closed:
        raise ValidationError(_("This session has ended."), code="session_closed")
    _change(locked, closed_at=timezone.now(), input_open=False, voting_open=False, timer_ends_at=None)
    get_user_model().objects.filter(trajectory_memberships__joined_session=locked).update(is_active=False)
    return locked


# --- the room screen's controls ---------------------------------------------------------------


@transaction.atomic
def live_input_set(*, session: LiveSession, by: AbstractBaseUser, is_open: bool) -> LiveSession:
    """Open or pause the clients' input of topics."""
    return _change(_running(session), input_open=is_open)


@transaction.atomic
def live_names_set(*, session: LiveSession, by: AbstractBaseUser, show: bool) -> LiveSession:
    """Show or hide who added each topic on the screen (anonymous topics always stay anonymous)."""
    return _change(_running(session), show_names=show)


def _check_dots(dots_per_client: int, max_dots_per_topic: int) -> None:
    if not 1 <= dots_per_client <= MAX_DOTS:
        raise refusal(_("Choose between 1 and %(max)d dots.") % {"max": MAX_DOTS}, code="dots", field="dots_per_client")
    if not 1 <= max_dots_per_topic <= dots_per_client:
        raise refusal(
            _("Choose at least 1, and no more than the dots per client."), code="cap", field="max_dots_per_topic"
        )


def _voter_key(vote_or_values) -> tuple:
    return (vote_or_values["voter_id"], (vote_or_values["voter_name"] or "").casefold())


@transaction.atomic
def live_voting_open(
    *, session: LiveSession, by: AbstractBaseUser, dots_per_client: int, max_dots_per_topic: int
) -> LiveSession:
    """Start (or go on with) dot voting with these limits.

    Limits never drop below what someone already spent: the dots they placed stay valid.
    """
    locked = _running(session)
    if locked.votes_revealed:
        raise ValidationError(_("The votes have been revealed. Voting is over."), code="revealed")
    _check_dots(dots_per_client, max_dots_per_topic)
    spent = Vote.objects.filter(live_session=locked).values("voter_id", "voter_name")
    per_voter: dict[tuple, int] = {}
    for row in spent.annotate(n=Count("pk")):
        key = _voter_key(row)
        per_voter[key] = per_voter.get(key, 0) + row["n"]
    most = max(per_voter.values(), default=0)
    if dots_per_client < most:
        raise refusal(
            _("Someone already placed %(n)d dots. Choose at least %(n)d.") % {"n": most},
            code="below_spent",
            field="dots_per_client",
        )
    on_one_topic = (
        Vote.objects.filter(live_session=locked)
        .values("voter_id", "voter_name", "topic_id")
        .annotate(n=Count("pk"))
        .aggregate(most=Max("n"))["most"]
        or 0
    )
    if max_dots_per_topic < on_one_topic:
        raise refusal(
            _("Someone already placed %(n)d dots on one topic. Choose at least %(n)d.") % {"n": on_one_topic},
            code="below_spent",
            field="max_dots_per_topic",
        )
    return _change(
        locked, dots_per_client=dots_per_client, max_dots_per_topic=max_dots_per_topic, voting_open=True,
        input_open=False,
    )


@transaction.atomic
def live_voting_pause(*, session: LiveSession, by: AbstractBaseUser) -> LiveSession:
    return _change(_running(session), voting_open=False)


@transaction.atomic
def live_votes_reveal(*, session: LiveSession, by: AbstractBaseUser) -> LiveSession:
    """Show the results to everyone. Voting ends; this cannot be undone."""
    locked = _running(session)
    if locked.votes_revealed:
        raise ValidationError(_("The votes have been revealed already."), code="revealed")
    if not Vote.objects.filter(live_session=locked).exists():
        raise ValidationError(_("Nobody has voted yet."), code="no_votes")
    return _change(locked, votes_revealed_at=timezone.now(), voting_open=False)


@transaction.atomic
def live_focus_set(*, session: LiveSession, by: AbstractBaseUser, topic: Topic | None) -> LiveSession:
    """Put one topic large on the screen, or go back to the whole board (``topic=None``)."""
    locked = _running(session)
    if topic is not None and (topic.trajectory_id != locked.trajectory_id or topic.merged_into_id is not None):
        raise refusal(_("Choose a topic of this session."), code="topic", field="topic")
    return _change(locked, focus_topic=topic)


@transaction.atomic
def live_timer_start(*, session: LiveSession, by: AbstractBaseUser, minutes: int) -> LiveSession:
    locked = _running(session)
    if not 1 <= minutes <= MAX_TIMER_MINUTES:
        raise refusal(
            _("Choose between 1 and %(max)d minutes.") % {"max": MAX_TIMER_MINUTES}, code="minutes", field="minutes"
        )
    return _change(locked, timer_ends_at=timezone.now() + datetime.timedelta(minutes=minutes))


@transaction.atomic
def live_timer_stop(*, session: LiveSession, by: AbstractBaseUser) -> LiveSession:
    return _change(_running(session), timer_ends_at=None)


@transaction.atomic
def topic_merge(*, session: LiveSession, duplicate: Topic, into: Topic, by: Membership) -> Topic:
    """Merge a duplicate topic into another. Both stay in the history; the duplicate's dots move along."""
    locked = _running(session)
    if by.role != MemberRole.FACILITATOR or by.trajectory_id != locked.trajectory_id:
        raise ValidationError(_("Only the facilitator merges topics."), code="role")
    if locked.votes_revealed:
        raise ValidationError(_("The votes have been revealed. Topics can no longer be merged."), code="revealed")
    topics = {t.pk: t for t in Topic.objects.select_for_update().filter(pk__in=[duplicate.pk, into.pk])}
    if duplicate.pk == into.pk:
        raise refusal(_("Choose two different topics."), code="same", field="into")
    if len(topics) != 2 or any(t.trajectory_id != locked.trajectory_id for t in topics.values()):
        raise ValidationError(_("Choose topics of this session."), code="topic")
    duplicate, into = topics[duplicate.pk], topics[into.pk]
    if duplicate.merged_into_id is not None or into.merged_into_id is not None:
        raise ValidationError(_("One of these topics has already been merged."), code="merged")
    # Topics that were merged into the duplicate earlier now belong to the one that stays.
    Topic.objects.filter(merged_into=duplicate).update(merged_into=into)
    duplicate.merged_into = into
    duplicate.merged_at = timezone.now()
    duplicate.merged_by = by
    duplicate.save(update_fields=["merged_into", "merged_at", "merged_by"])
    Vote.objects.filter(topic=duplicate).update(topic=into)
    if locked.focus_topic_id == duplicate.pk:
        locked.focus_topic = into
    _touch(locked, "focus_topic")
    return into


# --- joining with a code ----------------------------------------------------------------------


def join_code_try(*, address_hash: str, code: str) -> CodeLookup:
    """Look up a code someone typed, counted against their address's limit of wrong codes.

    Returns the session, or why not: "unknown", "expired", "closed", or "too_many" when the
    address tried ``LIVE_JOIN_MAX_FAILURES`` wrong codes within the window (the code is then not
    looked at). Under a lock per address, so guesses sent in parallel are counted one by one and
    no more than the limit is ever tried. Tries older than the window are forgotten.
    """
    with serialized(f"live-join:{address_hash}"):
        if join_failures_recent(address_hash=address_hash) >= settings.LIVE_JOIN_MAX_FAILURES:
            return CodeLookup(None, "too_many")
        lookup = live_session_for_code(code)
        if lookup.session is None:
            window = datetime.timedelta(minutes=settings.LIVE_JOIN_WINDOW_MINUTES)
            JoinAttempt.objects.filter(at__lt=timezone.now() - window).delete()
            JoinAttempt.objects.create(address_hash=address_hash, succeeded=False)
        return lookup


@transaction.atomic
def live_session_join(*, session: LiveSession, name: str, anonymous: bool) -> Membership:
    """A client joins the session without a password: with a first name or nickname, or without a name.

    They become a client member of the trajectory for this session only: an account without a
    password that sees the session's client pages and stops working when the session closes.
    """
    locked = _running(session)
    if not locked.join_code or locked.code_expires_at is None or locked.code_expires_at <= timezone.now():
        raise ValidationError(_("This code no longer works. Ask the facilitator for the new code."), code="code")
    # Stored as meant: no zero-width or direction-reversing characters that would disguise a name.
    name = normalise_text(name)
    if anonymous:
        name = ""
    elif not name:
        raise refusal(
            _("Type your first name or a nickname. Or choose to take part without a name."), code="name", field="name"
        )
    trajectory = locked.trajectory
    number = Membership.objects.filter(joined_session=locked).count() + 1
    User = get_user_model()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                user = User(
                    username=f"gast-{secrets.token_hex(8)}",
                    first_name=name or _("Participant %(number)d") % {"number": number},
                )
                user.set_unusable_password()
                user.save()
            break
        except IntegrityError:
            continue  # the same random name twice: try another
    else:
        raise RuntimeError("no free guest user name found")
    OrganisationMember.objects.create(
        user=user, organisation_id=trajectory.organisation_id, role=OrganisationRole.MEMBER
    )
    membership = services.membership_add(
        trajectory=trajectory,
        user=user,
        role=MemberRole.CLIENT,
        by=locked.opened_by,
        joined_session=locked,
        joined_anonymously=anonymous,
    )
    _touch(locked)
    return membership


# --- dot voting -------------------------------------------------------------------------------


def _vote_target(
    session: LiveSession, *, by: Membership, voter: Membership | None, voter_name: str
) -> tuple[Membership | None, str, Membership | None]:
    """(voter, voter name, entered by): clients vote for themselves, the facilitator for a client."""
    voter_name = " ".join((voter_name or "").split())
    if by.trajectory_id != session.trajectory_id:
        raise ValidationError(_("You do not take part in this trajectory."), code="member")
    if by.is_guest and by.joined_session_id != session.pk:
        raise ValidationError(_("You can vote only in the session you joined."), code="guest")
    if by.role == MemberRole.CLIENT:
        if voter is not None or voter_name:
            raise ValidationError(_("Only the facilitator can vote on behalf of someone else."), code="on_behalf")
        return by, "", None
    if by.role != MemberRole.FACILITATOR:
        raise ValidationError(_("Only clients vote, or the facilitator for them."), code="role")
    if voter is not None and voter_name:
        raise refusal(_("Choose a client or type a name, not both."), code="on_behalf", field="voter_name")
    if voter is None and not voter_name:
        raise refusal(
            _("Choose a client or type a name, so that each person gets their own dots."),
            code="on_behalf",
            field="voter_name",
        )
    if voter is not None and (voter.trajectory_id != session.trajectory_id or voter.role != MemberRole.CLIENT):
        raise refusal(_("Choose a client of this trajectory."), code="on_behalf", field="voter")
    return voter, voter_name, by


def _votes_of(session: LiveSession, voter: Membership | None, voter_name: str):
    votes = Vote.objects.filter(live_session=session)
    if voter is not None:
        return votes.filter(voter=voter)
    return votes.filter(voter__isnull=True, voter_name__iexact=voter_name)


def _ensure_voting(session: LiveSession) -> None:
    _ensure_running(session)
    if session.votes_revealed:
        raise ValidationError(_("The votes have been revealed. Voting is over."), code="revealed")
    if not session.voting_open:
        raise ValidationError(_("Voting is not open now. The facilitator will tell you when."), code="closed_voting")


def _votable_topic(session: LiveSession, topic: Topic) -> Topic:
    if topic.trajectory_id != session.trajectory_id:
        raise refusal(_("Choose a topic of this session."), code="topic", field="topic")
    if topic.merged_into_id is not None:
        return Topic.objects.get(pk=topic.merged_into_id)
    return topic


@transaction.atomic
def vote_add(
    *,
    session: LiveSession,
    topic: Topic,
    by: Membership,
    voter: Membership | None = None,
    voter_name: str = "",
) -> Vote:
    """Place one dot. Each client has ``dots_per_client`` dots and at most ``max_dots_per_topic`` per topic."""
    locked = _locked(session)  # one vote at a time per session: the limits hold under load
    _ensure_voting(locked)
    voter, voter_name, entered_by = _vote_target(locked, by=by, voter=voter, voter_name=voter_name)
    topic = _votable_topic(locked, topic)
    mine = _votes_of(locked, voter, voter_name)
    for_self = entered_by is None
    if mine.count() >= locked.dots_per_client:
        raise ValidationError(
            (
                _("You have used all your %(n)d dots. Take one away first if you want to change.")
                if for_self
                else _("This client has used all %(n)d dots.")
            )
            % {"n": locked.dots_per_client},
            code="no_dots_left",
        )
    if mine.filter(topic=topic).count() >= locked.max_dots_per_topic:
        raise ValidationError(
            _("You can put at most %(n)d dots on one topic.") % {"n": locked.max_dots_per_topic},
            code="topic_cap",
        )
    vote = Vote.objects.create(
        live_session=locked, topic=topic, voter=voter, voter_name=voter_name, entered_by=entered_by
    )
    _touch(locked)
    return vote


@transaction.atomic
def vote_remove(
    *,
    session: LiveSession,
    topic: Topic,
    by: Membership,
    voter: Membership | None = None,
    voter_name: str = "",
) -> None:
    """Take one dot back from a topic (while voting is open)."""
    locked = _locked(session)
    _ensure_voting(locked)
    voter, voter_name, _entered_by = _vote_target(locked, by=by, voter=voter, voter_name=voter_name)
    topic = _votable_topic(locked, topic)
    last = _votes_of(locked, voter, voter_name).filter(topic=topic).order_by("-pk").first()
    if last is None:
        raise ValidationError(_("There is no dot of yours on this topic."), code="no_dot")
    last.delete()
    _touch(locked)


@transaction.atomic
def agenda_items_from_votes(*, session: LiveSession, by: Membership) -> list[AgendaItem]:
    """Put the voted topics on the client agenda, most dots first.

    Each becomes a private agenda item (the clients share it when they are ready) with the topic
    and the duplicates merged into it. Topics that are already on the agenda are left out.
    """
    locked = _locked(session)
    if not locked.votes_revealed:
        raise ValidationError(_("Reveal the votes first."), code="not_revealed")
    ranking = (
        Topic.objects.filter(trajectory_id=locked.trajectory_id, merged_into__isnull=True)
        .annotate(dots=Count("votes", filter=Q(votes__live_session=locked)))
        .filter(dots__gt=0, agenda_items__isnull=True)
        .prefetch_related("merged_topics")
        .order_by("-dots", "created_at", "pk")
    )
    items = []
    for topic in ranking:
        items.append(
            services.agenda_item_create(
                trajectory=locked.trajectory,
                by=by,
                title=topic.title,
                why=topic.story,
                topics=[topic, *topic.merged_topics.all()],
            )
        )
    if not items:
        raise ValidationError(_("All topics with dots are on the agenda already."), code="nothing_new")
    _touch(locked)
    return items
