from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from partner.pdf import pdf_response
from partner.service_calls import form_page
from trajectories.core import services
from trajectories.core.access import meeting_get_for_user, trajectory_get_for_user
from trajectories.core.forms import MeetingForm
from trajectories.core.selectors import meeting_list_for_viewer
from trajectories.core.views.common import confirm_in_trajectory, member_of, trajectory_context, trajectory_url
from trajectories.permissions import Perm
from trajectories.privacy.audit import AuditAction, audited
from trajectories.toolkit.selectors import meeting_methods


def _meeting_form_page(request, access, form, call, *, success, heading):
    return form_page(
        request,
        form,
        call,
        success=success,
        redirect_to=trajectory_url("meetings", access.trajectory.pk),
        template="trajectories/core/meeting_form.html",
        context=trajectory_context(access, section="meetings", form=form, heading=heading),
    )


@login_required
@audited()
def meeting_list(request, pk):
    """Sessions of the trajectory; each member sees their own group's and the joint ones."""
    access = trajectory_get_for_user(request.user, pk, Perm.VIEW)
    member_of(access)
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
    return _meeting_form_page(
        request, access, form,
        lambda: services.meeting_create(trajectory=trajectory, by=request.user, **form.cleaned_data),
        success=_("The session has been planned."),
        heading=_("Plan a session"),
    )


@login_required
@audited()
def meeting_edit(request, pk, meeting_pk):
    access, meeting = meeting_get_for_user(request.user, pk, meeting_pk, Perm.FACILITATE)
    form = MeetingForm(request.POST or None, instance=meeting, organisation_id=access.trajectory.organisation_id)
    return _meeting_form_page(
        request, access, form,
        lambda: services.meeting_update(meeting=meeting, by=request.user, **form.cleaned_data),
        success=_("Your changes have been saved."),
        heading=_("Change session"),
    )


@login_required
@audited(write=AuditAction.DELETE)
def meeting_delete(request, pk, meeting_pk):
    access, meeting = meeting_get_for_user(request.user, pk, meeting_pk, Perm.FACILITATE)
    return confirm_in_trajectory(
        request,
        access,
        section="meetings",
        back=trajectory_url("meetings", pk),
        title=_("Remove the session of %(date)s?") % {"date": meeting.date.strftime("%d-%m-%Y")},
        explanation=_("Its notes are removed too."),
        call=lambda: services.meeting_delete(meeting=meeting, by=request.user),
        success=_("The session has been removed."),
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
