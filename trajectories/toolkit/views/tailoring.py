"""Tailoring trajectories: groups and step wording, templates, and copies of earlier trajectories."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from partner.service_calls import form_page, run_form
from trajectories.core.access import trajectory_get_for_user
from trajectories.core.views.common import trajectory_context, trajectory_url
from trajectories.models import OrganisationRole, Step
from trajectories.organisations import user_organisation
from trajectories.permissions import Perm
from trajectories.privacy.audit import audited
from trajectories.toolkit import tailoring_services
from trajectories.toolkit.access import template_get_for_user, user_toolkit_organisation
from trajectories.toolkit.forms import NewTrajectoryForm, TailorForm, TemplateSaveForm
from trajectories.toolkit.selectors import template_list, template_sessions


@login_required
@audited()
def tailor(request, pk):
    """Who takes part, and each step's description in the words of this context."""
    access = trajectory_get_for_user(request.user, pk, Perm.FACILITATE)
    trajectory = access.trajectory
    initial = {
        "participant_groups": trajectory.participant_groups,
        **{f"step_{step.value}": trajectory.step_text(step.value) for step in Step},
    }
    form = TailorForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        lambda: tailoring_services.trajectory_tailor(
            trajectory=trajectory, by=request.user,
            participant_groups=form.cleaned_data["participant_groups"], step_texts=form.step_texts(),
        ),
        success=_("The trajectory has been tailored."),
        redirect_to=trajectory_url("detail", trajectory.pk),
        template="trajectories/toolkit/tailoring/tailor.html",
        context=trajectory_context(access, section="overview", form=form, save_form=TemplateSaveForm(),
                                   copy_form=NewTrajectoryForm(organisation_id=trajectory.organisation_id)),
    )


@login_required
@audited()
def save_as_template(request, pk):
    access = trajectory_get_for_user(request.user, pk, Perm.FACILITATE)
    form = TemplateSaveForm(request.POST or None, initial={"name": access.trajectory.title})
    return form_page(
        request,
        form,
        lambda: tailoring_services.template_from_trajectory(
            trajectory=access.trajectory, by=request.user, name=form.cleaned_data["name"]
        ),
        success=_("The template has been saved. Other facilitators can start from it."),
        redirect_to=lambda template: reverse("trajectories:template_detail", kwargs={"template_pk": template.pk}),
        template="trajectories/toolkit/tailoring/save_template.html",
        context=trajectory_context(access, section="overview", form=form),
    )


@login_required
@audited()
def trajectory_copy(request, pk):
    """A new trajectory with this one's structure: never its client content or participants."""
    access = trajectory_get_for_user(request.user, pk, Perm.FACILITATE)
    source = access.trajectory
    form = NewTrajectoryForm(request.POST or None, organisation_id=source.organisation_id,
                             initial={"title": _("%(title)s (copy)") % {"title": source.title}})
    del form.fields["location"]
    return form_page(
        request,
        form,
        lambda: tailoring_services.trajectory_copy(
            source=source, by=request.user, title=form.cleaned_data["title"], start_date=form.cleaned_data["start_date"]
        ),
        success=_("The new trajectory has the same steps and sessions, without any content."),
        redirect_to=lambda trajectory: trajectory_url("detail", trajectory.pk),
        template="trajectories/toolkit/tailoring/copy.html",
        context=trajectory_context(access, section="overview", form=form),
    )


@login_required
@audited()
def template_list_view(request):
    organisation_id = user_toolkit_organisation(request.user, roles={OrganisationRole.FACILITATOR})
    return render(
        request, "trajectories/toolkit/tailoring/template_list.html",
        {"templates": template_list(organisation_id=organisation_id)},
    )


@login_required
@audited()
def template_detail(request, template_pk):
    """A template's structure, and starting a trajectory from it."""
    template = template_get_for_user(request.user, template_pk)
    organisation_id = user_toolkit_organisation(request.user, roles={OrganisationRole.FACILITATOR})
    form = NewTrajectoryForm(request.POST or None, organisation_id=organisation_id,
                             initial={"title": template.localized.name})
    started = run_form(
        request,
        form,
        lambda: tailoring_services.trajectory_create_from_template(
            template=template, organisation=user_organisation(request.user), by=request.user, **form.cleaned_data
        ),
        success=_("The trajectory has been started from the template. Now add participants."),
        redirect_to=lambda trajectory: trajectory_url("members", trajectory.pk),
    )
    if started is not None:
        return started
    steps = [
        {"number": step.value, "label": step.label, "text": template.step_text(step.value)} for step in Step
    ]
    return render(
        request,
        "trajectories/toolkit/tailoring/template_detail.html",
        {"template": template, "texts": template.localized, "steps": steps, "form": form,
         "sessions": template_sessions(template=template, organisation_id=organisation_id)},
    )
