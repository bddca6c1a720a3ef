"""Step 3, Medewerkers: staff reflect among themselves. Staff space only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partner.service_calls import confirm_then_run, run_action, run_service
from trajectories.core import rules, services
from trajectories.core.access import staff_reflection_get_for_user, trajectory_get_for_user
from trajectories.core.forms import StaffReflectionForm, StaffSummaryForm
from trajectories.core.selectors import (
    shared_agenda_item_list,
    staff_reflection_rows_for_viewer,
    staff_summary_for_viewer,
)
from trajectories.core.views.common import CONFIRM_TEMPLATE, trajectory_context
from trajectories.permissions import Perm
from trajectories.privacy.audit import AuditAction, audited


def _staff_member(access):
    if access.membership is None:
        raise Http404
    return access.membership


@login_required
@audited()
def staff_space(request, pk):
    """Shared agenda items, the reflections on them and the summary for clients."""
    access = trajectory_get_for_user(request.user, pk, Perm.STAFF_SPACE)
    member = _staff_member(access)
    trajectory = access.trajectory
    summary = staff_summary_for_viewer(access=access)
    reflection_form = StaffReflectionForm(
        request.POST if "reflection" in request.POST else None, trajectory=trajectory, prefix="reflection"
    )
    summary_form = StaffSummaryForm(
        request.POST if "summary" in request.POST else None, instance=summary, prefix="summary"
    )
    if request.method == "POST" and "reflection" in request.POST and reflection_form.is_valid():
        data = dict(reflection_form.cleaned_data)
        if run_service(
            reflection_form,
            lambda: services.staff_reflection_create(trajectory=trajectory, by=member, **data),
        ):
            messages.success(request, _("Your reflection has been added. Only staff and the facilitator can read it."))
            return redirect("trajectories:staff", pk=pk)
    if request.method == "POST" and "summary" in request.POST and summary_form.is_valid():
        text = summary_form.cleaned_data["text"]
        if run_service(summary_form, lambda: services.staff_summary_save(trajectory=trajectory, by=member, text=text)):
            messages.success(request, _("The summary has been saved. Clients cannot read it until you share it."))
            return redirect("trajectories:staff", pk=pk)
    items = list(shared_agenda_item_list(trajectory=trajectory))
    reflections = staff_reflection_rows_for_viewer(access=access)
    for item in items:
        item.reflection_rows = [row for row in reflections if row.agenda_item_id == item.pk]
    return render(
        request,
        "trajectories/core/step_staff.html",
        trajectory_context(
            access,
            section="staff",
            items=items,
            general_reflections=[row for row in reflections if row.agenda_item_id is None],
            reflection_form=reflection_form,
            summary=summary,
            summary_form=summary_form,
        ),
    )


@login_required
@require_POST
@audited()
def staff_summary_share(request, pk):
    access = trajectory_get_for_user(request.user, pk, Perm.STAFF_SPACE)
    member = _staff_member(access)
    return run_action(
        request,
        lambda: services.staff_summary_share(trajectory=access.trajectory, by=member),
        success=_("The summary is shared with clients."),
        redirect_to=reverse("trajectories:staff", kwargs={"pk": pk}),
    )


@login_required
@audited(write=AuditAction.DELETE)
def staff_reflection_delete(request, pk, reflection_pk):
    access, reflection = staff_reflection_get_for_user(request.user, pk, reflection_pk)
    member = _staff_member(access)
    if not rules.staff_reflection_can_delete(reflection=reflection, by=member):
        raise Http404
    staff_url = reverse("trajectories:staff", kwargs={"pk": pk})
    return confirm_then_run(
        request,
        template=CONFIRM_TEMPLATE,
        context=trajectory_context(access, section="staff"),
        title=_("Remove this reflection?"),
        explanation=_("You cannot undo this."),
        confirm_label=_("Yes, remove"),
        cancel_url=staff_url,
        call=lambda: services.staff_reflection_delete(reflection=reflection, by=member),
        success=_("The reflection has been removed."),
        redirect_to=staff_url,
    )
