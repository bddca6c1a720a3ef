"""Follow-up of the action plan: one action with its progress notes, and reviews (evaluaties)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partner.service_calls import form_page, run_form
from trajectories.core.access import TrajectoryAccess, action_get_for_user, trajectory_get_for_user
from trajectories.core.views.common import trajectory_context
from trajectories.models import ACTION_STATUSES_WITH_REASON, Action
from trajectories.permissions import Perm
from trajectories.plan import services as plan_services
from trajectories.plan.access import review_get_for_user
from trajectories.plan.forms import ProgressForm, ReviewForm
from trajectories.plan.selectors import (
    action_co_owner_list,
    action_review_outcome_list,
    plan_action_list,
    progress_list,
    review_outcome_list,
)
from trajectories.privacy.audit import AuditAction, audited


def _may_add_progress(access: TrajectoryAccess, action: Action, co_owners) -> bool:
    """The facilitator and the people who own the action write how it is going."""
    if access.is_facilitator:
        return True
    member = access.membership
    return member is not None and (action.owner_id == member.pk or any(m.pk == member.pk for m in co_owners))


@login_required
@audited()
def action_detail(request, pk, action_pk):
    """One action: its steps, owners, dates, status and dated progress notes (newest first)."""
    access, action = action_get_for_user(request.user, pk, action_pk, Perm.VIEW)
    co_owners = list(action_co_owner_list(action=action))
    may_add = _may_add_progress(access, action, co_owners)
    form = None
    if request.method == "POST":
        if not may_add:
            raise Http404
        form = ProgressForm(request.POST)
        added = run_form(
            request,
            form,
            lambda: plan_services.action_progress_add(
                action=action, by=access.membership, date=form.cleaned_data["date"], text=form.cleaned_data["text"]
            ),
            success=_("Your progress note has been added."),
            redirect_to=reverse("trajectories:action_detail", kwargs={"pk": pk, "action_pk": action.pk}) + "#progress",
        )
        if added is not None:
            return added
    elif may_add and access.is_open:
        form = ProgressForm()
    return render(
        request,
        "trajectories/plan/action_detail.html",
        trajectory_context(
            access,
            section="dialogue",
            action=action,
            co_owners=co_owners,
            progress_notes=progress_list(action=action),
            review_outcomes=action_review_outcome_list(action=action),
            needs_reason=action.status in ACTION_STATUSES_WITH_REASON,
            is_overdue=action.is_overdue(timezone.localdate()),
            form=form,
        ),
    )


@login_required
@audited(write=AuditAction.CREATE)
def review_create(request, pk):
    """The facilitator records a follow-up moment: per action its status and what changed for clients."""
    access = trajectory_get_for_user(request.user, pk, Perm.FACILITATE)
    trajectory = access.trajectory
    actions = list(plan_action_list(trajectory=trajectory))
    form = ReviewForm(request.POST or None, actions=actions)
    return form_page(
        request,
        form,
        lambda: plan_services.review_create(
            trajectory=trajectory,
            by=access.membership,
            date=form.cleaned_data["date"],
            title=form.cleaned_data["title"],
            summary=form.cleaned_data["summary"],
            outcomes=form.outcomes(),
        ),
        success=_("The review has been saved."),
        redirect_to=lambda review: reverse("trajectories:review_detail", kwargs={"pk": pk, "review_pk": review.pk}),
        template="trajectories/plan/review_form.html",
        context=trajectory_context(access, section="dialogue", form=form, rows=form.action_rows()),
    )


@login_required
@audited()
def review_detail(request, pk, review_pk):
    """A review with what it recorded per action."""
    access, review = review_get_for_user(request.user, pk, review_pk, Perm.VIEW)
    return render(
        request,
        "trajectories/plan/review_detail.html",
        trajectory_context(access, section="dialogue", review=review, outcomes=review_outcome_list(review=review)),
    )
