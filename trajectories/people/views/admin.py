"""The organisation administrator's pages (``/beheer/``): their own organisation's accounts,
invitations, locations and audit trail, and nothing of any other organisation."""

from dataclasses import asdict, replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from partner.service_calls import confirm_then_run, form_page, run_action, run_form
from trajectories.people import csv_import, services
from trajectories.people.access import account_get_for_admin, invitation_get_for_admin, organisation_for_admin
from trajectories.people.csv_import import read_rows
from trajectories.people.forms import AccountImportForm, InvitationForm, LocationForm, RoleForm
from trajectories.people.selectors import (
    open_invitations,
    open_work_of,
    organisation_accounts,
    organisation_audit_events,
    organisation_locations,
)
from trajectories.privacy.audit import AuditAction, audited

CONFIRM_TEMPLATE = "trajectories/people/admin_confirm.html"


def _url(name: str, **kwargs) -> str:
    return reverse(f"people:{name}", kwargs=kwargs)


def _context(organisation, section: str, **extra) -> dict:
    return {"organisation": organisation, "section": section, **extra}


@login_required
@audited()
def admin_accounts(request):
    """Everyone with an account in the organisation: role, active, second step, login card."""
    organisation = organisation_for_admin(request.user)
    return render(request, "trajectories/people/admin_accounts.html", _context(
        organisation, "accounts", accounts=list(organisation_accounts(organisation=organisation)),
    ))


@login_required
@audited()
def admin_account(request, user_pk):
    """One person: change their role, and what else an administrator does for them."""
    organisation = organisation_for_admin(request.user)
    member = account_get_for_admin(request.user, user_pk)
    form = RoleForm(request.POST or None, initial={"role": member.role})
    return form_page(
        request, form,
        lambda: services.account_role_change(request=request, member=member, role=form.cleaned_data["role"]),
        success=_("The role has been changed."),
        redirect_to=_url("admin_account", user_pk=member.user_id),
        template="trajectories/people/admin_account.html",
        context=_context(organisation, "accounts", form=form, member=member, work=open_work_of(user=member.user)),
    )


@login_required
@audited(write=AuditAction.DELETE)
def admin_account_deactivate(request, user_pk):
    """Switch an account off, after showing what the person leaves that needs a new owner."""
    organisation = organisation_for_admin(request.user)
    member = account_get_for_admin(request.user, user_pk)
    name = member.user.get_full_name() or member.user.get_username()
    return confirm_then_run(
        request, template=CONFIRM_TEMPLATE,
        context=_context(organisation, "accounts", member=member, work=open_work_of(user=member.user)),
        title=_("Switch off the account of %(name)s?") % {"name": name},
        explanation=_("They can no longer sign in and are signed out everywhere. What they wrote stays."),
        confirm_label=_("Yes, switch off"), cancel_url=_url("admin_account", user_pk=member.user_id),
        call=lambda: services.account_deactivate(request=request, member=member),
        success=_("The account of %(name)s is switched off.") % {"name": name},
        redirect_to=_url("admin_account", user_pk=member.user_id),
    )


@login_required
@require_POST
@audited()
def admin_account_reactivate(request, user_pk):
    organisation_for_admin(request.user)
    member = account_get_for_admin(request.user, user_pk)
    return run_action(request, lambda: services.account_reactivate(request=request, member=member),
                      success=_("The account is switched on again."),
                      redirect_to=_url("admin_account", user_pk=member.user_id))


@login_required
@audited(write=AuditAction.DELETE)
def admin_second_step_reset(request, user_pk):
    """Remove a person's authenticator apps (a lost phone), after a confirmation."""
    organisation = organisation_for_admin(request.user)
    member = account_get_for_admin(request.user, user_pk)
    return confirm_then_run(
        request, template=CONFIRM_TEMPLATE, context=_context(organisation, "accounts", member=member),
        title=_("Reset the two-step login of %(name)s?") % {"name": member.user.get_full_name() or member.user},
        explanation=_("Their authenticator apps are removed. At their next sign-in they set up a new one."),
        confirm_label=_("Yes, reset"), cancel_url=_url("admin_account", user_pk=member.user_id),
        call=lambda: services.account_second_step_reset(request=request, member=member),
        success=_("Two-step login has been reset."), redirect_to=_url("admin_account", user_pk=member.user_id),
    )


@login_required
@audited(write=AuditAction.CREATE)
def admin_invitations(request):
    """Open invitations, and inviting someone by e-mail."""
    organisation = organisation_for_admin(request.user)
    form = InvitationForm(request.POST or None)
    sent = run_form(
        request, form,
        lambda: services.invitation_create(
            request=request, organisation=organisation, email=form.cleaned_data["email"],
            first_name=form.cleaned_data["first_name"], role=form.cleaned_data["role"],
        ),
        success=lambda invitation: _("The invitation has been sent to %(email)s.") % {"email": invitation.email},
        redirect_to=_url("admin_invitations"),
    )
    if sent is not None:
        return sent
    return render(request, "trajectories/people/admin_invitations.html", _context(
        organisation, "invitations", form=form, invitations=list(open_invitations(organisation=organisation)),
    ))


@login_required
@require_POST
@audited()
def admin_invitation_resend(request, invitation_pk):
    invitation = invitation_get_for_admin(request.user, invitation_pk)
    return run_action(request, lambda: services.invitation_resend(request=request, invitation=invitation),
                      success=_("The invitation has been sent again, with a new link."),
                      redirect_to=_url("admin_invitations"))


@login_required
@require_POST
@audited(write=AuditAction.DELETE)
def admin_invitation_revoke(request, invitation_pk):
    invitation = invitation_get_for_admin(request.user, invitation_pk)
    return run_action(request, lambda: services.invitation_revoke(request=request, invitation=invitation),
                      success=_("The invitation has been withdrawn. Its link no longer works."),
                      redirect_to=_url("admin_invitations"))


@login_required
@audited(write=AuditAction.CREATE)
def admin_locations(request):
    organisation = organisation_for_admin(request.user)
    form = LocationForm(request.POST or None)
    return form_page(
        request, form,
        lambda: services.location_create(request=request, organisation=organisation, name=form.cleaned_data["name"]),
        success=_("The location has been added."), redirect_to=_url("admin_locations"),
        template="trajectories/people/admin_locations.html",
        context=_context(organisation, "locations", form=form,
                         locations=list(organisation_locations(organisation=organisation))),
    )


@login_required
@audited()
def admin_audit(request):
    """The newest entries of the organisation's audit trail (who, when, what; never content)."""
    organisation = organisation_for_admin(request.user)
    return render(request, "trajectories/people/admin_audit.html", _context(
        organisation, "audit", events=list(organisation_audit_events(organisation=organisation)),
    ))


IMPORT_SESSION_KEY = "account_import_rows"


def _preview_rows(organisation, rows):
    """Each row with its problem, the address's problem (already an account, already invited) included."""
    checked = []
    for row in rows:
        problem = None if row.problem else services.invitation_address_refusal(organisation=organisation, email=row.email)
        checked.append(replace(row, problem=row.problem or (problem.messages[0] if problem else "")))
    return checked


@login_required
@audited(write=AuditAction.READ)
def admin_import(request):
    """Upload a CSV of people to invite: a preview of every line, each refused one with why."""
    organisation = organisation_for_admin(request.user)
    form = AccountImportForm(request.POST or None, request.FILES or None)
    rows, refused, problem = None, [], ""
    if request.method == "POST" and form.is_valid():
        rows, problem = read_rows(form.cleaned_data["file"].read(csv_import.MAX_BYTES + 1))
        rows = _preview_rows(organisation, rows)
        refused = [row for row in rows if row.problem]
        request.session[IMPORT_SESSION_KEY] = [asdict(row) for row in rows] if rows and not refused else []
    return render(request, "trajectories/people/admin_import.html", _context(
        organisation, "accounts", form=form, rows=rows, refused=refused, problem=problem,
    ))


@login_required
@require_POST
@audited(write=AuditAction.CREATE)
def admin_import_confirm(request):
    """Invite everyone of the previewed file, all or nothing."""
    organisation = organisation_for_admin(request.user)
    rows = [csv_import.ImportRow(**values) for values in request.session.get(IMPORT_SESSION_KEY, [])]
    try:
        invitations = services.invitations_import(request=request, organisation=organisation, rows=rows)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("people:admin_import")
    request.session.pop(IMPORT_SESSION_KEY, None)
    messages.success(request, ngettext("%(count)d invitation has been sent.", "%(count)d invitations have been sent.",
                                       len(invitations)) % {"count": len(invitations)})
    return redirect("people:admin_invitations")
