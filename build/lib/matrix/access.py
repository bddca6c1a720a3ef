"""Access functions: the only way views fetch participation projects and their parts.

Each answers ``Http404`` for "missing" and "not yours" alike.
"""

from dataclasses import dataclass

from django.http import Http404
from guardian.shortcuts import get_user_perms

from matrix.models import Assessment, ParticipantGroup, Project, ProjectMembership
from matrix.permissions import FACILITATOR_PERMISSIONS, QUALITY_PERMISSIONS, Perm
from partner.pk import pk_or_404
from trajectories.models import OrganisationRole
from trajectories.organisations import user_organisation_role
from trajectories.permissions import Perm as TrajectoryPerm
from trajectories.privacy.audit import audit_target


@dataclass(frozen=True)
class ProjectAccess:
    project: Project
    perms: frozenset[str]

    @property
    def can_edit(self) -> bool:
        return Perm.EDIT in self.perms


def user_is_quality(user) -> bool:
    return user_organisation_role(user)[1] == OrganisationRole.QUALITY


def user_can_start_project(user) -> bool:
    """Facilitators and quality staff of an organisation start participation projects."""
    return user_organisation_role(user)[1] in {OrganisationRole.FACILITATOR, OrganisationRole.QUALITY}


def project_perms_for_user(user, project: Project) -> frozenset[str]:
    """Every project permission the user holds; administrators get no shortcut."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    perms = set(get_user_perms(user, project))
    if project.trajectory_id is not None and TrajectoryPerm.FACILITATE in get_user_perms(user, project.trajectory):
        perms |= FACILITATOR_PERMISSIONS
    organisation_id, role = user_organisation_role(user)
    if role == OrganisationRole.QUALITY and organisation_id == project.organisation_id:
        perms |= QUALITY_PERMISSIONS
    return frozenset(perms)


def project_get_for_user(user, pk, perm: str) -> ProjectAccess:
    """The project ``pk`` if ``user`` holds ``perm`` on it, else 404."""
    try:
        project = Project.objects.select_related("organisation", "location", "trajectory").get(pk=pk_or_404(pk))
    except Project.DoesNotExist:
        raise Http404 from None
    # The trail names the project (not a trajectory) and its organisation.
    audit_target(organisation_id=project.organisation_id, label=project.name)
    perms = project_perms_for_user(user, project)
    if perm not in perms:
        raise Http404
    return ProjectAccess(project=project, perms=perms)


def _get_in_project(queryset, access: ProjectAccess, pk):
    try:
        return queryset.get(project=access.project, pk=pk_or_404(pk))
    except queryset.model.DoesNotExist:
        raise Http404 from None


def assessment_get_for_user(user, project_pk, pk, perm: str = Perm.VIEW) -> tuple[ProjectAccess, Assessment]:
    access = project_get_for_user(user, project_pk, perm)
    assessment = _get_in_project(Assessment.objects.select_related("filled_in_by"), access, pk)
    return access, assessment


def group_get_for_user(user, project_pk, pk, perm: str = Perm.EDIT) -> tuple[ProjectAccess, ParticipantGroup]:
    access = project_get_for_user(user, project_pk, perm)
    return access, _get_in_project(ParticipantGroup.objects.all(), access, pk)


def project_membership_get_for_user(user, project_pk, pk, perm: str = Perm.EDIT) -> tuple[ProjectAccess, ProjectMembership]:
    access = project_get_for_user(user, project_pk, perm)
    return access, _get_in_project(ProjectMembership.objects.select_related("user"), access, pk)
