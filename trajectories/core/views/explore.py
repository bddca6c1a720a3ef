"""Step 1, Verkennen: clients' topics. Client space only."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from partner.service_calls import form_page, run_form
from trajectories.core import rules, services
from trajectories.core.access import topic_get_for_user, trajectory_get_for_user
from trajectories.core.forms import FacilitatorTopicForm, TopicEditForm, TopicForm
from trajectories.core.selectors import topic_rows_for_viewer
from trajectories.core.views.common import (
    confirm_in_trajectory,
    member_of,
    topic_add,
    trajectory_context,
    trajectory_url,
)
from trajectories.live.selectors import theme_icon, visible_photo_topic_ids
from trajectories.models import Theme
from trajectories.permissions import Perm
from trajectories.privacy.audit import AuditAction, audited


def _new_topic_form(access, data=None):
    if access.is_facilitator:
        return FacilitatorTopicForm(data, trajectory=access.trajectory)
    return TopicForm(data)


@login_required
@audited(write=AuditAction.CREATE)
def topic_list(request, pk):
    """All topics, grouped by theme, with the form to add one."""
    access = trajectory_get_for_user(request.user, pk, Perm.CLIENT_SPACE)
    member_of(access)
    form = _new_topic_form(access, request.POST or None)
    added = run_form(
        request,
        form,
        lambda: topic_add(access, form.cleaned_data),
        success=_("Thank you. Your topic has been added."),
        redirect_to=trajectory_url("explore", pk),
    )
    if added is not None:
        return added
    rows = topic_rows_for_viewer(access=access)
    themes = [
        {"value": value, "label": label, "icon": theme_icon(value), "topics": [row for row in rows if row.theme == value]}
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
            photo_topic_ids=visible_photo_topic_ids(access=access),
            form=form,
        ),
    )


def _own_topic(request, pk, topic_pk):
    """A topic its writer (or the facilitator) may still change, else 404."""
    access, topic = topic_get_for_user(request.user, pk, topic_pk)
    if not rules.topic_can_edit(topic=topic, by=access.membership):
        raise Http404
    return access, topic


@login_required
@audited()
def topic_edit(request, pk, topic_pk):
    access, topic = _own_topic(request, pk, topic_pk)
    form = TopicEditForm(request.POST or None, instance=topic)
    return form_page(
        request,
        form,
        lambda: services.topic_update(
            topic=topic, by=access.membership,
            **{key: form.cleaned_data[key] for key in ("title", "theme", "story", "is_anonymous")},
        ),
        success=_("Your changes have been saved."),
        redirect_to=trajectory_url("explore", pk),
        template="trajectories/core/topic_form.html",
        context=trajectory_context(access, section="explore", form=form),
    )


@login_required
@audited(write=AuditAction.DELETE)
def topic_delete(request, pk, topic_pk):
    access, topic = _own_topic(request, pk, topic_pk)
    return confirm_in_trajectory(
        request,
        access,
        section="explore",
        back=trajectory_url("explore", pk),
        title=_("Remove the topic “%(title)s”?") % {"title": topic.title},
        explanation=_("You cannot undo this."),
        call=lambda: services.topic_delete(topic=topic, by=access.membership),
        success=_("The topic has been removed."),
    )
