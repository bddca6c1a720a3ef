"""Assessments: recording a grid, reading it back, its print view, history and CSV."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from matrix import grid, selectors, services
from matrix.access import assessment_get_for_user, project_get_for_user
from matrix.export import csv_response
from matrix.forms import AssessmentForm, cell_field_name
from matrix.models import AssessmentKind, Phase
from matrix.permissions import Perm
from matrix.views.common import project_context
from partner.pdf import pdf_response
from partner.service_calls import run_form
from trajectories.privacy.audit import AuditAction, audited


def _form_rows(form: AssessmentForm, groups) -> list[dict]:
    """The bound fields of the grid, arranged per group, phase and row (desired, agreed, actual)."""
    row_labels = {"desired": _("desired"), "agreed": _("agreed"), "actual": _("actual")}
    result = []
    for group in groups:
        phases = []
        for phase in Phase:
            rows = [
                {"label": row_labels[part], "part": part, "field": form[cell_field_name(group.pk, phase, part)]}
                for part in form.parts
            ]
            phases.append(
                {
                    "phase": phase,
                    "label": phase.label,
                    "rows": rows,
                    "activities": form[cell_field_name(group.pk, phase, "activities")],
                    "note": form[cell_field_name(group.pk, phase, "note")],
                }
            )
        result.append({"group": group, "phases": phases})
    return result


@login_required
@audited(write=AuditAction.CREATE)
def assessment_create(request, pk, kind):
    access = project_get_for_user(request.user, pk, Perm.EDIT)
    project = access.project
    groups = list(selectors.project_group_list(project=project))
    previous = selectors.latest_assessment(project=project)
    form = AssessmentForm(
        request.POST or None,
        kind=kind,
        groups=groups,
        previous_cells=selectors.assessment_cells(assessment=previous) if previous else (),
        initial={"date": timezone.localdate()},
    )
    saved = run_form(
        request,
        form,
        lambda: services.assessment_create(
            project=project,
            by=request.user,
            kind=kind,
            date=form.cleaned_data["date"],
            discussed_with=form.cleaned_data["discussed_with"],
            note=form.cleaned_data["note"],
            cells=form.cells(),
        ),
        success=_("The assessment has been saved. Earlier assessments stay as they were."),
        redirect_to=lambda assessment: reverse(
            "matrix:assessment_detail", kwargs={"pk": pk, "assessment_pk": assessment.pk}
        ),
    )
    if saved is not None:
        return saved
    return render(
        request,
        "matrix/assessment_form.html",
        project_context(
            request,
            access,
            section="detail",
            form=form,
            kind_label=AssessmentKind(kind).label,
            form_groups=_form_rows(form, groups),
            columns=grid.role_columns(),
            previous=previous,
        ),
    )


def _assessment_document(request, pk, assessment_pk) -> tuple:
    """The access and what every view of one assessment shows: grid, comparison and shortfalls."""
    access, assessment = assessment_get_for_user(request.user, pk, assessment_pk)
    groups = list(selectors.project_group_list(project=access.project))
    cells = selectors.assessment_cells(assessment=assessment)
    return access, grid.assessment_document(assessment=assessment, groups=groups, cells=cells)


@login_required
@audited()
def assessment_detail(request, pk, assessment_pk):
    access, document = _assessment_document(request, pk, assessment_pk)
    return render(request, "matrix/assessment_detail.html", project_context(request, access, section="detail", **document))


@login_required
@audited()
def assessment_print(request, pk, assessment_pk):
    access, document = _assessment_document(request, pk, assessment_pk)
    return render(request, "matrix/assessment_print.html", project_context(request, access, section="detail", **document))


@login_required
@audited(read=AuditAction.EXPORT)
def assessment_pdf(request, pk, assessment_pk):
    access, document = _assessment_document(request, pk, assessment_pk)
    assessment = document["assessment"]
    filename = (
        f"participatiematrix-{slugify(access.project.name) or access.project.pk}-{assessment.date:%Y-%m-%d}.pdf"
    )
    context = {"project": access.project, "generated_at": timezone.localtime(), **document}
    return pdf_response("matrix/assessment_pdf.html", context, request=request, filename=filename)


@login_required
@audited()
def project_history(request, pk):
    access = project_get_for_user(request.user, pk, Perm.VIEW)
    project = access.project
    groups = list(selectors.project_group_list(project=project))
    assessments = list(selectors.assessment_list(project=project))
    cells = selectors.project_cells(project=project)
    return render(
        request,
        "matrix/history.html",
        project_context(
            request,
            access,
            section="history",
            assessments=assessments,
            rows=grid.history(groups=groups, assessments=assessments, cells=cells),
        ),
    )


@login_required
@audited(read=AuditAction.EXPORT)
def project_csv(request, pk):
    access = project_get_for_user(request.user, pk, Perm.VIEW)
    filename = f"participatiematrix-{slugify(access.project.name) or access.project.pk}-{timezone.localdate():%Y-%m-%d}.csv"
    return csv_response(selectors.export_cells(project=access.project), filename=filename)
