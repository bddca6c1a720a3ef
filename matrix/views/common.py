"""Helpers shared by the matrix views."""

from django.shortcuts import render

from matrix.access import ProjectAccess, user_is_quality
from trajectories.views.common import run_action


def project_context(request, access: ProjectAccess, *, section: str, **extra) -> dict:
    return {
        "access": access,
        "project": access.project,
        "section": section,
        "is_quality": user_is_quality(request.user),
        **extra,
    }


def confirm_then_run(request, access: ProjectAccess, *, title, explanation, confirm_label, cancel_url, call, success, redirect_to):
    """GET shows a confirmation page; POST runs the service and goes back."""
    if request.method == "POST":
        return run_action(request, call, success=success, redirect_to=redirect_to)
    return render(
        request,
        "matrix/confirm.html",
        project_context(
            request,
            access,
            section="",
            title=title,
            explanation=explanation,
            confirm_label=confirm_label,
            cancel_url=cancel_url,
        ),
    )
