"""What the participation matrix adds to the trajectory's pages, through ``partner.extensions``.

Registered by ``MatrixConfig.ready``; ``trajectories`` only asks the extension points.
"""

from django.template.loader import render_to_string

from matrix import grid, selectors
from matrix.demo import seed_matrix_demo
from partner.extensions import demo_data, plan_document_sections, trajectory_page_sections


def trajectory_page_section(*, request, access):
    """The trajectory's participation matrices the viewer may read, or the way to make one."""
    projects = list(selectors.project_list_for_user(user=request.user).filter(trajectory=access.trajectory))
    if not projects and not access.is_facilitator:
        return None
    return render_to_string(
        "matrix/_trajectory_section.html", {"projects": projects, "access": access}, request=request
    )


def plan_document_section(*, trajectory):
    """The latest assessment of the trajectory's (first) participation matrix, if there is one."""
    project = selectors.trajectory_first_project(trajectory=trajectory)
    assessment = selectors.latest_assessment(project=project) if project is not None else None
    if assessment is None:
        return None
    groups = list(selectors.project_group_list(project=project))
    cells = selectors.assessment_cells(assessment=assessment)
    document = grid.assessment_document(assessment=assessment, groups=groups, cells=cells)
    return render_to_string("matrix/_plan_section.html", {"project": project, **document})


def register() -> None:
    trajectory_page_sections.register(trajectory_page_section)
    plan_document_sections.register(plan_document_section)
    demo_data.register(seed_matrix_demo)

