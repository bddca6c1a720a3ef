"""Helpers shared by the matrix views."""

from matrix.access import ProjectAccess, user_is_quality


def project_context(request, access: ProjectAccess, *, section: str, **extra) -> dict:
    return {
        "access": access,
        "project": access.project,
        "section": section,
        "is_quality": user_is_quality(request.user),
        **extra,
    }
