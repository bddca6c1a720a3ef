"""Reads: querysets and view rows, with related data fetched up front.

Functions that take a ``TrajectoryAccess`` apply the privacy rules of the viewer; rows
that carry an author expose only a label computed here, so a hidden author never
reaches a template.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from guardian.shortcuts import get_objects_for_user

from trajectories.core.access import TrajectoryAccess, meeting_visible_groups
from trajectories.core.rules import live_guest_user_ids, staff_reflection_can_delete, topic_can_edit
from trajectories.models import (
    Action,
    AgendaItem,
    Dialogue,
    Meeting,
    MemberRole,
    Membership,
    OrganisationMember,
    OrganisationRole,
    StaffReflection,
    StaffSummary,
    StepTransition,
    Topic,
    Trajectory,
)
from trajectories.organisations import user_organisation_role
from trajectories.permissions import Perm
from trajectories.plan.selectors import overdue_q


def trajectory_list_for_user(*, user) -> QuerySet[Trajectory]:
    """Trajectories the user takes part in, plus, for quality staff, all of their organisation."""
    if not user.is_authenticated:
        return Trajectory.objects.none()
    member_of = get_objects_for_user(
        user,
        f"trajectories.{Perm.VIEW}",
        klass=Trajectory,
        with_superuser=False,
        accept_global_perms=False,
    )
    condition = Q(pk__in=member_of.values("pk"))
    organisation_id, role = user_organisation_role(user)
    if role == OrganisationRole.QUALITY:
        condition |= Q(organisation_id=organisation_id)
    return (
        Trajectory.objects.filter(condition)
        .select_related("organisation", "location")
        .annotate(
            member_count=Count("memberships", distinct=True),
            overdue_count=Count("actions", filter=overdue_q(prefix="actions__"), distinct=True),
        )
        .order_by("status", "-created_at", "-pk")
    )


def user_is_client_only(*, user) -> bool:
    """Whether the user takes part only as a client (or relative, or guest who joined with a
    code): then every page is in client mode, plain and simple. Facilitators, quality staff,
    administrators and anyone who is staff in some trajectory keep the full navigation."""
    if not user.is_authenticated or user.is_staff:
        return False
    if user_organisation_role(user)[1] in {OrganisationRole.FACILITATOR, OrganisationRole.QUALITY}:
        return False
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True).distinct())
    return roles == {MemberRole.CLIENT}


def people_to_pick(*, organisation_id: int, exclude_user_ids=()) -> QuerySet:
    """Active people of the organisation who may be added to a trajectory or project, by name.

    Guest accounts (made by joining a live session with its code, without a password) are never
    offered: they take part in that one session only. Subqueries rather than joins, so nobody is
    listed twice.
    """
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            pk__in=OrganisationMember.objects.filter(organisation_id=organisation_id).values("user_id"),
        )
        .exclude(pk__in=exclude_user_ids)
        .exclude(pk__in=live_guest_user_ids())
        .order_by("first_name", "username")
    )


def person_label(user) -> str:
    """How a person is named in a list to pick from: "Full Name (username)", or the username."""
    return f"{user.get_full_name()} ({user.get_username()})" if user.get_full_name() else user.get_username()


def membership_list(*, trajectory: Trajectory) -> QuerySet[Membership]:
    return Membership.objects.filter(trajectory=trajectory).select_related("user")


def step_transition_list(*, trajectory: Trajectory, limit: int = 10) -> QuerySet[StepTransition]:
    return StepTransition.objects.filter(trajectory=trajectory).select_related("by")[:limit]


def meeting_list_for_viewer(*, access: TrajectoryAccess) -> QuerySet[Meeting]:
    """Sessions whose notes the viewer may read: their own group's and the joint ones."""
    return Meeting.objects.filter(trajectory=access.trajectory, group__in=meeting_visible_groups(access)).prefetch_related(
        "planned_methods__method"
    )


# --- authors -------------------------------------------------------------------------------


def _member_name(membership: Membership | None) -> str:
    return membership.display_name if membership is not None else _("a former participant")


def contribution_author_label(
    *,
    author: Membership | None,
    is_anonymous: bool,
    viewer: Membership | None,
    entered_by: Membership | None = None,
    on_behalf_of_name: str = "",
) -> str:
    """Who wrote a contribution, as this viewer may know it.

    Anonymous contributions are anonymous to everyone but their author and the
    facilitator, who may need to know.
    """
    is_own = viewer is not None and author is not None and author.pk == viewer.pk
    viewer_is_facilitator = viewer is not None and viewer.role == MemberRole.FACILITATOR
    if entered_by is not None:
        if author is not None:
            name = author.display_name
        else:
            name = on_behalf_of_name or _("a client")
    else:
        name = _member_name(author)
    if is_own:
        return _("you (anonymous to others)") if is_anonymous else _("you")
    if is_anonymous and not viewer_is_facilitator:
        return _("anonymous")
    label = name
    if entered_by is not None:
        label = _("%(name)s, entered by %(facilitator)s") % {"name": name, "facilitator": entered_by.display_name}
    if is_anonymous:
        label = _("%(name)s (anonymous to others)") % {"name": label}
    return label


@dataclass(frozen=True)
class TopicRow:
    pk: int
    title: str
    story: str
    theme: str
    theme_label: str
    author_label: str
    is_anonymous: bool
    is_own: bool
    can_edit: bool
    created_at: datetime


def topic_queryset(*, trajectory: Trajectory) -> QuerySet[Topic]:
    return Topic.objects.filter(trajectory=trajectory).select_related("author__user", "entered_by__user")


def topic_rows_for_viewer(*, access: TrajectoryAccess) -> list[TopicRow]:
    """Step 1 topics as the viewer (a client or the facilitator) may see them."""
    viewer = access.membership
    rows = []
    for topic in topic_queryset(trajectory=access.trajectory):
        rows.append(
            TopicRow(
                pk=topic.pk,
                title=topic.title,
                story=topic.story,
                theme=topic.theme,
                theme_label=topic.get_theme_display(),
                author_label=contribution_author_label(
                    author=topic.author,
                    is_anonymous=topic.is_anonymous,
                    viewer=viewer,
                    entered_by=topic.entered_by,
                    on_behalf_of_name=topic.on_behalf_of_name,
                ),
                is_anonymous=topic.is_anonymous,
                is_own=viewer is not None and topic.author_id == viewer.pk,
                can_edit=access.is_open and topic_can_edit(topic=topic, by=viewer),
                created_at=topic.created_at,
            )
        )
    return rows


# --- the agenda -----------------------------------------------------------------------------


def agenda_item_list_for_viewer(*, access: TrajectoryAccess) -> QuerySet[AgendaItem]:
    """The whole client agenda for the client space; only shared items for everyone else."""
    # In the clients' order of priority, said here rather than left to the model's default
    # (an aggregate once made the database drop it, and a reordered agenda showed the old order).
    items = AgendaItem.objects.filter(trajectory=access.trajectory).order_by("position", "pk")
    if not access.in_client_space:
        items = items.filter(shared_at__isnull=False)
    if access.in_client_space:
        items = items.prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("pk")))
    return items


def shared_agenda_item_list(*, trajectory: Trajectory) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(trajectory=trajectory, shared_at__isnull=False)


@dataclass(frozen=True)
class TrajectoryCounts:
    shared_items: int
    actions: int


def trajectory_counts(*, trajectory: Trajectory) -> TrajectoryCounts:
    """How many agenda items are shared and how many actions there are, in one query."""
    counts = Trajectory.objects.filter(pk=trajectory.pk).aggregate(
        shared_items=Count("agenda_items", filter=Q(agenda_items__shared_at__isnull=False), distinct=True),
        actions=Count("actions", distinct=True),
    )
    return TrajectoryCounts(**counts)


def dialogue_for_item(*, item: AgendaItem) -> Dialogue | None:
    """What clients and staff agreed on a shared agenda item, if anything yet."""
    return Dialogue.objects.filter(agenda_item=item).first()


def dialogue_item_list(*, trajectory: Trajectory) -> QuerySet[AgendaItem]:
    """Shared agenda items with their dialogue and actions, for step 4."""
    return (
        shared_agenda_item_list(trajectory=trajectory)
        .select_related("dialogue")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("owner__user")
                .prefetch_related("co_owners__user")
                .order_by("due_date", "pk"),
            )
        )
    )


# --- staff space ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReflectionRow:
    pk: int
    text: str
    agenda_item_id: int | None
    author_label: str
    is_anonymous: bool
    can_delete: bool
    created_at: datetime


def staff_reflection_rows_for_viewer(*, access: TrajectoryAccess) -> list[ReflectionRow]:
    viewer = access.membership
    reflections = StaffReflection.objects.filter(trajectory=access.trajectory).select_related("author__user")
    return [
        ReflectionRow(
            pk=reflection.pk,
            text=reflection.text,
            agenda_item_id=reflection.agenda_item_id,
            author_label=contribution_author_label(
                author=reflection.author, is_anonymous=reflection.is_anonymous, viewer=viewer
            ),
            is_anonymous=reflection.is_anonymous,
            can_delete=access.is_open and staff_reflection_can_delete(reflection=reflection, by=viewer),
            created_at=reflection.created_at,
        )
        for reflection in reflections
    ]


def staff_summary_for_viewer(*, access: TrajectoryAccess) -> StaffSummary | None:
    """The staff summary: always for the staff space, for others only once shared."""
    summary = StaffSummary.objects.filter(trajectory=access.trajectory).first()
    if summary is None:
        return None
    if access.in_staff_space or summary.is_shared:
        return summary
    return None


# --- actions --------------------------------------------------------------------------------


def action_list(*, trajectory: Trajectory) -> QuerySet[Action]:
    return (
        Action.objects.filter(trajectory=trajectory)
        .select_related("owner__user", "agenda_item")
        .prefetch_related("co_owners__user")
    )
