"""Administration of organisations, locations and accounts.

Deliberately no client content here: administrators manage the organisation, they do
not read what clients and staff write. For a person's rights under the AVG (GDPR) an
administrator can download that person's data (at their request) and erase a person: both
are actions on the list of accounts, and the erasure asks for confirmation showing account
data only.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trajectories.models import Location, Membership, Organisation, OrganisationMember
from trajectories.organisations import user_organisation_id
from trajectories.privacy import admin as privacy_admin  # noqa: F401 - registers the audit trail's page
from trajectories.privacy import services as privacy_services
from trajectories.privacy.audit import AuditAction, audit_event_record
from trajectories.privacy.views import personal_data_response


class LocationInline(admin.TabularInline):
    model = Location
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    inlines = [LocationInline]


class OrganisationMemberInline(admin.StackedInline):
    model = OrganisationMember
    can_delete = False
    extra = 0
    max_num = 1


User = get_user_model()
admin.site.unregister(User)


def superusers_only(request) -> bool:
    """The Django admin is the supplier's: superusers only. An organisation's administrator uses
    /beheer/, which shows their own organisation and nothing else."""
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = superusers_only


def _organisation_id(person) -> int | None:
    return user_organisation_id(person)


@admin.register(User)
class PartnerUserAdmin(UserAdmin):
    inlines = [OrganisationMemberInline]
    list_display = ["username", "first_name", "last_name", "is_active", "is_staff"]
    actions = ["download_personal_data", "erase_personal_data"]

    def _one_person(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose one person at a time."), messages.WARNING)
            return None
        return queryset.get()

    @admin.action(description=gettext_lazy("Download personal data (JSON)"), permissions=["view"])
    def download_personal_data(self, request, queryset):
        """The person's data, at their request (the right of access)."""
        person = self._one_person(request, queryset)
        if person is None:
            return None
        filename = f"persoonsgegevens-{person.pk}-{timezone.localdate().isoformat()}.json"
        response = personal_data_response(user=person, filename=filename)
        audit_event_record(
            request, action=AuditAction.EXPORT, object_type="personal_data", object_id=str(person.pk),
            organisation_id=_organisation_id(person),
        )
        return response

    @admin.action(description=gettext_lazy("Erase personal data"), permissions=["change"])
    def erase_personal_data(self, request, queryset):
        """Erase a person (the right to erasure), after a confirmation that shows account data only."""
        person = self._one_person(request, queryset)
        if person is None:
            return None
        if request.POST.get("confirm") == "yes":
            organisation_id = _organisation_id(person)
            try:
                erased = privacy_services.person_erase(user=person, by=request.user)
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(request, message, messages.ERROR)
                return None
            audit_event_record(
                request, action=AuditAction.DELETE, object_type="person_erase", object_id=str(person.pk),
                organisation_id=organisation_id,
            )
            self.log_change(request, erased, _("Personal data erased."))
            self.message_user(
                request,
                _("The personal data have been erased. This person is now shown as “%(name)s”.")
                % {"name": erased.get_full_name()},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Erase personal data?"),
            "person": person,
            "erased_name": f"{privacy_services.ERASED_FIRST_NAME} {person.pk}",
            "trajectory_count": Membership.objects.filter(user=person).count(),
            "opts": self.model._meta,
            "action_name": "erase_personal_data",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "trajectories/privacy/admin_erase_confirm.html", context)
