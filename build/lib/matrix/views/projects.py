"""Participation projects: the list, creating and editing, groups and people."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from guardian.shortcuts import get_objects_for_user

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
from matrix.views.common import project_context
from partner.pk import parse_pk
from partner.service_calls import confirm_then_run, run_service
from trajectories.live.access import user_is_live_guest
from trajectories.models import Organisation, OrganisationRole, Trajectory
from trajectories.organisations import user_organisation_role
from trajectories.permissions import Perm as TrajectoryPerm
from trajectories.privacy.audit import AuditAction, audited


def _linkable_trajectories(user, organisation_id):
    """Trajectories a project may be linked to: those the user leads; every one of the organisation for quality staff."""
    in_organisation = Trajectory.objects.filter(organisation_id=organisation_id)
    if user_organisation_role(user)[1] == OrganisationRole.QUALITY:
        return in_organisation.order_by("title")
    return get_objects_for_user(
        user, TrajectoryPerm.FACILITATE, klass=in_organisation, accept_global_perms=False
    ).order_by("title")


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
    organisation = Organisation.objects.get(pk=user_organisation_role(request.user)[0])
    trajectories = _linkable_trajectories(request.user, organisation.pk)
    initial = {}
    wanted = parse_pk(request.GET.get("traject"))
    if wanted is not None:
        linked = trajectories.filter(pk=wanted).first()
        if linked is not None:
            initial = {"trajectory": linked, "name": linked.title, "start_date": linked.start_date}
    form = ProjectCreateForm(request.POST or None, organisation=organisation, trajectories=trajectories, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        kinds = data.pop("groups")
        created = {}

        def create():
            created["project"] = services.project_create(
                organisation=organisation, by=request.user, groups=[(kind, "") for kind in kinds], **data
            )

        if run_service(form, create):
            messages.success(request, _("The project has been created. Record the agreement at the start next."))
            return redirect("matrix:project_detail", pk=created["project"].pk)
    return render(request, "matrix/project_form.html", {"form": form, "is_new": True})


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
    trajectories = _linkable_trajectories(request.user, project.organisation_id)
    if project.trajectory_id:
        trajectories = trajectories | Trajectory.objects.filter(pk=project.trajectory_id)
    form = ProjectForm(request.POST or None, instance=project, organisation=project.organisation, trajectories=trajectories)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if run_service(form, lambda: services.project_update(project=project, by=request.user, **data)):
            messages.success(request, _("The project has been saved."))
            return redirect("matrix:project_detail", pk=pk)
    return render(request, "matrix/project_form.html", project_context(request, access, section="edit", form=form))


@login_required
@audited(write=AuditAction.CREATE)
def group_list(request, pk):
    access = project_get_for_user(request.user, pk, Perm.VIEW)
    form = GroupForm(request.POST or None) if access.can_edit else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = dict(form.cleaned_data)
            if run_service(form, lambda: services.group_add(project=access.project, by=request.user, **data)):
                messages.success(request, _("The group has been added."))
                return redirect("matrix:groups", pk=pk)
    return render(
        request,
        "matrix/groups.html",
        project_context(request, access, section="groups", groups=selectors.project_group_list(project=access.project), form=form),
    )


@login_required
@audited(write=AuditAction.DELETE)
def group_remove(request, pk, group_pk):
    access, group = group_get_for_user(request.user, pk, group_pk)
    back = reverse("matrix:groups", kwargs={"pk": pk})
    return confirm_then_run(
        request,
        template="matrix/confirm.html",
        context=project_context(request, access, section=""),
        title=_("Remove the group %(name)s?") % {"name": group.label},
        explanation=_("The group is no longer part of new assessments."),
        confirm_label=_("Yes, remove"),
        cancel_url=back,
        call=lambda: services.group_remove(group=group, by=request.user),
        success=_("The group has been removed."),
        redirect_to=back,
    )


@login_required
@audited(write=AuditAction.CREATE)
def member_list(request, pk):
    access = project_get_for_user(request.user, pk, Perm.VIEW)
    form = ProjectMemberForm(request.POST or None, project=access.project) if access.can_edit else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = dict(form.cleaned_data)
            if run_service(form, lambda: services.project_member_add(project=access.project, by=request.user, **data)):
                messages.success(request, _("The person has been added."))
                return redirect("matrix:members", pk=pk)
    return render(
        request,
        "matrix/members.html",
        project_context(
            request, access, section="members", members=selectors.project_member_list(project=access.project), form=form
        ),
    )


@login_required
@audited(write=AuditAction.DELETE)
def member_remove(request, pk, member_pk):
    access, membership = project_membership_get_for_user(request.user, pk, member_pk)
    back = reverse("matrix:members", kwargs={"pk": pk})
    name = membership.user.get_full_name() or membership.user.get_username()
    return confirm_then_run(
        request,
        template="matrix/confirm.html",
        context=project_context(request, access, section=""),
        title=_("Remove %(name)s from the project?") % {"name": name},
        explanation=_("They can no longer read or change this matrix."),
        confirm_label=_("Yes, remove"),
        cancel_url=back,
        call=lambda: services.project_member_remove(membership=membership, by=request.user),
        success=_("%(name)s has been removed.") % {"name": name},
        redirect_to=back,
    )


