"""Tailoring trajectories: groups and step wording, templates, and copies of earlier trajectories."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from partner.service_calls import run_service
from trajectories.core.access import trajectory_get_for_user
from trajectories.core.views.common import trajectory_context
from trajectories.models import Organisation, OrganisationRole, Step
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
    initial = {"participant_groups": trajectory.participant_groups}
    initial.update({f"step_{step.value}": trajectory.step_text(step.value) for step in Step})
    form = TailorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if run_service(
            form,
            lambda: tailoring_services.trajectory_tailor(
                trajectory=trajectory, by=request.user,
                participant_groups=form.cleaned_data["participant_groups"], step_texts=form.step_texts(),
            ),
        ):
            messages.success(request, _("The trajectory has been tailored."))
            return redirect("trajectories:detail", pk=pk)
    return render(
        request,
        "trajectories/toolkit/tailoring/tailor.html",
        trajectory_context(access, section="overview", form=form, save_form=TemplateSaveForm(),
                           copy_form=NewTrajectoryForm(organisation_id=trajectory.organisation_id)),
    )


@login_required
@audited()
def save_as_template(request, pk):
    access = trajectory_get_for_user(request.user, pk, Perm.FACILITATE)
    form = TemplateSaveForm(request.POST or None, initial={"name": access.trajectory.title})
    if request.method == "POST" and form.is_valid():
        saved = {}

        def save():
            saved["template"] = tailoring_services.template_from_trajectory(
                trajectory=access.trajectory, by=request.user, name=form.cleaned_data["name"]
            )

        if run_service(form, save):
            messages.success(request, _("The template has been saved. Other facilitators can start from it."))
            return redirect("trajectories:template_detail", template_pk=saved["template"].pk)
    return render(
        request, "trajectories/toolkit/tailoring/save_template.html", trajectory_context(access, section="overview", form=form)
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
    if request.method == "POST" and form.is_valid():
        created = {}

        def copy():
            created["trajectory"] = tailoring_services.trajectory_copy(
                source=source, by=request.user, title=form.cleaned_data["title"],
                start_date=form.cleaned_data["start_date"],
            )

        if run_service(form, copy):
            messages.success(request, _("The new trajectory has the same steps and sessions, without any content."))
            return redirect("trajectories:detail", pk=created["trajectory"].pk)
    return render(
        request, "trajectories/toolkit/tailoring/copy.html", trajectory_context(access, section="overview", form=form)
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
    if request.method == "POST" and form.is_valid():
        created = {}

        def start():
            created["trajectory"] = tailoring_services.trajectory_create_from_template(
                template=template, organisation=Organisation.objects.get(pk=organisation_id), by=request.user,
                **form.cleaned_data,
            )

        if run_service(form, start):
            messages.success(request, _("The trajectory has been started from the template. Now add participants."))
            return redirect("trajectories:members", pk=created["trajectory"].pk)
    steps = [
        {"number": step.value, "label": step.label, "text": template.step_text(step.value)} for step in Step
    ]
    return render(
        request,
        "trajectories/toolkit/tailoring/template_detail.html",
        {"template": template, "texts": template.localized, "steps": steps, "form": form,
         "sessions": template_sessions(template=template, organisation_id=organisation_id)},
    )

