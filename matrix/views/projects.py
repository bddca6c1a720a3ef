"""Participation projects: the list, creating and editing, groups and people."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from matrix import grid, selectors, services
from matrix.access import (
    group_get_for_user,
    project_get_for_user,
    project_membership_get_for_user,
    user_can_start_project,
    user_is_quality,
)
from matrix.forms import GroupForm, ProjectCreateForm, ProjectForm, ProjectMemberForm
from matrix.models import AssessmentKind
from matrix.permissions import Perm
from matrix.views.common import confirm_in_project, project_context
from partner.pk import parse_pk
from partner.service_calls import form_page
from trajectories.live.access import user_is_live_guest
from trajectories.organisations import user_organisation
from trajectories.privacy.audit import AuditAction, audited


@login_required
@audited()
def project_list(request):
    # A client who joined a live session with its code sees that session only.
    if user_is_live_guest(request.user):
        raise Http404
    return render(
        request,
        "matrix/project_list.html",
        {
            "projects": selectors.project_list_for_user(user=request.user),
            "can_start": user_can_start_project(request.user),
            "is_quality": user_is_quality(request.user),
        },
    )


@login_required
@audited(write=AuditAction.CREATE)
def project_create(request):
    if not user_can_start_project(request.user):
        raise Http404
    organisation = user_organisation(request.user)
    linked = selectors.linkable_trajectory(
        user=request.user, organisation_id=organisation.pk, pk=parse_pk(request.GET.get("traject"))
    )
    initial = {"trajectory": linked, "name": linked.title, "start_date": linked.start_date} if linked else {}
    form = ProjectCreateForm(
        request.POST or None,
        organisation=organisation,
        trajectories=selectors.linkable_trajectories(user=request.user, organisation_id=organisation.pk),
        initial=initial,
    )
    return form_page(
        request,
        form,
        lambda: services.project_create(
            organisation=organisation,
            by=request.user,
            **{**form.cleaned_data, "groups": [(kind, "") for kind in form.cleaned_data["groups"]]},
        ),
        success=_("The project has been created. Record the agreement at the start next."),
        redirect_to=lambda project: reverse("matrix:project_detail", kwargs={"pk": project.pk}),
        template="matrix/project_form.html",
        context={"form": form, "is_new": True},
    )


@login_required
@audited()
def project_detail(request, pk):
    access = project_get_for_user(request.user, pk, Perm.VIEW)
    project = access.project
    groups = list(selectors.project_group_list(project=project))
    assessments = list(selectors.assessment_list(project=project))
    latest = assessments[-1] if assessments else None
    cells = selectors.assessment_cells(assessment=latest) if latest else []
    return render(
        request,
        "matrix/project_detail.html",
        project_context(
            request,
            access,
            section="detail",
            groups=groups,
            assessments=list(reversed(assessments)),
            latest=latest,
            latest_grid=grid.grid(groups=groups, cells=cells) if latest else [],
            columns=grid.role_columns(),
            kinds=AssessmentKind,
            members=selectors.project_member_list(project=project),
        ),
    )


@login_required
@audited()
def project_edit(request, pk):
    access = project_get_for_user(request.user, pk, Perm.EDIT)
    project = access.project
    trajectories = selectors.linkable_trajectories(
        user=request.user, organisation_id=project.organisation_id, keep_id=project.trajectory_id
    )
    form = ProjectForm(request.POST or None, instance=project, organisation=project.organisation, trajectories=trajectories)
    return form_page(
        request,
        form,
        lambda: services.project_update(project=project, by=request.user, **form.cleaned_data),
        success=_("The project has been saved."),
        redirect_to=reverse("matrix:project_detail", kwargs={"pk": pk}),
        template="matrix/project_form.html",
        context=project_context(request, access, section="edit", form=form),
    )


def _list_with_add_form(request, access, form, add, *, success: str, back: str, template: str, section: str, **rows):
    """A project page that lists some of its parts (``rows``) and, for who may edit, has a form to
    add one (``add``, a service that takes the project and the form's fields); else ``form`` is None."""
    if request.method == "POST" and form is None:
        raise Http404
    return form_page(
        request,
        form,
        lambda: add(project=access.project, by=request.user, **form.cleaned_data),
        success=success,
        redirect_to=back,
        template=template,
        context=project_context(request, access, section=section, form=form, **rows),
    )


@login_required
@audited(write=AuditAction.CREATE)
def group_list(request, pk):
    access = project_get_for_user(request.user, pk, Perm.VIEW)
    return _list_with_add_form(
        request,
        access,
        GroupForm(request.POST or None) if access.can_edit else None,
        services.group_add,
        success=_("The group has been added."),
        back=reverse("matrix:groups", kwargs={"pk": pk}),
        template="matrix/groups.html",
        section="groups",
        groups=selectors.project_group_list(project=access.project),
    )


@login_required
@audited(write=AuditAction.DELETE)
def group_remove(request, pk, group_pk):
    access, group = group_get_for_user(request.user, pk, group_pk)
    return confirm_in_project(
        request,
        access,
        back=reverse("matrix:groups", kwargs={"pk": pk}),
        title=_("Remove the group %(name)s?") % {"name": group.label},
        explanation=_("The group is no longer part of new assessments."),
        call=lambda: services.group_remove(group=group, by=request.user),
        success=_("The group has been removed."),
    )


@login_required
@audited(write=AuditAction.CREATE)
def member_list(request, pk):
    access = project_get_for_user(request.user, pk, Perm.VIEW)
    return _list_with_add_form(
        request,
        access,
        ProjectMemberForm(request.POST or None, project=access.project) if access.can_edit else None,
        services.project_member_add,
        success=_("The person has been added."),
        back=reverse("matrix:members", kwargs={"pk": pk}),
        template="matrix/members.html",
        section="members",
        members=selectors.project_member_list(project=access.project),
    )


@login_required
@audited(write=AuditAction.DELETE)
def member_remove(request, pk, member_pk):
    access, membership = project_membership_get_for_user(request.user, pk, member_pk)
    name = membership.user.get_full_name() or membership.user.get_username()
    return confirm_in_project(
        request,
        access,
        back=reverse("matrix:members", kwargs={"pk": pk}),
        title=_("Remove %(name)s from the project?") % {"name": name},
        explanation=_("They can no longer read or change this matrix."),
        call=lambda: services.project_member_remove(membership=membership, by=request.user),
        success=_("%(name)s has been removed.") % {"name": name},
    )
