"""Object permissions of a participation project and which project role holds which.

Guardian stores them per project; ``services.project_member_add`` and
``services.project_member_remove`` are the only places that grant or revoke them.
"""

from matrix.models import ProjectRole


class Perm:
    VIEW = "view_project"  # read the matrix, its history and its CSV
    EDIT = "edit_matrix"  # change the project, its groups and people; record assessments


ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    ProjectRole.OWNER: frozenset({Perm.VIEW, Perm.EDIT}),
    ProjectRole.MEMBER: frozenset({Perm.VIEW}),
}

ALL_PERMISSIONS: frozenset[str] = frozenset().union(*ROLE_PERMISSIONS.values())

# The linked trajectory's facilitator edits; the organisation's quality staff read.
FACILITATOR_PERMISSIONS: frozenset[str] = frozenset({Perm.VIEW, Perm.EDIT})
QUALITY_PERMISSIONS: frozenset[str] = frozenset({Perm.VIEW})
