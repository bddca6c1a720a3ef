"""Reads of the facilitator's toolkit: the methods library, templates, goals, lessons and the
organisation's learning overview. Querysets come with their related data fetched up front."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from trajectories.core.access import TrajectoryAccess
from trajectories.models import (
    Action,
    ActionStatus,
    EvaluationReport,
    Goal,
    GoalOutcome,
    Lesson,
    LessonMethod,
    Meeting,
    MeetingGroup,
    MeetingMethod,
    MemberRole,
    Method,
    MethodGroup,
    Step,
    Theme,
    Topic,
    Trajectory,
    TrajectoryTemplate,
)


def visible_methods(*, organisation_id: int | None) -> QuerySet[Method]:
    """The starting library plus the organisation's own methods."""
    return Method.objects.filter(Q(organisation__isnull=True) | Q(organisation_id=organisation_id))


def rated_methods(*, organisation_id: int | None) -> QuerySet[Method]:
    """Methods of the library that some lesson learned rated (to filter lessons by)."""
    return visible_methods(organisation_id=organisation_id).filter(ratings__isnull=False).distinct()


def trajectory_methods_used(*, trajectory: Trajectory) -> list[Method]:
    """The methods planned in the trajectory's sessions, each once, by name."""
    return list(Method.objects.filter(planned_in__meeting__trajectory=trajectory).distinct().order_by("name", "pk"))


def method_is_planned(*, method: Method) -> bool:
    """Whether a session plans this method."""
    return method.planned_in.exists()


def method_list(
    *, organisation_id: int | None, step: int | None = None, group: str = "", suits: list[str] | None = None,
    query: str = "",
) -> list[Method]:
    """The library, filtered. ``query`` searches every text, in the language the user reads it in."""
    methods = visible_methods(organisation_id=organisation_id).select_related("based_on")
    if step:
        methods = methods.filter(steps_code__contains=f",{step},")
    if group:
        methods = methods.filter(group=group)
    for code in suits or []:
        methods = methods.filter(suits_code__contains=f",{code},")
    result = list(methods)
    words = [word.casefold() for word in query.split()]
    if words:
        # The starting library is read through the translation catalogue, so search what is shown.
        def matches(method: Method) -> bool:
            texts = method.localized
            haystack = " ".join(getattr(texts, name) for name in Method.TEXT_FIELDS).casefold()
            return all(word in haystack for word in words)

        result = [method for method in result if matches(method)]
    return sorted(result, key=lambda method: (method.localized.name.casefold(), method.pk))


def template_list(*, organisation_id: int | None) -> QuerySet[TrajectoryTemplate]:
    return TrajectoryTemplate.objects.filter(Q(organisation__isnull=True) | Q(organisation_id=organisation_id))


def template_methods(*, template: TrajectoryTemplate, organisation_id: int | None) -> dict:
    """The methods a template names, by reference (a starting-library key or an own method's id).

    Only the starting library and ``organisation_id``'s own methods are found.
    """
    keys, ids = set(), set()
    for session in template.sessions or []:
        for ref in session.get("methods", []):
            (ids if isinstance(ref, int) else keys).add(ref)
    methods = Method.objects.filter(builtin_key__in=keys) | Method.objects.filter(
        pk__in=ids, organisation_id=organisation_id
    )
    return {method.builtin_key or method.pk: method for method in methods}


def template_sessions(*, template: TrajectoryTemplate, organisation_id: int | None) -> list[dict]:
    """A template's planned sessions for reading: week, step, group, title and method names."""
    methods = template_methods(template=template, organisation_id=organisation_id)
    groups, steps = dict(MeetingGroup.choices), dict(Step.choices)
    return [
        {
            "week": session.get("week", 0),
            "step": steps.get(int(session["step"]), ""),
            "group": groups.get(session["group"], ""),
            "is_visit": session.get("kind") == "visit",
            "title": _(session["title"]) if template.builtin_key and session.get("title") else session.get("title", ""),
            "methods": [methods[ref].localized.name for ref in session.get("methods", []) if ref in methods],
        }
        for session in template.sessions or []
    ]


def meeting_methods(*, meeting: Meeting) -> list[Method]:
    return [planned.method for planned in MeetingMethod.objects.filter(meeting=meeting).select_related("method")]


# --- goals ----------------------------------------------------------------------------------


def goals_for_viewer(*, access: TrajectoryAccess) -> QuerySet[Goal]:
    """Personal goals for their owner and the facilitator; group goals for that group's members."""
    goals = Goal.objects.filter(trajectory=access.trajectory).select_related("member__user")
    if access.is_facilitator:
        return goals
    viewer = access.membership
    if viewer is None:
        return goals.none()
    groups = {MethodGroup.JOINT}
    if viewer.role == MemberRole.CLIENT:
        groups.add(MethodGroup.CLIENTS)
    if viewer.role == MemberRole.STAFF:
        groups.add(MethodGroup.STAFF)
    return goals.filter(Q(member=viewer) | Q(member__isnull=True, group__in=groups))


@dataclass(frozen=True)
class GoalSummary:
    total: int
    achieved: int
    partly: int
    not_achieved: int
    open: int


def goal_summary(*, trajectory: Trajectory) -> GoalSummary:
    """How the personal goals turned out, in numbers only: no names, no texts."""
    counts = Goal.objects.filter(trajectory=trajectory, member__isnull=False).aggregate(
        total=Count("pk"),
        achieved=Count("pk", filter=Q(outcome=GoalOutcome.ACHIEVED)),
        partly=Count("pk", filter=Q(outcome=GoalOutcome.PARTLY)),
        not_achieved=Count("pk", filter=Q(outcome=GoalOutcome.NOT)),
        open=Count("pk", filter=Q(outcome="")),
    )
    return GoalSummary(**counts)


# --- lessons and the learning overview -------------------------------------------------------


def lesson_list(
    *, organisation_id: int, care_context: str = "", theme: str = "", method_id: int | None = None, query: str = "",
) -> QuerySet[Lesson]:
    """The organisation's lessons learned (never another organisation's), filtered."""
    lessons = (
        Lesson.objects.filter(trajectory__organisation_id=organisation_id)
        .select_related("trajectory", "trajectory__location", "written_by")
        .prefetch_related(Prefetch("method_ratings", queryset=LessonMethod.objects.select_related("method")))
    )
    if care_context:
        lessons = lessons.filter(trajectory__care_context=care_context)
    if theme:
        lessons = lessons.filter(themes_code__contains=f",{theme},")
    if method_id:
        lessons = lessons.filter(method_ratings__method_id=method_id).distinct()
    for word in query.split():
        lessons = lessons.filter(
            Q(what_worked__icontains=word) | Q(what_did_not__icontains=word) | Q(what_changed__icontains=word)
            | Q(advice__icontains=word) | Q(trajectory__title__icontains=word)
        )
    return lessons


@dataclass(frozen=True)
class MethodUse:
    method: Method
    times: int
    average: float | None
    ratings: int


@dataclass(frozen=True)
class LearningOverview:
    trajectories: int
    closed: int
    per_theme: list[tuple[str, int]]
    actions_done: int
    actions_total: int
    most_used: list[MethodUse]
    best_rated: list[MethodUse]


def learning_overview(*, organisation_id: int, limit: int = 10) -> LearningOverview:
    """Trajectories per theme, actions realised, and the methods used most and rated best."""
    trajectories = Trajectory.objects.filter(organisation_id=organisation_id)
    totals = trajectories.aggregate(total=Count("pk"), closed=Count("pk", filter=Q(status="closed")))
    themes = dict(Theme.choices)
    # Only what clients shared: the themes of the topics behind agenda items they shared with staff.
    # A topic that is not (yet) behind a shared item stays in the client space, its theme included.
    per_theme_rows = (
        Topic.objects.filter(
            trajectory__organisation_id=organisation_id, agenda_items__shared_at__isnull=False
        )
        .values("theme")
        .annotate(trajectories=Count("trajectory", distinct=True))
        .order_by("-trajectories", "theme")
    )
    per_theme = [(themes.get(row["theme"], row["theme"]), row["trajectories"]) for row in per_theme_rows]
    actions = Action.objects.filter(trajectory__organisation_id=organisation_id).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(status=ActionStatus.DONE))
    )
    used = (
        visible_methods(organisation_id=organisation_id)
        .annotate(
            times=Count("planned_in", filter=Q(planned_in__meeting__trajectory__organisation_id=organisation_id),
                        distinct=True),
        )
        .filter(times__gt=0)
        .order_by("-times", "name")[:limit]
    )
    rated = (
        visible_methods(organisation_id=organisation_id)
        .annotate(
            average=Avg("ratings__rating", filter=Q(ratings__lesson__trajectory__organisation_id=organisation_id)),
            rating_count=Count("ratings", filter=Q(ratings__lesson__trajectory__organisation_id=organisation_id)),
        )
        .filter(rating_count__gt=0)
        .order_by("-average", "-rating_count", "name")[:limit]
    )
    return LearningOverview(
        trajectories=totals["total"],
        closed=totals["closed"],
        per_theme=per_theme,
        actions_done=actions["done"],
        actions_total=actions["total"],
        most_used=[MethodUse(method=m, times=m.times, average=None, ratings=0) for m in used],
        best_rated=[MethodUse(method=m, times=0, average=m.average, ratings=m.rating_count) for m in rated],
    )


# --- the evaluation report ---------------------------------------------------------------------


def evaluation_report_for(*, trajectory: Trajectory) -> EvaluationReport | None:
    """The trajectory's evaluation report, with who last changed it; None until it is written."""
    return EvaluationReport.objects.filter(trajectory=trajectory).select_related("updated_by").first()


def evaluation_report_suggestions(*, trajectory: Trajectory) -> dict[str, str]:
    """A first draft of the report from what the trajectory recorded (the facilitator edits it)."""
    group_goals = list(Goal.objects.filter(trajectory=trajectory, member__isnull=True).values_list("text", flat=True))
    aim = trajectory.description or trajectory.subject
    if group_goals:
        aim += "\n" + _("Goals of the groups:") + "\n" + "\n".join(f"- {text}" for text in group_goals)
    names = []
    for planned in MeetingMethod.objects.filter(meeting__trajectory=trajectory).select_related("method"):
        name = planned.method.localized.name
        if name not in names:
            names.append(name)
    meetings = Meeting.objects.filter(trajectory=trajectory).count()
    methods = _("%(count)d sessions.") % {"count": meetings}
    if names:
        methods += " " + _("Working methods: %(names)s.") % {"names": ", ".join(names)}
    topics = Topic.objects.filter(trajectory=trajectory, merged_into__isnull=True).count()
    shared = trajectory.agenda_items.filter(shared_at__isnull=False).count()
    actions = trajectory.actions.aggregate(total=Count("pk"), done=Count("pk", filter=Q(status=ActionStatus.DONE)))
    results = _(
        "Clients brought in %(topics)d topics and shared %(shared)d agenda items with staff. "
        "Clients and staff agreed %(actions)d actions; %(done)d of them are done."
    ) % {"topics": topics, "shared": shared, "actions": actions["total"], "done": actions["done"]}
    summary = goal_summary(trajectory=trajectory)
    outcomes = "\n".join(
        text for text in trajectory.reviews.order_by("date").values_list("summary", flat=True) if text
    )
    if summary.total:
        outcomes += ("\n" if outcomes else "") + _(
            "Personal goals: %(achieved)d achieved, %(partly)d partly, %(not)d not (yet), of %(total)d."
        ) % {"achieved": summary.achieved, "partly": summary.partly, "not": summary.not_achieved,
             "total": summary.total}
    reflection = "\n".join(
        text for text in trajectory.lessons.values_list("what_did_not", flat=True) if text
    )
    return {"aim": aim, "methods": methods, "results": results, "outcomes": outcomes, "reflection": reflection}
