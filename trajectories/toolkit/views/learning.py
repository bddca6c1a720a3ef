"""Goals of participants, lessons learned across trajectories, and the evaluation report."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from partner.pdf import pdf_response
from partner.service_calls import form_page, run_form
from trajectories.core.access import trajectory_get_for_user
from trajectories.core.views.common import member_of, trajectory_context, trajectory_url
from trajectories.models import Theme
from trajectories.permissions import Perm
from trajectories.privacy.audit import AuditAction, audited
from trajectories.toolkit import learning_services
from trajectories.toolkit.access import goal_get_for_user, lesson_get_for_user, user_toolkit_organisation
from trajectories.toolkit.forms import EvaluationReportForm, GoalEvaluateForm, GoalForm, LessonFilterForm, LessonForm
from trajectories.toolkit.selectors import (
    evaluation_report_for,
    evaluation_report_suggestions,
    goal_summary,
    goals_for_viewer,
    learning_overview,
    lesson_list,
    rated_methods,
    trajectory_methods_used,
)

# --- goals ------------------------------------------------------------------------------------


@login_required
@audited(write=AuditAction.CREATE)
def goal_list(request, pk):
    """What participants hope to get out of taking part; each sees their own and their group's."""
    access = trajectory_get_for_user(request.user, pk, Perm.VIEW)
    member_of(access)
    form = GoalForm(request.POST or None, for_groups=access.is_facilitator)
    added = run_form(
        request,
        form,
        lambda: learning_services.goal_create(
            trajectory=access.trajectory, by=access.membership, text=form.cleaned_data["text"],
            group=form.cleaned_data.get("group") or None,
        ),
        success=_("Your goal has been written down. You will look back on it at the end."),
        redirect_to=trajectory_url("goals", pk),
    )
    if added is not None:
        return added
    goals = list(goals_for_viewer(access=access))
    for goal in goals:
        goal.can_evaluate = learning_services.goal_can_evaluate(goal=goal, by=access.membership)
    return render(
        request,
        "trajectories/toolkit/learning/goals.html",
        trajectory_context(access, section="goals", form=form if access.is_open else None, goals=goals),
    )


@login_required
@audited()
def goal_evaluate(request, pk, goal_pk):
    access, goal = goal_get_for_user(request.user, pk, goal_pk)
    if not learning_services.goal_can_evaluate(goal=goal, by=access.membership):
        raise Http404
    form = GoalEvaluateForm(request.POST or None, initial={"outcome": goal.outcome, "note": goal.outcome_note})
    return form_page(
        request,
        form,
        lambda: learning_services.goal_evaluate(
            goal=goal, by=access.membership, outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"]
        ),
        success=_("Thank you for looking back."),
        redirect_to=trajectory_url("goals", pk),
        template="trajectories/toolkit/learning/goal_evaluate.html",
        context=trajectory_context(access, section="goals", form=form, goal=goal),
    )


# --- lessons learned ----------------------------------------------------------------------------


LESSON_FIELDS = ("what_worked", "what_did_not", "what_changed", "advice", "themes")


@login_required
@audited(write=AuditAction.CREATE)
def lesson_create(request, pk):
    """At the close: what worked, what did not, which methods, what changed for clients."""
    access = trajectory_get_for_user(request.user, pk, Perm.FACILITATE)
    trajectory = access.trajectory
    form = LessonForm(request.POST or None, methods=trajectory_methods_used(trajectory=trajectory))
    return form_page(
        request,
        form,
        lambda: learning_services.lesson_create(
            trajectory=trajectory, by=request.user, method_ratings=form.method_ratings(),
            **{key: form.cleaned_data[key] for key in LESSON_FIELDS},
        ),
        success=_("Thank you. Facilitators and quality staff of your organisation can learn from this."),
        redirect_to=lambda lesson: reverse("trajectories:lesson_detail", kwargs={"lesson_pk": lesson.pk}),
        template="trajectories/toolkit/learning/lesson_form.html",
        context=trajectory_context(access, section="overview", form=form),
    )


@login_required
@audited()
def lesson_list_view(request):
    """Lessons across the organisation's trajectories, by care context, theme and method."""
    organisation_id = user_toolkit_organisation(request.user)
    form = LessonFilterForm(request.GET or None, methods=rated_methods(organisation_id=organisation_id))
    filters = form.cleaned_data if form.is_valid() else {}
    lessons = lesson_list(
        organisation_id=organisation_id,
        care_context=filters.get("care_context", ""),
        theme=filters.get("theme", ""),
        method_id=filters["method"].pk if filters.get("method") else None,
        query=filters.get("q", ""),
    )
    return render(
        request, "trajectories/toolkit/learning/lessons.html",
        {"form": form, "lessons": lessons, "theme_labels": dict(Theme.choices)},
    )


@login_required
@audited()
def lesson_detail(request, lesson_pk):
    lesson = lesson_get_for_user(request.user, lesson_pk)
    return render(request, "trajectories/toolkit/learning/lesson_detail.html",
                  {"lesson": lesson, "theme_labels": dict(Theme.choices)})


@login_required
@audited()
def learning_overview_view(request):
    organisation_id = user_toolkit_organisation(request.user)
    return render(
        request, "trajectories/toolkit/learning/overview.html", {"overview": learning_overview(organisation_id=organisation_id)}
    )


# --- the evaluation report ------------------------------------------------------------------


def _report_context(access):
    trajectory = access.trajectory
    return {
        "report": evaluation_report_for(trajectory=trajectory),
        "goal_summary": goal_summary(trajectory=trajectory),
    }


@login_required
@audited()
def report_detail(request, pk):
    access = trajectory_get_for_user(request.user, pk, Perm.VIEW)
    return render(
        request, "trajectories/toolkit/learning/report.html",
        trajectory_context(access, section="report", **_report_context(access)),
    )


@login_required
@audited()
def report_edit(request, pk):
    """The facilitator writes the report; a first draft comes from what the trajectory recorded."""
    access = trajectory_get_for_user(request.user, pk, Perm.FACILITATE)
    report = evaluation_report_for(trajectory=access.trajectory)
    if report is not None:
        initial = {name: getattr(report, name) for name in learning_services.REPORT_FIELDS}
    else:
        initial = evaluation_report_suggestions(trajectory=access.trajectory)
    form = EvaluationReportForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        lambda: learning_services.evaluation_report_save(
            trajectory=access.trajectory, by=request.user, **form.cleaned_data
        ),
        success=_("The evaluation report has been saved."),
        redirect_to=trajectory_url("report", pk),
        template="trajectories/toolkit/learning/report_form.html",
        context=trajectory_context(access, section="report", form=form, is_draft=report is None),
    )


@login_required
@audited(read=AuditAction.EXPORT)
def report_pdf(request, pk):
    access = trajectory_get_for_user(request.user, pk, Perm.VIEW)
    context = _report_context(access)
    if context["report"] is None:
        raise Http404
    name = slugify(access.trajectory.title) or str(access.trajectory.pk)
    return pdf_response(
        "trajectories/toolkit/learning/report_pdf.html",
        {"trajectory": access.trajectory, "generated_at": timezone.now(), **context},
        request=request,
        filename=f"evaluatierapport-{name}-{timezone.localdate():%Y-%m-%d}.pdf",
    )
