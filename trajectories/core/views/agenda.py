"""Step 2, Cliëntagenda: what clients want changed. Private until the clients share it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partner.service_calls import run_action, run_form
from trajectories.core import services
from trajectories.core.access import agenda_item_get_for_user, trajectory_get_for_user
from trajectories.core.forms import AgendaItemForm
from trajectories.core.selectors import agenda_item_list_for_viewer
from trajectories.core.views.common import (
    confirm_in_trajectory,
    member_of,
    trajectory_context,
    trajectory_url,
    versioned_edit_page,
)
from trajectories.live.selectors import visible_photo_topic_ids
from trajectories.permissions import Perm
from trajectories.privacy.audit import AuditAction, audited


def _item_in_client_space(request, pk, item_pk):
    """(access, item, the member who writes): an agenda item as the client space changes it."""
    access, item = agenda_item_get_for_user(request.user, pk, item_pk, Perm.CLIENT_SPACE)
    return access, item, member_of(access)


@login_required
@audited(write=AuditAction.CREATE)
def agenda(request, pk):
    access = trajectory_get_for_user(request.user, pk, Perm.CLIENT_SPACE)
    member = member_of(access)
    form = AgendaItemForm(request.POST or None, trajectory=access.trajectory)
    added = run_form(
        request,
        form,
        lambda: services.agenda_item_create(trajectory=access.trajectory, by=member, **form.changes()),
        success=_("The item is on the agenda. Only clients can see it until you share it."),
        redirect_to=trajectory_url("agenda", pk),
    )
    if added is not None:
        return added
    items = list(agenda_item_list_for_viewer(access=access))
    return render(
        request,
        "trajectories/core/step_agenda.html",
        trajectory_context(
            access, section="agenda", items=items, form=form, photo_topic_ids=visible_photo_topic_ids(access=access)
        ),
    )


@login_required
@audited()
def agenda_item_edit(request, pk, item_pk):
    access, item, member = _item_in_client_space(request, pk, item_pk)
    if item.is_shared:
        messages.info(request, _("This agenda item is shared with staff and can no longer be changed."))
        return redirect("trajectories:agenda", pk=pk)
    form = AgendaItemForm(request.POST or None, instance=item, trajectory=access.trajectory)
    return versioned_edit_page(
        request,
        access,
        form,
        lambda: services.agenda_item_update(
            item=item, by=member, expected_version=form.expected_version, **form.changes()
        ),
        fetch=lambda: agenda_item_get_for_user(request.user, pk, item_pk, Perm.CLIENT_SPACE),
        section="agenda",
        back=trajectory_url("agenda", pk),
        template="trajectories/core/agenda_item_form.html",
    )


@login_required
@audited(write=AuditAction.DELETE)
def agenda_item_delete(request, pk, item_pk):
    access, item, member = _item_in_client_space(request, pk, item_pk)
    return confirm_in_trajectory(
        request,
        access,
        section="agenda",
        back=trajectory_url("agenda", pk),
        title=_("Remove “%(title)s” from the agenda?") % {"title": item.title},
        explanation=_("The topics it came from stay."),
        call=lambda: services.agenda_item_delete(item=item, by=member),
        success=_("The item has been removed from the agenda."),
    )


@login_required
@audited()
def agenda_item_share(request, pk, item_pk):
    access, item, member = _item_in_client_space(request, pk, item_pk)
    return confirm_in_trajectory(
        request,
        access,
        section="agenda",
        back=trajectory_url("agenda", pk),
        title=_("Share “%(title)s” with staff?") % {"title": item.title},
        explanation=_(
            "Staff will read what you want changed and why. They do not see your topics or names. "
            "After sharing, nobody can change this item."
        ),
        confirm_label=_("Yes, share with staff"),
        call=lambda: services.agenda_item_share(item=item, by=member),
        success=_("The item is shared with staff."),
    )


@login_required
@require_POST
@audited()
def agenda_item_move(request, pk, item_pk, direction):
    _access, item, member = _item_in_client_space(request, pk, item_pk)
    return run_action(
        request,
        lambda: services.agenda_item_move(item=item, by=member, direction=direction),
        success=_("The order has been changed."),
        redirect_to=trajectory_url("agenda", pk) + f"#item-{item.pk}",
    )
