from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partner.extensions import trajectory_page_sections
from partner.service_calls import form_page, run_action
from trajectories.core import services
from trajectories.core.access import trajectory_get_for_user
from trajectories.core.forms import StepMoveForm, TrajectoryForm
from trajectories.core.selectors import (
    meeting_list_for_viewer,
    staff_summary_for_viewer,
    step_transition_list,
    trajectory_counts,
    user_is_client_only,
)
from trajectories.core.views.common import trajectory_context, trajectory_url
from trajectories.live.selectors import open_live_session
from trajectories.models import OrganisationRole
from trajectories.organisations import user_organisation
from trajectories.permissions import Perm
from trajectories.privacy.audit import AuditAction, audited


@login_required
@audited(write=AuditAction.CREATE)
def trajectory_create(request):
    organisation = user_organisation(request.user, roles={OrganisationRole.FACILITATOR})
    form = TrajectoryForm(request.POST or None, organisation=organisation)
    return form_page(
        request,
        form,
        lambda: services.trajectory_create(organisation=organisation, by=request.user, **form.cleaned_data),
        success=_("The trajectory has been created. Now add clients and staff."),
        redirect_to=lambda trajectory: trajectory_url("members", trajectory.pk),
        template="trajectories/core/trajectory_form.html",
        context={"form": form, "organisation": organisation},
    )


@login_required
@audited()
def trajectory_edit(request, pk):
    access = trajectory_get_for_user(request.user, pk, Perm.FACILITATE)
    trajectory = access.trajectory
    form = TrajectoryForm(request.POST or None, instance=trajectory, organisation=trajectory.organisation)
    return form_page(
        request,
        form,
        lambda: services.trajectory_update(trajectory=trajectory, by=request.user, **form.cleaned_data),
        success=_("Your changes have been saved."),
        redirect_to=trajectory_url("detail", pk),
        template="trajectories/core/trajectory_form.html",
        context=trajectory_context(access, section="overview", form=form),
    )


@login_required
@audited()
def trajectory_detail(request, pk):
    """The trajectory's home: where it stands and what to do now, per role. In client mode
    (someone who takes part only as a client) large tiles instead of the overview."""
    access = trajectory_get_for_user(request.user, pk, Perm.VIEW)
    trajectory = access.trajectory
    if access.in_client_space and user_is_client_only(user=request.user):
        context = trajectory_context(access, section="overview", live_session=open_live_session(trajectory=trajectory))
        return render(request, "trajectories/core/client_home.html", context)
    counts = trajectory_counts(trajectory=trajectory)
    context = trajectory_context(
        access,
        section="overview",
        shared_item_count=counts.shared_items,
        action_count=counts.actions,
        staff_summary=staff_summary_for_viewer(access=access),
        meetings=meeting_list_for_viewer(access=access) if access.membership else [],
        transitions=step_transition_list(trajectory=trajectory) if access.is_facilitator else [],
        step_form=StepMoveForm(initial={"expected_step": trajectory.current_step}),
        extra_sections=trajectory_page_sections.collect(request=request, access=access),
        live_session=open_live_session(trajectory=trajectory) if access.in_client_space else None,
    )
    return render(request, "trajectories/core/trajectory_detail.html", context)


def _facilitator_button(request, pk, service, success, *, form_fields=()):
    """A facilitator's button on the trajectory page: run ``service`` on the trajectory, then back.

    A step move sends the step the page showed (``expected_step``) and sometimes a ``reason``:
    ``form_fields`` names what of ``StepMoveForm`` the service gets.
    """
    access = trajectory_get_for_user(request.user, pk, Perm.FACILITATE)
    extra = {}
    if form_fields:
        form = StepMoveForm(request.POST)
        if not form.is_valid():
            if "reason" in form.errors:
                for error in form.errors["reason"]:
                    messages.error(request, error)
            else:
                messages.error(request, _("The page was out of date. Check the current step and try again."))
            return redirect(trajectory_url("detail", pk))
        extra = {name: form.cleaned_data[name] for name in form_fields}
    return run_action(
        request,
        lambda: service(trajectory=access.trajectory, by=request.user, **extra),
        success=success,
        redirect_to=trajectory_url("detail", pk),
    )


STEP = ("expected_step",)
STEP_AND_REASON = ("expected_step", "reason")


@login_required
@require_POST
@audited()
def step_advance(request, pk):
    return _facilitator_button(
        request, pk, services.step_advance, _("The trajectory moved to the next step."), form_fields=STEP
    )


@login_required
@require_POST
@audited()
def step_back(request, pk):
    return _facilitator_button(
        request, pk, services.step_back, _("The trajectory moved back one step."), form_fields=STEP_AND_REASON
    )


@login_required
@require_POST
@audited()
def step_skip(request, pk):
    return _facilitator_button(
        request, pk, services.step_skip, _("The step was skipped. The reason is in the step history."),
        form_fields=STEP_AND_REASON,
    )


@login_required
@require_POST
@audited()
def trajectory_close(request, pk):
    return _facilitator_button(
        request, pk, services.trajectory_close, _("The trajectory is closed. Everything stays readable.")
    )


@login_required
@require_POST
@audited()
def trajectory_reopen(request, pk):
    return _facilitator_button(request, pk, services.trajectory_reopen, _("The trajectory is running again."))
