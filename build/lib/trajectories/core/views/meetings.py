from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from partner.pdf import pdf_response
from partner.service_calls import confirm_then_run, run_service
from trajectories.core import services
from trajectories.core.access import meeting_get_for_user, trajectory_get_for_user
from trajectories.core.forms import MeetingForm
from trajectories.core.selectors import meeting_list_for_viewer
from trajectories.core.views.common import CONFIRM_TEMPLATE, trajectory_context
from trajectories.permissions import Perm
from trajectories.privacy.audit import AuditAction, audited
from trajectories.toolkit.selectors import meeting_methods


@login_required
@audited()
def meeting_list(request, pk):
    """Sessions of the trajectory; each member sees their own group's and the joint ones."""
    access = trajectory_get_for_user(request.user, pk, Perm.VIEW)
    if access.membership is None:
        raise Http404
    return render(
        request,
        "trajectories/core/meetings.html",
        trajectory_context(access, section="meetings", meetings=meeting_list_for_viewer(access=access)),
    )


@login_required
@audited(write=AuditAction.CREATE)
def meeting_create(request, pk):
    access = trajectory_get_for_user(request.user, pk, Perm.FACILITATE)
    trajectory = access.trajectory
    form = MeetingForm(
        request.POST or None, initial={"step": trajectory.current_step}, organisation_id=trajectory.organisation_id
    )
    if request.method == "POST" and form.is_valid():
        if run_service(form, lambda: services.meeting_create(trajectory=trajectory, by=request.user, **form.cleaned_data)):
            messages.success(request, _("The session has been planned."))
            return redirect("trajectories:meetings", pk=pk)
    return render(
        request,
        "trajectories/core/meeting_form.html",
        trajectory_context(access, section="meetings", form=form, heading=_("Plan a session")),
    )


@login_required
@audited()
def meeting_edit(request, pk, meeting_pk):
    access, meeting = meeting_get_for_user(request.user, pk, meeting_pk, Perm.FACILITATE)
    form = MeetingForm(request.POST or None, instance=meeting, organisation_id=access.trajectory.organisation_id)
    if request.method == "POST" and form.is_valid():
        if run_service(form, lambda: services.meeting_update(meeting=meeting, by=request.user, **form.cleaned_data)):
            messages.success(request, _("Your changes have been saved."))
            return redirect("trajectories:meetings", pk=pk)
    return render(
        request,
        "trajectories/core/meeting_form.html",
        trajectory_context(access, section="meetings", form=form, heading=_("Change session")),
    )


@login_required
@audited(write=AuditAction.DELETE)
def meeting_delete(request, pk, meeting_pk):
    access, meeting = meeting_get_for_user(request.user, pk, meeting_pk, Perm.FACILITATE)
    meetings_url = reverse("trajectories:meetings", kwargs={"pk": pk})
    return confirm_then_run(
        request,
        template=CONFIRM_TEMPLATE,
        context=trajectory_context(access, section="meetings"),
        title=_("Remove the session of %(date)s?") % {"date": meeting.date.strftime("%d-%m-%Y")},
        explanation=_("Its notes are removed too."),
        confirm_label=_("Yes, remove"),
        cancel_url=meetings_url,
        call=lambda: services.meeting_delete(meeting=meeting, by=request.user),
        success=_("The session has been removed."),
        redirect_to=meetings_url,
    )


@login_required
@audited()
def meeting_detail(request, pk, meeting_pk):
    """A session with the guide of each working method planned for it."""
    access, meeting = meeting_get_for_user(request.user, pk, meeting_pk, Perm.VIEW)
    return render(
        request,
        "trajectories/core/meeting_detail.html",
        trajectory_context(access, section="meetings", meeting=meeting, methods=meeting_methods(meeting=meeting)),
    )


@login_required
@audited(read=AuditAction.EXPORT)
def meeting_card(request, pk, meeting_pk):
    """The facilitator's card of a session, one page, as PDF: what, for whom, and each method's steps."""
    access, meeting = meeting_get_for_user(request.user, pk, meeting_pk, Perm.FACILITATE)
    return pdf_response(
        "trajectories/core/meeting_card_pdf.html",
        {
            "trajectory": access.trajectory,
            "meeting": meeting,
            "methods": meeting_methods(meeting=meeting),
            "generated_at": timezone.now(),
        },
        request=request,
        filename=f"werkkaart-{meeting.date:%Y-%m-%d}-{slugify(meeting.title or access.trajectory.title)}.pdf",
    )
