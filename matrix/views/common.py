"""Helpers shared by the matrix views."""

from django.utils.translation import gettext as _

from matrix.access import ProjectAccess, user_is_quality
from partner.service_calls import confirm_then_run


def project_context(request, access: ProjectAccess, *, section: str, **extra) -> dict:
    return {
        "access": access,
        "project": access.project,
        "section": section,
        "is_quality": user_is_quality(request.user),
        **extra,
    }


def confirm_in_project(request, access: ProjectAccess, *, back: str, title: str, explanation: str, call, success: str):
    """A project page that asks "are you sure?" before removing something (``confirm_then_run``):
    Cancel and, once the service ran, the way back both go to ``back``."""
    return confirm_then_run(
        request,
        template="matrix/confirm.html",
        context=project_context(request, access, section=""),
        title=title,
        explanation=explanation,
        confirm_label=_("Yes, remove"),
        cancel_url=back,
        call=call,
        success=success,
        redirect_to=back,
    )
