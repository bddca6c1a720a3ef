"""Step 4, Dialoog en actieplan: what clients and staff agree together. Shared outcomes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partner.pk import parse_pk
from partner.service_calls import form_page
from trajectories.core import services
from trajectories.core.access import action_get_for_user, agenda_item_get_for_user, trajectory_get_for_user
from trajectories.core.forms import ActionForm, DialogueForm
from trajectories.core.selectors import action_list, dialogue_for_item, dialogue_item_list, staff_summary_for_viewer
from trajectories.core.views.common import (
    confirm_in_trajectory,
    trajectory_context,
    trajectory_url,
    versioned_edit_page,
)
from trajectories.permissions import Perm
from trajectories.plan.selectors import action_co_owner_list, review_list
from trajectories.privacy.audit import AuditAction, audited


@login_required
@audited()
def dialogue(request, pk):
    """The shared client agenda, the shared staff summary, the dialogue and the action plan."""
    access = trajectory_get_for_user(request.user, pk, Perm.VIEW)
    trajectory = access.trajectory
    actions = list(action_list(trajectory=trajectory))
    today = timezone.localdate()
    return render(
        request,
        "trajectories/core/step_dialogue.html",
        trajectory_context(
            access,
            section="dialogue",
            items=dialogue_item_list(trajectory=trajectory),
            summary=staff_summary_for_viewer(access=access),
            loose_actions=[action for action in actions if action.agenda_item_id is None],
            action_count=len(actions),
            reviews=review_list(trajectory=trajectory),
            today=today,
        ),
    )


@login_required
@audited()
def dialogue_edit(request, pk, item_pk):
    access, item = agenda_item_get_for_user(request.user, pk, item_pk, Perm.FACILITATE)
    if not item.is_shared:
        messages.info(request, _("Only shared agenda items are discussed in the dialogue."))
        return redirect("trajectories:dialogue", pk=pk)
    form = DialogueForm(request.POST or None, instance=dialogue_for_item(item=item))
    return form_page(
        request,
        form,
        lambda: services.dialogue_save(agenda_item=item, by=access.membership, **form.cleaned_data),
        success=_("The dialogue has been saved."),
        redirect_to=trajectory_url("dialogue", pk) + f"#item-{item.pk}",
        template="trajectories/core/dialogue_form.html",
        context=trajectory_context(access, section="dialogue", form=form, item=item),
    )


@login_required
@audited(write=AuditAction.CREATE)
def action_create(request, pk):
    access = trajectory_get_for_user(request.user, pk, Perm.FACILITATE)
    initial = {}
    if parse_pk(request.GET.get("item")) is not None:
        initial["agenda_item"] = parse_pk(request.GET["item"])
    form = ActionForm(request.POST or None, trajectory=access.trajectory, initial=initial)
    return form_page(
        request,
        form,
        lambda: services.action_create(trajectory=access.trajectory, by=access.membership, **form.changes()),
        success=_("The action has been added to the action plan."),
        redirect_to=trajectory_url("dialogue", pk),
        template="trajectories/core/action_form.html",
        context=trajectory_context(
            access, section="dialogue", form=form, heading=_("New action"), cancel_url=trajectory_url("dialogue", pk)
        ),
    )


@login_required
@audited()
def action_edit(request, pk, action_pk):
    access, action = action_get_for_user(request.user, pk, action_pk, Perm.FACILITATE)
    form = ActionForm(request.POST or None, instance=action, trajectory=access.trajectory)
    return versioned_edit_page(
        request,
        access,
        form,
        lambda: services.action_update(
            action=action, by=access.membership, expected_version=form.expected_version, **form.changes()
        ),
        fetch=lambda: action_get_for_user(request.user, pk, action_pk, Perm.FACILITATE),
        section="dialogue",
        back=trajectory_url("dialogue", pk),
        template="trajectories/core/action_form.html",
        extra=lambda current: {
            "current_co_owners": action_co_owner_list(action=current) if current is not None else None,
            "heading": _("Change action"),
            "cancel_url": reverse("trajectories:action_detail", kwargs={"pk": pk, "action_pk": action.pk}),
        },
    )


@login_required
@audited(write=AuditAction.DELETE)
def action_delete(request, pk, action_pk):
    access, action = action_get_for_user(request.user, pk, action_pk, Perm.FACILITATE)
    return confirm_in_trajectory(
        request,
        access,
        section="dialogue",
        back=trajectory_url("dialogue", pk),
        title=_("Remove the action “%(what)s”?") % {"what": action.what},
        explanation=_("You cannot undo this."),
        call=lambda: services.action_delete(action=action, by=access.membership),
        success=_("The action has been removed."),
    )
