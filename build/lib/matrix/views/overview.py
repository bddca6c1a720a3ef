"""The organisation overview for quality staff: roles per phase, gaps, signals and the trend."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from matrix import grid, selectors
from matrix.access import user_is_quality
from matrix.export import csv_response
from matrix.forms import OverviewFilterForm
from matrix.models import Role
from trajectories.organisations import user_organisation_role
from trajectories.privacy.audit import AuditAction, audit_target, audited


def _filters(request) -> tuple[OverviewFilterForm, selectors.OverviewFilter | None]:
    """The filter form and the filters it gives; None when the form has errors (nothing is shown then)."""
    if not user_is_quality(request.user):
        raise Http404
    organisation_id = user_organisation_role(request.user)[0]
    audit_target(organisation_id=organisation_id)
    form = OverviewFilterForm(request.GET or None, organisation=organisation_id)
    filters = selectors.OverviewFilter(organisation_id=organisation_id)
    if form.is_bound and not form.is_valid():
        return form, None
    if form.is_bound:
        data = form.cleaned_data
        filters = selectors.OverviewFilter(
            organisation_id=organisation_id,
            location_id=data["location"].pk if data["location"] else None,
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
    return form, filters


@login_required
@audited()
def overview(request):
    form, filters = _filters(request)
    if filters is None:
        return render(request, "matrix/overview.html", {"form": form, "filters_invalid": True})
    cells = selectors.latest_actual_cells(filters)
    return render(
        request,
        "matrix/overview.html",
        {
            "form": form,
            "distribution": selectors.role_distribution(cells),
            "gaps": selectors.gaps(cells),
            "signals": selectors.low_role_signals(cells),
            "trend": selectors.role_trend(filters),
            "roles": list(Role),
            "columns": grid.role_columns(),
            "project_count": len({cell.assessment.project_id for cell in cells}),
            "query": request.GET.urlencode(),
        },
    )


@login_required
@audited(read=AuditAction.EXPORT)
def overview_csv(request):
    _form, filters = _filters(request)
    if filters is None:
        return redirect(f"{reverse('matrix:overview')}?{request.GET.urlencode()}")
    return csv_response(
        selectors.export_cells(filters), filename=f"participatiematrix-overzicht-{timezone.localdate():%Y-%m-%d}.csv"
    )
