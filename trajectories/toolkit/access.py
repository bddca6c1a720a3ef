"""Access functions of the facilitator's toolkit: methods, templates, goals and lessons."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404

from partner.pk import pk_or_404
from trajectories.core.access import trajectory_get_for_user
from trajectories.models import (
    Lesson,
    Method,
    OrganisationRole,
    TrajectoryTemplate,
)
from trajectories.organisations import user_organisation_role
from trajectories.permissions import Perm
from trajectories.privacy.audit import audit_target
from trajectories.toolkit.selectors import goals_for_viewer


def user_toolkit_organisation(user, *, roles=None) -> int:
    """The organisation whose toolkit (methods, templates, lessons) the user may use, else 404.

    Facilitators and quality staff of an organisation use it; ``roles`` narrows that down.
    """
    organisation_id, role = user_organisation_role(user)
    allowed = roles or {OrganisationRole.FACILITATOR, OrganisationRole.QUALITY}
    if organisation_id is None or role not in allowed or not user.is_active:
        raise Http404
    audit_target(organisation_id=organisation_id)
    return organisation_id


def method_get_for_user(user, pk, *, to_edit: bool = False):
    """A method of the starting library or of the user's organisation; to edit, only the
    organisation's own and only for its facilitators."""

    roles = {OrganisationRole.FACILITATOR} if to_edit else None
    organisation_id = user_toolkit_organisation(user, roles=roles)
    try:
        method = Method.objects.select_related("based_on").get(pk=pk_or_404(pk))
    except Method.DoesNotExist:
        raise Http404 from None
    if method.organisation_id not in (None, organisation_id):
        raise Http404
    if to_edit and method.organisation_id != organisation_id:
        raise Http404
    return method


def template_get_for_user(user, pk):
    """A template of the product or of the user's organisation, for its facilitators."""

    organisation_id = user_toolkit_organisation(user, roles={OrganisationRole.FACILITATOR})
    try:
        template = TrajectoryTemplate.objects.get(pk=pk_or_404(pk))
    except TrajectoryTemplate.DoesNotExist:
        raise Http404 from None
    if template.organisation_id not in (None, organisation_id):
        raise Http404
    return template


def goal_get_for_user(user, trajectory_pk, pk):
    """A goal the user may see (see ``toolkit_selectors.goals_for_viewer``), else 404."""

    access = trajectory_get_for_user(user, trajectory_pk, Perm.VIEW)
    try:
        goal = goals_for_viewer(access=access).get(pk=pk_or_404(pk))
    except ObjectDoesNotExist:
        raise Http404 from None
    return access, goal


def lesson_get_for_user(user, pk):
    """A lesson learned of the user's organisation, for its facilitators and quality staff."""

    organisation_id = user_toolkit_organisation(user)
    try:
        return (
            Lesson.objects.select_related("trajectory", "written_by")
            .prefetch_related("method_ratings__method")
            .get(pk=pk_or_404(pk), trajectory__organisation_id=organisation_id)
        )
    except Lesson.DoesNotExist:
        raise Http404 from None
