"""Step 2, Cliëntagenda: what clients want changed. Private until the clients share it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partner.service_calls import confirm_then_run, run_action, run_service
from trajectories.core import services
from trajectories.core.access import agenda_item_get_for_user, trajectory_get_for_user
from trajectories.core.forms import AgendaItemForm
from trajectories.core.selectors import agenda_item_list_for_viewer
from trajectories.core.views.common import CONFIRM_TEMPLATE, trajectory_context
from trajectories.permissions import Perm
from trajectories.privacy.audit import AuditAction, audited


def _client_member(access):
    """Only a member in the client space (a client or the facilitator) writes the agenda."""
    if access.membership is None:
        raise Http404
    return access.membership


@login_required
@audited(write=AuditAction.CREATE)
def agenda(request, pk):
    access = trajectory_get_for_user(request.user, pk, Perm.CLIENT_SPACE)
    member = _client_member(access)
    form = AgendaItemForm(request.POST or None, trajectory=access.trajectory)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)  # a new item has no earlier version
        if run_service(form, lambda: services.agenda_item_create(trajectory=access.trajectory, by=member, **data)):
            messages.success(request, _("The item is on the agenda. Only clients can see it until you share it."))
            return redirect("trajectories:agenda", pk=pk)
    items = list(agenda_item_list_for_viewer(access=access))
    return render(
        request,
        "trajectories/core/step_agenda.html",
        trajectory_context(access, section="agenda", items=items, form=form),
    )


@login_required
@audited()
def agenda_item_edit(request, pk, item_pk):
    access, item = agenda_item_get_for_user(request.user, pk, item_pk, Perm.CLIENT_SPACE)
    member = _client_member(access)
    if item.is_shared:
        messages.info(request, _("This agenda item is shared with staff and can no longer be changed."))
        return redirect("trajectories:agenda", pk=pk)
    form = AgendaItemForm(request.POST or None, instance=item, trajectory=access.trajectory)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected_version = data.pop("version", None)
        if run_service(
            form,
            lambda: services.agenda_item_update(item=item, by=member, expected_version=expected_version, **data),
        ):
            messages.success(request, _("Your changes have been saved."))
            return redirect("trajectories:agenda", pk=pk)
    current = None
    if form.is_stale:
        # Someone else saved first: show what is stored now next to what this person typed, and
        # let the next save be based on it.
        _access, current = agenda_item_get_for_user(request.user, pk, item_pk, Perm.CLIENT_SPACE)
        form.base_on_version(current.version)
    return render(
        request,
        "trajectories/core/agenda_item_form.html",
        trajectory_context(access, section="agenda", form=form, current=current),
    )


@login_required
@audited(write=AuditAction.DELETE)
def agenda_item_delete(request, pk, item_pk):
    access, item = agenda_item_get_for_user(request.user, pk, item_pk, Perm.CLIENT_SPACE)
    member = _client_member(access)
    agenda_url = reverse("trajectories:agenda", kwargs={"pk": pk})
    return confirm_then_run(
        request,
        template=CONFIRM_TEMPLATE,
        context=trajectory_context(access, section="agenda"),
        title=_("Remove “%(title)s” from the agenda?") % {"title": item.title},
        explanation=_("The topics it came from stay."),
        confirm_label=_("Yes, remove"),
        cancel_url=agenda_url,
        call=lambda: services.agenda_item_delete(item=item, by=member),
        success=_("The item has been removed from the agenda."),
        redirect_to=agenda_url,
    )


@login_required
@audited()
def agenda_item_share(request, pk, item_pk):
    access, item = agenda_item_get_for_user(request.user, pk, item_pk, Perm.CLIENT_SPACE)
    member = _client_member(access)
    agenda_url = reverse("trajectories:agenda", kwargs={"pk": pk})
    return confirm_then_run(
        request,
        template=CONFIRM_TEMPLATE,
        context=trajectory_context(access, section="agenda"),
        title=_("Share “%(title)s” with staff?") % {"title": item.title},
        explanation=_(
            "Staff will read what you want changed and why. They do not see your topics or names. "
            "After sharing, nobody can change this item."
        ),
        confirm_label=_("Yes, share with staff"),
        cancel_url=agenda_url,
        call=lambda: services.agenda_item_share(item=item, by=member),
        success=_("The item is shared with staff."),
        redirect_to=agenda_url,
    )


@login_required
@require_POST
@audited()
def agenda_item_move(request, pk, item_pk, direction):
    access, item = agenda_item_get_for_user(request.user, pk, item_pk, Perm.CLIENT_SPACE)
    member = _client_member(access)
    return run_action(
        request,
        lambda: services.agenda_item_move(item=item, by=member, direction=direction),
        success=_("The order has been changed."),
        redirect_to=reverse("trajectories:agenda", kwargs={"pk": pk}) + f"#item-{item.pk}",
    )
