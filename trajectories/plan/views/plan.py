"""The action plan as a document: the plan page, joint sign-off, versions, PDF, print and the
plain-language page that tells clients what happened with their agenda."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partner.pdf import pdf_bytes_response, pdf_response
from partner.pk import pk_or_404
from trajectories.core.access import membership_get_for_user, trajectory_get_for_user
from trajectories.core.selectors import membership_list
from trajectories.core.views.common import trajectory_context
from trajectories.models import SIGNOFF_ROLES, MemberRole, SignoffSide
from trajectories.permissions import Perm
from trajectories.plan import selectors as plan_selectors
from trajectories.plan import services as plan_services
from trajectories.plan.document import plan_document_context
from trajectories.plan.stored_pdf import stored_agreed_pdf, version_pdf_render
from trajectories.privacy.audit import AuditAction, audit_on_behalf, audited


def _own_side(access) -> str | None:
    """The side a member may confirm for themself: clients for clients, staff for staff."""
    if access.membership is None:
        return None
    return {role: side for side, role in SIGNOFF_ROLES.items()}.get(access.membership.role)


def _plan(request, pk, *, version_number: int | None = None) -> tuple:
    """(access, document): the plan of a trajectory the user may read, or one of its versions."""
    access = trajectory_get_for_user(request.user, pk, Perm.VIEW)
    return access, plan_document_context(trajectory=access.trajectory, version_number=version_number)


@login_required
@audited()
def plan_detail(request, pk):
    access, document = _plan(request, pk)
    trajectory = access.trajectory
    version = document["version"]
    # Sides still to confirm: none when the current version is agreed and unchanged since.
    signed_sides = {signoff.side for signoff in document["signoffs"]}
    open_sides = [] if version and version.is_agreed else [side for side in SignoffSide if side not in signed_sides]
    facilitator_forms = []
    if access.is_facilitator and access.is_open and document["action_rows"]:
        members = list(membership_list(trajectory=trajectory))
        facilitator_forms = [
            {"side": side, "label": side.label, "members": [m for m in members if m.role == SIGNOFF_ROLES[side]]}
            for side in open_sides
        ]
    own_side = _own_side(access)
    return render(
        request,
        "trajectories/plan/plan.html",
        trajectory_context(
            access,
            section="plan",
            **document,
            versions=list(plan_selectors.plan_version_list(trajectory=trajectory)),
            reviews=plan_selectors.review_list(trajectory=trajectory),
            facilitator_forms=facilitator_forms,
            can_sign_own=(
                access.is_open and own_side in open_sides and bool(document["action_rows"])
            ),
            own_side=own_side,
        ),
    )


@login_required
@require_POST
@audited()
def plan_signoff(request, pk):
    """Confirm the plan for one side: a representative for themself, or the facilitator for them in the room."""
    access = trajectory_get_for_user(request.user, pk, Perm.VIEW)
    side = request.POST.get("side", "")
    if access.is_facilitator and request.POST.get("member"):
        _access, member = membership_get_for_user(request.user, pk, request.POST["member"], Perm.FACILITATE)
    elif access.membership is not None and access.membership.role != MemberRole.FACILITATOR:
        member = access.membership
    else:
        raise Http404
    try:
        version = plan_services.plan_signoff(trajectory=access.trajectory, side=side, member=member, recorded_by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if member.user_id != request.user.pk:
            audit_on_behalf(member=member)
        if version.is_agreed:
            messages.success(request, _("Clients and staff have both agreed. The plan is now agreed (version %(number)s).") % {"number": version.number})
        else:
            messages.success(request, _("Thank you. The agreement has been recorded. The plan is agreed once the other side agrees too."))
    return redirect("trajectories:plan", pk=pk)


@login_required
@audited()
def plan_version(request, pk, number):
    access, document = _plan(request, pk, version_number=number)
    return render(request, "trajectories/plan/version.html", trajectory_context(access, section="plan", **document))


@login_required
@audited(read=AuditAction.EXPORT)
def plan_pdf(request, pk):
    """The plan as PDF; ``?versie=N`` gives an agreed or earlier version."""
    number = request.GET.get("versie")
    access = trajectory_get_for_user(request.user, pk, Perm.VIEW)
    name = slugify(access.trajectory.title) or str(access.trajectory.pk)
    filename = f"actieplan-{name}-{timezone.localdate():%Y-%m-%d}.pdf"
    if number is None:
        document = plan_document_context(trajectory=access.trajectory)
        return pdf_response("trajectories/plan/pdf.html", document, request=request, filename=filename)
    # A version: an agreed one comes from storage (rendered once), anything else is rendered now.
    number = pk_or_404(number)
    content = stored_agreed_pdf(trajectory=access.trajectory, number=number)
    if content is None:
        content = version_pdf_render(trajectory=access.trajectory, number=number)
    return pdf_bytes_response(content, filename=filename)


@login_required
@audited()
def plan_print(request, pk):
    """A print version for clients: large type, plain words."""
    access, document = _plan(request, pk)
    return render(request, "trajectories/plan/print.html", trajectory_context(access, section="plan", **document))


@login_required
@audited()
def plan_outcomes(request, pk):
    """For the client group, in plain language: what happened with your agenda."""
    access, document = _plan(request, pk)
    rows_by_item = {}
    for row in document["action_rows"]:
        rows_by_item.setdefault(row.agenda_item_pk, []).append(row)
    items = [(item, rows_by_item.get(item.pk, [])) for item in document["agenda_items"]]
    return render(
        request,
        "trajectories/plan/outcomes.html",
        trajectory_context(
            access,
            section="outcomes",
            items=items,
            latest_review=plan_selectors.latest_review(trajectory=access.trajectory),
            **document,
        ),
    )


