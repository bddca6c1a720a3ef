"""Reads of live sessions: the room screen's board, a client's own topics and dots, the join code.

The board is projected in the room, so it never shows what only the facilitator may know:
anonymous topics stay anonymous, names show only when the facilitator turns them on, and the
dots per topic only after the facilitator reveals them.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trajectories.core.rules import photo_is_visible
from trajectories.models import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    JoinAttempt,
    LiveSession,
    MemberRole,
    Membership,
    Theme,
    Topic,
    TopicPhoto,
    TrajectoryStatus,
    Vote,
)
from trajectories.privacy.selectors import members_without_photo_consent

THEME_ICONS = {
    Theme.SAFETY: "safety",
    Theme.TREATMENT: "treatment",
    Theme.SOCIAL: "social",
    Theme.FOOD: "food",
    Theme.AT_HOME: "at_home",
    Theme.HEARD: "heard",
    Theme.INCLUSION: "inclusion",
    Theme.OTHER: "other",
}


def theme_icon(theme: str) -> str:
    """The static path of a theme's pictogram."""
    return f"icons/themes/{THEME_ICONS.get(theme, 'other')}.svg"


_CODE = re.compile(f"[{JOIN_CODE_ALPHABET}]{{{JOIN_CODE_LENGTH}}}")


def normalise_join_code(code: str) -> str:
    """What people type: spaces, dashes and small letters are fine."""
    return re.sub(r"[\s\-]", "", code or "").upper()


@dataclass(frozen=True)
class CodeLookup:
    """The outcome of a code someone typed: the session, or why not."""

    session: LiveSession | None
    problem: str | None  # "unknown", "expired", "closed", or None when the code works


def live_session_for_code(code: str) -> CodeLookup:
    normalised = normalise_join_code(code)
    if not _CODE.fullmatch(normalised):
        return CodeLookup(None, "unknown")
    session = (
        LiveSession.objects.select_related("trajectory", "trajectory__organisation")
        .filter(join_code=normalised)
        .first()
    )
    if session is None:
        return CodeLookup(None, "unknown")
    if session.is_closed or session.trajectory.status == TrajectoryStatus.CLOSED:
        return CodeLookup(None, "closed")
    if session.code_expires_at is None or session.code_expires_at <= timezone.now():
        return CodeLookup(None, "expired")
    return CodeLookup(session, None)


def join_failures_recent(*, address_hash: str) -> int:
    """How many wrong codes this address tried within the window."""
    since = timezone.now() - datetime.timedelta(minutes=settings.LIVE_JOIN_WINDOW_MINUTES)
    return JoinAttempt.objects.filter(address_hash=address_hash, succeeded=False, at__gte=since).count()


def open_live_session(*, trajectory) -> LiveSession | None:
    return LiveSession.objects.filter(trajectory=trajectory, closed_at__isnull=True).first()


def live_session_list(*, trajectory) -> QuerySet[LiveSession]:
    return (
        LiveSession.objects.filter(trajectory=trajectory)
        .select_related("opened_by")
        .annotate(
            topic_count=Count("topics", distinct=True),
            guest_count=Count("guest_memberships", distinct=True),
        )
    )


def live_guest_list(*, session: LiveSession) -> QuerySet[Membership]:
    """Who joined this session with its code, in the order they came in."""
    return session.guest_memberships.select_related("user").order_by("added_at", "pk")


# --- the board ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardTopic:
    pk: int
    title: str
    story: str
    theme: str
    theme_label: str
    icon: str
    author_label: str | None  # None while names are hidden
    is_new: bool  # added in this session
    merged_titles: tuple[str, ...]
    has_photo: bool
    photo_url: str | None
    dots: int | None  # None until the votes are revealed
    entered_for_client: bool


@dataclass
class BoardTheme:
    value: str
    label: str
    icon: str
    topics: list[BoardTopic] = field(default_factory=list)


@dataclass(frozen=True)
class Board:
    session: LiveSession
    themes: list[BoardTheme]
    topics: list[BoardTopic]
    topic_count: int
    guest_count: int
    voters: int
    dots_used: int
    ranking: list[BoardTopic]
    focus: BoardTopic | None
    merges: list[Topic]

    @property
    def etag(self) -> str:
        return board_etag(self.session)


def open_session_revision(*, session_pk: int, trajectory_pk: int) -> int | None:
    """The revision of an open live session of that trajectory (None if there is none).

    The room screen asks this every 2 seconds; it is a single indexed row, read with plain SQL
    because building the ORM query would cost more than running it.
    """
    table = LiveSession._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT revision FROM {table} WHERE id = %s AND trajectory_id = %s AND closed_at IS NULL",  # noqa: S608
            [session_pk, trajectory_pk],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def board_etag_for(session_pk: int, revision: int, language: str) -> str:
    return f'"live-{session_pk}-{revision}-{language}"'


def board_etag(session: LiveSession, *, language: str = "") -> str:
    return board_etag_for(session.pk, session.revision, language)


def _photo_url(topic: Topic) -> str:
    return reverse("trajectories:topic_photo", kwargs={"pk": topic.trajectory_id, "topic_pk": topic.pk})


def visible_photo_topic_ids(*, access) -> set[int]:
    """The topics of the trajectory whose photo the viewer in the client space may see (the same
    rule as the guarded photo view, ``topic_photo_get_for_user``), in two queries; shown with
    their topic on step 1 and the client agenda, always through that view."""
    if not access.in_client_space or access.membership is None:
        return set()
    withdrawn = members_without_photo_consent(trajectory_id=access.trajectory.pk)
    photos = TopicPhoto.objects.filter(topic__trajectory_id=access.trajectory.pk).values_list("topic_id", "topic__author_id")
    return {
        topic_id
        for topic_id, author_id in photos
        if photo_is_visible(
            is_facilitator=access.is_facilitator,
            is_own=author_id is not None and author_id == access.membership.pk,
            author_withdrew_consent=author_id in withdrawn,
        )
    }


def board_author_label(topic: Topic) -> str:
    """Who added a topic, as the whole room may see it: anonymous topics stay anonymous."""
    if topic.is_anonymous:
        return _("anonymous")
    if topic.author is not None:
        return topic.author.display_name
    return topic.on_behalf_of_name or _("a client")


def board_topics_queryset(*, session: LiveSession) -> QuerySet[Topic]:
    return (
        Topic.objects.filter(trajectory_id=session.trajectory_id, merged_into__isnull=True)
        .select_related("author__user", "entered_by__user", "photo")
        .prefetch_related(
            Prefetch("merged_topics", queryset=Topic.objects.order_by("merged_at", "pk"), to_attr="merged_list")
        )
        .annotate(dots=Count("votes", filter=Q(votes__live_session=session)))
        .order_by("created_at", "pk")
    )


def live_board(*, session: LiveSession) -> Board:
    """Everything the room screen shows, in a fixed number of queries."""
    topics = []
    theme_labels = dict(Theme.choices)
    # Clients who withdrew their consent for photos: their photos are not shown in the room.
    photos_withdrawn = members_without_photo_consent(trajectory_id=session.trajectory_id)
    for topic in board_topics_queryset(session=session):
        has_photo = hasattr(topic, "photo") and topic.author_id not in photos_withdrawn
        topics.append(
            BoardTopic(
                pk=topic.pk,
                title=topic.title,
                story=topic.story,
                theme=topic.theme,
                theme_label=str(theme_labels.get(topic.theme, topic.theme)),
                icon=theme_icon(topic.theme),
                author_label=board_author_label(topic) if session.show_names else None,
                is_new=topic.live_session_id == session.pk,
                merged_titles=tuple(merged.title for merged in topic.merged_list),
                has_photo=has_photo,
                photo_url=_photo_url(topic) if has_photo else None,
                dots=topic.dots if session.votes_revealed else None,
                entered_for_client=topic.entered_by_id is not None,
            )
        )
    themes = {value: BoardTheme(value=value, label=label, icon=theme_icon(value)) for value, label in Theme.choices}
    for topic in topics:
        themes[topic.theme].topics.append(topic)
    votes = Vote.objects.filter(live_session=session).aggregate(
        dots=Count("pk"),
        voters=Count("voter", distinct=True),
        named=Count("voter_name", distinct=True, filter=Q(voter__isnull=True)),
    )
    ranking = []
    if session.votes_revealed:
        ranking = sorted((t for t in topics if t.dots), key=lambda t: (-t.dots, t.pk))
    focus = next((t for t in topics if t.pk == session.focus_topic_id), None)
    merges = list(
        Topic.objects.filter(trajectory_id=session.trajectory_id, merged_into__isnull=False)
        .select_related("merged_into")
        .order_by("merged_at", "pk")
    )
    return Board(
        session=session,
        themes=[theme for theme in themes.values() if theme.topics],
        topics=topics,
        topic_count=len(topics) + len(merges),
        guest_count=Membership.objects.filter(joined_session=session).count(),
        voters=votes["voters"] + votes["named"],
        dots_used=votes["dots"],
        ranking=ranking,
        focus=focus,
        merges=merges,
    )


# --- a client's own view ----------------------------------------------------------------------


@dataclass(frozen=True)
class VoteRow:
    topic: Topic
    icon: str
    mine: int


def vote_rows_for_client(*, session: LiveSession, membership: Membership) -> list[VoteRow]:
    """The topics to vote on, with how many of the client's own dots each carries."""
    topics = (
        Topic.objects.filter(trajectory_id=session.trajectory_id, merged_into__isnull=True)
        .select_related("photo")
        .annotate(mine=Count("votes", filter=Q(votes__live_session=session, votes__voter=membership)))
        .order_by("theme", "created_at", "pk")
    )
    return [VoteRow(topic=topic, icon=theme_icon(topic.theme), mine=topic.mine) for topic in topics]


def dots_left(*, session: LiveSession, membership: Membership) -> int:
    used = Vote.objects.filter(live_session=session, voter=membership).count()
    return max(session.dots_per_client - used, 0)


def own_topics(*, session: LiveSession, membership: Membership) -> QuerySet[Topic]:
    """What this client added in the session, newest first."""
    return (
        Topic.objects.filter(live_session=session, author=membership)
        .select_related("photo", "merged_into")
        .order_by("-created_at", "-pk")
    )


def client_choices(*, session: LiveSession) -> QuerySet[Membership]:
    """Client members of the trajectory, for entering on someone's behalf."""
    return (
        Membership.objects.filter(trajectory_id=session.trajectory_id, role=MemberRole.CLIENT)
        .select_related("user")
        .order_by("user__first_name", "pk")
    )
