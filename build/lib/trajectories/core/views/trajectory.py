from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partner.extensions import trajectory_page_sections
from partner.service_calls import run_action, run_service
from trajectories.core import services
from trajectories.core.access import trajectory_get_for_user
from trajectories.core.forms import StepMoveForm, TrajectoryForm
from trajectories.core.selectors import (
    action_list,
    meeting_list_for_viewer,
    shared_agenda_item_list,
    staff_summary_for_viewer,
    step_transition_list,
)
from trajectories.core.views.common import trajectory_context
from trajectories.live.selectors import open_live_session
from trajectories.models import Organisation, OrganisationMember, OrganisationRole
from trajectories.permissions import Perm
from trajectories.privacy.audit import AuditAction, audited


def _facilitator_organisation(user) -> Organisation:
    member = (
        OrganisationMember.objects.select_related("organisation")
        .filter(user=user, role=OrganisationRole.FACILITATOR)
        .first()
    )
    if member is None:
        raise Http404
    return member.organisation


@login_required
@audited(write=AuditAction.CREATE)
def trajectory_create(request):
    organisation = _facilitator_organisation(request.user)
    form = TrajectoryForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        created = {}

        def create():
            created["trajectory"] = services.trajectory_create(
                organisation=organisation, by=request.user, **form.cleaned_data
            )

        if run_service(form, create):
            messages.success(request, _("The trajectory has been created. Now add clients and staff."))
            return redirect("trajectories:members", pk=created["trajectory"].pk)
    return render(request, "trajectories/core/trajectory_form.html", {"form": form, "organisation": organisation})


@login_required
@audited()
def trajectory_edit(request, pk):
    access = trajectory_get_for_user(request.user, pk, Perm.FACILITATE)
    trajectory = access.trajectory
    form = TrajectoryForm(request.POST or None, instance=trajectory, organisation=trajectory.organisation)
    if request.method == "POST" and form.is_valid():
        if run_service(form, lambda: services.trajectory_update(trajectory=trajectory, by=request.user, **form.cleaned_data)):
            messages.success(request, _("Your changes have been saved."))
            return redirect("trajectories:detail", pk=trajectory.pk)
    return render(
        request, "trajectories/core/trajectory_form.html", trajectory_context(access, section="overview", form=form)
    )


@login_required
@audited()
def trajectory_detail(request, pk):
    """The trajectory's home: where it stands and what to do now, per role."""
    access = trajectory_get_for_user(request.user, pk, Perm.VIEW)
    trajectory = access.trajectory
    context = trajectory_context(
        access,
        section="overview",
        shared_item_count=shared_agenda_item_list(trajectory=trajectory).count(),
        action_count=action_list(trajectory=trajectory).count(),
        staff_summary=staff_summary_for_viewer(access=access),
        meetings=meeting_list_for_viewer(access=access) if access.membership else [],
        transitions=step_transition_list(trajectory=trajectory) if access.is_facilitator else [],
        step_form=StepMoveForm(initial={"expected_step": trajectory.current_step}),
        extra_sections=trajectory_page_sections.collect(request=request, access=access),
        live_session=open_live_session(trajectory=trajectory) if access.in_client_space else None,
    )
    return render(request, "trajectories/core/trajectory_detail.html", context)


def _move(request, pk, service, success, *, with_reason=False):
    access = trajectory_get_for_user(request.user, pk, Perm.FACILITATE)
    form = StepMoveForm(request.POST)
    detail = reverse("trajectories:detail", kwargs={"pk": pk})
    if not form.is_valid():
        if "reason" in form.errors:
            for error in form.errors["reason"]:
                messages.error(request, error)
        else:
            messages.error(request, _("The page was out of date. Check the current step and try again."))
        return redirect(detail)
    extra = {"reason": form.cleaned_data["reason"]} if with_reason else {}
    return run_action(
        request,
        lambda: service(
            trajectory=access.trajectory, by=request.user, expected_step=form.cleaned_data["expected_step"], **extra
        ),
        success=success,
        redirect_to=detail,
    )


@login_required
@require_POST
@audited()
def step_advance(request, pk):
    return _move(request, pk, services.step_advance, _("The trajectory moved to the next step."))


@login_required
@require_POST
@audited()
def step_back(request, pk):
    return _move(request, pk, services.step_back, _("The trajectory moved back one step."), with_reason=True)


@login_required
@require_POST
@audited()
def step_skip(request, pk):
    return _move(
        request, pk, services.step_skip, _("The step was skipped. The reason is in the step history."),
        with_reason=True,
    )


@login_required
@require_POST
@audited()
def trajectory_close(request, pk):
    access = trajectory_get_for_user(request.user, pk, Perm.FACILITATE)
    return run_action(
        request,
        lambda: services.trajectory_close(trajectory=access.trajectory, by=request.user),
        success=_("The trajectory is closed. Everything stays readable."),
        redirect_to=reverse("trajectories:detail", kwargs={"pk": pk}),
    )


@login_required
@require_POST
@audited()
def trajectory_reopen(request, pk):
    access = trajectory_get_for_user(request.user, pk, Perm.FACILITATE)
    return run_action(
        request,
        lambda: services.trajectory_reopen(trajectory=access.trajectory, by=request.user),
        success=_("The trajectory is running again."),
        redirect_to=reverse("trajectories:detail", kwargs={"pk": pk}),
    )
