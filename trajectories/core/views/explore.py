"""Step 1, Verkennen: clients' topics. Client space only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from partner.service_calls import confirm_then_run, run_service
from trajectories.core import rules, services
from trajectories.core.access import topic_get_for_user, trajectory_get_for_user
from trajectories.core.forms import FacilitatorTopicForm, TopicEditForm, TopicForm
from trajectories.core.selectors import topic_rows_for_viewer
from trajectories.core.views.common import CONFIRM_TEMPLATE, trajectory_context
from trajectories.models import Theme
from trajectories.permissions import Perm
from trajectories.privacy.audit import AuditAction, audit_on_behalf, audited


def _new_topic_form(access, data=None):
    if access.is_facilitator:
        return FacilitatorTopicForm(data, trajectory=access.trajectory)
    return TopicForm(data)


@login_required
@audited(write=AuditAction.CREATE)
def topic_list(request, pk):
    """All topics, grouped by theme, with the form to add one."""
    access = trajectory_get_for_user(request.user, pk, Perm.CLIENT_SPACE)
    if access.membership is None:
        raise Http404
    form = _new_topic_form(access, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if run_service(
            form,
            lambda: services.topic_create(trajectory=access.trajectory, by=access.membership, **data),
        ):
            audit_on_behalf(member=data.get("on_behalf_of"), name=data.get("on_behalf_of_name", ""))
            messages.success(request, _("Thank you. Your topic has been added."))
            return redirect("trajectories:explore", pk=pk)
    rows = topic_rows_for_viewer(access=access)
    themes = [
        {"value": value, "label": label, "topics": [row for row in rows if row.theme == value]}
        for value, label in Theme.choices
    ]
    return render(
        request,
        "trajectories/core/step_explore.html",
        trajectory_context(
            access,
            section="explore",
            themes=[theme for theme in themes if theme["topics"]],
            topic_count=len(rows),
            form=form,
        ),
    )


@login_required
@audited()
def topic_edit(request, pk, topic_pk):
    access, topic = topic_get_for_user(request.user, pk, topic_pk)
    if not rules.topic_can_edit(topic=topic, by=access.membership):
        raise Http404
    form = TopicEditForm(request.POST or None, instance=topic)
    if request.method == "POST" and form.is_valid():
        data = {key: form.cleaned_data[key] for key in ("title", "theme", "story", "is_anonymous")}
        if run_service(form, lambda: services.topic_update(topic=topic, by=access.membership, **data)):
            messages.success(request, _("Your changes have been saved."))
            return redirect("trajectories:explore", pk=pk)
    return render(request, "trajectories/core/topic_form.html", trajectory_context(access, section="explore", form=form))


@login_required
@audited(write=AuditAction.DELETE)
def topic_delete(request, pk, topic_pk):
    access, topic = topic_get_for_user(request.user, pk, topic_pk)
    if not rules.topic_can_edit(topic=topic, by=access.membership):
        raise Http404
    explore_url = reverse("trajectories:explore", kwargs={"pk": pk})
    return confirm_then_run(
        request,
        template=CONFIRM_TEMPLATE,
        context=trajectory_context(access, section="explore"),
        title=_("Remove the topic “%(title)s”?") % {"title": topic.title},
        explanation=_("You cannot undo this."),
        confirm_label=_("Yes, remove"),
        cancel_url=explore_url,
        call=lambda: services.topic_delete(topic=topic, by=access.membership),
        success=_("The topic has been removed."),
        redirect_to=explore_url,
    )
