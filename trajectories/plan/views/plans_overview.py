"""Quality staff: every action plan and action of their organisation, as a page, a CSV and one PDF.

Everyone who is not quality staff gets 404, exactly as for a page that does not exist.
Filters come from a GET form; a filter that does not validate shows the form's errors and no
results (the CSV then sends the user back to the form).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partner import csv_export
from partner.pdf import pdf_response
from partner.pk import pk_or_404
from trajectories.core.access import trajectory_get_for_user
from trajectories.models import OrganisationRole
from trajectories.notify.exports import plans_export_start
from trajectories.organisations import user_organisation, user_organisation_role
from trajectories.permissions import Perm
from trajectories.plan.document import plan_document_context
from trajectories.plan.forms import ActionFilterForm
from trajectories.plan.selectors import (
    ActionFilter,
    action_owner_names,
    organisation_action_list,
    organisation_plan_list,
    organisation_trajectory_ids,
)
from trajectories.privacy.audit import AuditAction, audited

# One combined PDF holds at most this many plans: rendering is slow and the request must end.
MAX_PLANS_PER_PDF = 50


def _quality_organisation(user) -> int:
    """The organisation id of quality staff; 404 for everyone else."""
    organisation_id, role = user_organisation_role(user)
    if role != OrganisationRole.QUALITY or organisation_id is None:
        raise Http404
    return organisation_id


def _filters(request) -> tuple[ActionFilterForm, ActionFilter | None]:
    """The filter form and the filters it gives; None when the form has errors (nothing is shown then)."""
    organisation_id = _quality_organisation(request.user)
    form = ActionFilterForm(request.GET or None, organisation=organisation_id)
    if not form.is_bound:
        return form, ActionFilter(organisation_id=organisation_id)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, ActionFilter(
        organisation_id=organisation_id,
        location_id=data["location"].pk if data["location"] else None,
        status=data["status"],
        overdue=data["overdue"],
        theme=data["theme"],
    )


@login_required
@audited()
def plan_list(request):
    form, filters = _filters(request)
    if filters is None:
        return render(request, "trajectories/plan/overview.html", {"form": form, "filters_invalid": True})
    return render(
        request,
        "trajectories/plan/overview.html",
        {
            "form": form,
            "plans": list(organisation_plan_list(filters)),
            "actions": list(organisation_action_list(filters)),
            "today": timezone.localdate(),
            "query": request.GET.urlencode(),
            "max_plans": MAX_PLANS_PER_PDF,
        },
    )


def _csv_header() -> list[str]:
    return [
        _("Organisation"),
        _("Trajectory"),
        _("Location or team"),
        _("Agenda item"),
        _("What"),
        _("Concrete steps"),
        _("Who"),
        _("By when"),
        _("Status"),
        _("Reason"),
        _("Overdue"),
        _("Review date"),
    ]


def _csv_rows(actions, *, organisation_name: str, today):
    yes, no = _("yes"), _("no")
    for action in actions:
        trajectory = action.trajectory
        yield [
            organisation_name,
            trajectory.title,
            trajectory.location.name if trajectory.location else "",
            action.agenda_item.title if action.agenda_item else "",
            action.what,
            action.steps,
            ", ".join(action_owner_names(action)),
            action.due_date.isoformat(),
            action.get_status_display(),
            action.status_reason,
            yes if action.is_overdue(today) else no,
            action.review_date.isoformat() if action.review_date else "",
        ]


@login_required
@audited(read=AuditAction.EXPORT)
def actions_csv(request):
    """The filtered actions, one row per action."""
    _form, filters = _filters(request)
    if filters is None:
        return redirect(f"{reverse('trajectories:plans_overview')}?{request.GET.urlencode()}")
    today = timezone.localdate()
    return csv_export.csv_response(
        _csv_header(),
        _csv_rows(
            organisation_action_list(filters), organisation_name=user_organisation(request.user).name, today=today
        ),
        filename=f"acties-{today:%Y-%m-%d}.csv",
    )


@login_required
@audited(read=AuditAction.EXPORT)
def plans_pdf(request):
    """One PDF of the chosen plans (``?traject=<pk>``, repeated); any plan that is not theirs: 404."""
    organisation_id = _quality_organisation(request.user)
    pks = list(dict.fromkeys(pk_or_404(value) for value in request.GET.getlist("traject")))
    if not pks:
        messages.error(request, _("Choose at least one action plan for the PDF."))
        return redirect("trajectories:plans_overview")
    if len(pks) > MAX_PLANS_PER_PDF:
        messages.error(
            request,
            _("Choose at most %(count)s action plans for one PDF.") % {"count": MAX_PLANS_PER_PDF},
        )
        return redirect("trajectories:plans_overview")
    trajectories = []
    for pk in pks:
        trajectory = trajectory_get_for_user(request.user, pk, Perm.VIEW).trajectory
        if trajectory.organisation_id != organisation_id:
            raise Http404
        trajectories.append(trajectory)
    trajectories.sort(key=lambda trajectory: (trajectory.title, trajectory.pk))
    context = {
        "plans": [plan_document_context(trajectory=trajectory) for trajectory in trajectories],
        "organisation": trajectories[0].organisation,
        "generated_at": timezone.localtime(),
    }
    filename = f"actieplannen-{timezone.localdate():%Y-%m-%d}.pdf"
    return pdf_response("trajectories/plan/overview_pdf.html", context, request=request, filename=filename)


@login_required
@require_POST
@audited(write=AuditAction.EXPORT)
def plans_export(request):
    """Start the combined PDF of the chosen plans in the background, then show its progress."""
    organisation_id = _quality_organisation(request.user)
    pks = list(dict.fromkeys(pk_or_404(value) for value in request.POST.getlist("traject")))
    # Quality staff read every plan of their organisation (one query for the whole selection; the
    # task checks again when it runs). Any other plan: 404, as for the single PDF.
    if organisation_trajectory_ids(organisation_id=organisation_id, pks=pks) != set(pks):
        raise Http404
    try:
        export = plans_export_start(user=request.user, trajectory_ids=pks)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("trajectories:plans_overview")
    return redirect("trajectories:export_progress", export_pk=export.pk)
