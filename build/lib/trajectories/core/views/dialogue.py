"""Step 4, Dialoog en actieplan: what clients and staff agree together. Shared outcomes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partner.pk import parse_pk
from partner.service_calls import confirm_then_run, run_service
from trajectories.core import services
from trajectories.core.access import action_get_for_user, agenda_item_get_for_user, trajectory_get_for_user
from trajectories.core.forms import ActionForm, DialogueForm
from trajectories.core.selectors import action_list, dialogue_item_list, staff_summary_for_viewer
from trajectories.core.views.common import CONFIRM_TEMPLATE, trajectory_context
from trajectories.models import Dialogue
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
    instance = Dialogue.objects.filter(agenda_item=item).first()
    form = DialogueForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if run_service(form, lambda: services.dialogue_save(agenda_item=item, by=access.membership, **data)):
            messages.success(request, _("The dialogue has been saved."))
            return redirect(reverse("trajectories:dialogue", kwargs={"pk": pk}) + f"#item-{item.pk}")
    return render(
        request,
        "trajectories/core/dialogue_form.html",
        trajectory_context(access, section="dialogue", form=form, item=item),
    )


@login_required
@audited(write=AuditAction.CREATE)
def action_create(request, pk):
    access = trajectory_get_for_user(request.user, pk, Perm.FACILITATE)
    initial = {}
    if parse_pk(request.GET.get("item")) is not None:
        initial["agenda_item"] = parse_pk(request.GET["item"])
    form = ActionForm(request.POST or None, trajectory=access.trajectory, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)  # a new action has no earlier version
        if run_service(form, lambda: services.action_create(trajectory=access.trajectory, by=access.membership, **data)):
            messages.success(request, _("The action has been added to the action plan."))
            return redirect("trajectories:dialogue", pk=pk)
    return render(
        request,
        "trajectories/core/action_form.html",
        trajectory_context(
            access,
            section="dialogue",
            form=form,
            heading=_("New action"),
            cancel_url=reverse("trajectories:dialogue", kwargs={"pk": pk}),
        ),
    )


@login_required
@audited()
def action_edit(request, pk, action_pk):
    access, action = action_get_for_user(request.user, pk, action_pk, Perm.FACILITATE)
    form = ActionForm(request.POST or None, instance=action, trajectory=access.trajectory)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected_version = data.pop("version", None)
        if run_service(
            form,
            lambda: services.action_update(
                action=action, by=access.membership, expected_version=expected_version, **data
            ),
        ):
            messages.success(request, _("Your changes have been saved."))
            return redirect("trajectories:dialogue", pk=pk)
    current = current_co_owners = None
    if form.is_stale:
        # Someone else saved first: show what is stored now next to what this person typed, and
        # let the next save be based on it.
        _access, current = action_get_for_user(request.user, pk, action_pk, Perm.FACILITATE)
        current_co_owners = action_co_owner_list(action=current)
        form.base_on_version(current.version)
    return render(
        request,
        "trajectories/core/action_form.html",
        trajectory_context(
            access,
            section="dialogue",
            form=form,
            current=current,
            current_co_owners=current_co_owners,
            heading=_("Change action"),
            cancel_url=reverse("trajectories:action_detail", kwargs={"pk": pk, "action_pk": action.pk}),
        ),
    )


@login_required
@audited(write=AuditAction.DELETE)
def action_delete(request, pk, action_pk):
    access, action = action_get_for_user(request.user, pk, action_pk, Perm.FACILITATE)
    dialogue_url = reverse("trajectories:dialogue", kwargs={"pk": pk})
    return confirm_then_run(
        request,
        template=CONFIRM_TEMPLATE,
        context=trajectory_context(access, section="dialogue"),
        title=_("Remove the action “%(what)s”?") % {"what": action.what},
        explanation=_("You cannot undo this."),
        confirm_label=_("Yes, remove"),
        cancel_url=dialogue_url,
        call=lambda: services.action_delete(action=action, by=access.membership),
        success=_("The action has been removed."),
        redirect_to=dialogue_url,
    )
