"""The methods library (werkvormen): search, read, add, adapt a copy, change and remove."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partner.service_calls import confirm_then_run, form_page
from trajectories.models import OrganisationRole
from trajectories.organisations import user_organisation, user_organisation_role
from trajectories.privacy.audit import AuditAction, audited
from trajectories.toolkit import method_services
from trajectories.toolkit.access import method_get_for_user, user_toolkit_organisation
from trajectories.toolkit.forms import MethodFilterForm, MethodForm
from trajectories.toolkit.selectors import method_is_planned, method_list


def _can_edit(user) -> bool:
    return user_organisation_role(user)[1] == OrganisationRole.FACILITATOR


def _method_url(method) -> str:
    return reverse("trajectories:method_detail", kwargs={"method_pk": method.pk})


@login_required
@audited()
def method_list_view(request):
    """The library: the starting set and the organisation's own, filtered by step, group and suitability."""
    organisation_id = user_toolkit_organisation(request.user)
    form = MethodFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    methods = method_list(
        organisation_id=organisation_id,
        step=filters.get("step"),
        group=filters.get("group", ""),
        suits=filters.get("suits", []),
        query=filters.get("q", ""),
    )
    return render(
        request,
        "trajectories/toolkit/methods/list.html",
        {"form": form, "methods": methods, "can_edit": _can_edit(request.user), "filtered": bool(filters)},
    )


@login_required
@audited()
def method_detail(request, method_pk):
    method = method_get_for_user(request.user, method_pk)
    return render(
        request,
        "trajectories/toolkit/methods/detail.html",
        {
            "method": method,
            "texts": method.localized,
            "can_edit": _can_edit(request.user) and method.organisation_id is not None,
            "can_copy": _can_edit(request.user),
        },
    )


@login_required
@audited(write=AuditAction.CREATE)
def method_create(request):
    user_toolkit_organisation(request.user, roles={OrganisationRole.FACILITATOR})
    form = MethodForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda: method_services.method_create(
            organisation=user_organisation(request.user), by=request.user, **form.cleaned_data
        ),
        success=_("The method is in your organisation's library."),
        redirect_to=_method_url,
        template="trajectories/toolkit/methods/form.html",
        context={"form": form, "heading": _("Add a working method")},
    )


@login_required
@audited()
def method_edit(request, method_pk):
    method = method_get_for_user(request.user, method_pk, to_edit=True)
    form = MethodForm(request.POST or None, initial=MethodForm.initial_for(method))
    return form_page(
        request,
        form,
        lambda: method_services.method_update(method=method, by=request.user, **form.cleaned_data),
        success=_("Your changes have been saved."),
        redirect_to=_method_url(method),
        template="trajectories/toolkit/methods/form.html",
        context={"form": form, "method": method, "heading": _("Change the method")},
    )


@require_POST
@login_required
@audited()
def method_copy(request, method_pk):
    """An adapted version for the organisation: a copy that opens for editing."""
    method = method_get_for_user(request.user, method_pk)
    user_toolkit_organisation(request.user, roles={OrganisationRole.FACILITATOR})
    copy = method_services.method_copy(method=method, organisation=user_organisation(request.user), by=request.user)
    messages.success(request, _("This is your organisation's copy. Adapt it to your situation."))
    return redirect("trajectories:method_edit", method_pk=copy.pk)


@login_required
@audited(write=AuditAction.DELETE)
def method_delete(request, method_pk):
    method = method_get_for_user(request.user, method_pk, to_edit=True)
    detail = _method_url(method)
    return confirm_then_run(
        request,
        template="confirm.html",
        context={},
        title=_("Remove the method “%(name)s”?") % {"name": method.name},
        explanation=_("You cannot undo this. The starting library and other copies stay."),
        confirm_label=_("Yes, remove"),
        cancel_url=detail,
        call=lambda: method_services.method_delete(method=method, by=request.user),
        success=_("The method has been removed."),
        # A method that sessions plan stays (the service says why): back to it, else to the library.
        redirect_to=detail if method_is_planned(method=method) else reverse("trajectories:methods"),
    )
