"""Step 3, Medewerkers: staff reflect among themselves. Staff space only."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partner.service_calls import run_action, run_form
from trajectories.core import rules, services
from trajectories.core.access import staff_reflection_get_for_user, trajectory_get_for_user
from trajectories.core.forms import StaffReflectionForm, StaffSummaryForm
from trajectories.core.selectors import (
    shared_agenda_item_list,
    staff_reflection_rows_for_viewer,
    staff_summary_for_viewer,
)
from trajectories.core.views.common import confirm_in_trajectory, member_of, trajectory_context, trajectory_url
from trajectories.permissions import Perm
from trajectories.privacy.audit import AuditAction, audited


@login_required
@audited()
def staff_space(request, pk):
    """Shared agenda items, the reflections on them and the summary for clients."""
    access = trajectory_get_for_user(request.user, pk, Perm.STAFF_SPACE)
    member = member_of(access)
    trajectory = access.trajectory
    summary = staff_summary_for_viewer(access=access)
    reflection_form = StaffReflectionForm(
        request.POST if "reflection" in request.POST else None, trajectory=trajectory, prefix="reflection"
    )
    summary_form = StaffSummaryForm(
        request.POST if "summary" in request.POST else None, instance=summary, prefix="summary"
    )
    # Only the form whose button was pressed is bound; an unbound form runs nothing.
    done = run_form(
        request,
        reflection_form,
        lambda: services.staff_reflection_create(trajectory=trajectory, by=member, **reflection_form.cleaned_data),
        success=_("Your reflection has been added. Only staff and the facilitator can read it."),
        redirect_to=trajectory_url("staff", pk),
    )
    if done is None:
        done = run_form(
            request,
            summary_form,
            lambda: services.staff_summary_save(trajectory=trajectory, by=member, text=summary_form.cleaned_data["text"]),
            success=_("The summary has been saved. Clients cannot read it until you share it."),
            redirect_to=trajectory_url("staff", pk),
        )
    if done is not None:
        return done
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
    member = member_of(access)
    return run_action(
        request,
        lambda: services.staff_summary_share(trajectory=access.trajectory, by=member),
        success=_("The summary is shared with clients."),
        redirect_to=trajectory_url("staff", pk),
    )


@login_required
@audited(write=AuditAction.DELETE)
def staff_reflection_delete(request, pk, reflection_pk):
    access, reflection = staff_reflection_get_for_user(request.user, pk, reflection_pk)
    member = member_of(access)
    if not rules.staff_reflection_can_delete(reflection=reflection, by=member):
        raise Http404
    return confirm_in_trajectory(
        request,
        access,
        section="staff",
        back=trajectory_url("staff", pk),
        title=_("Remove this reflection?"),
        explanation=_("You cannot undo this."),
        call=lambda: services.staff_reflection_delete(reflection=reflection, by=member),
        success=_("The reflection has been removed."),
    )
