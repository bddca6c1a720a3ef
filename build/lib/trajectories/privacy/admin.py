"""The audit trail in the administration: administrators view, filter and export it; nobody edits it."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from partner.csv_export import csv_response
from trajectories.models import AuditEvent
from trajectories.privacy.audit import AuditAction, audit_event_record

EXPORT_COLUMNS = [
    ("at", _("when")), ("user_label", _("who")), ("on_behalf_of", _("on behalf of")), ("action", _("action")),
    ("trajectory_id", _("trajectory number")), ("trajectory_label", _("trajectory")), ("object_type", _("what")),
    ("object_id", _("which")), ("method", "HTTP"), ("path", _("address")), ("status", _("answer")),
]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "user_label", "action", "trajectory_label", "object_type", "on_behalf_of", "status")
    list_filter = ("action", "at", "object_type")
    search_fields = ("user_label", "trajectory_label", "on_behalf_of", "path", "object_id")
    date_hierarchy = "at"
    actions = ["export_csv"]
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Export the selected events as CSV"))
    def export_csv(self, request, queryset):
        rows = ([getattr(event, field) for field, _label in EXPORT_COLUMNS] for event in queryset.order_by("at", "pk"))
        audit_event_record(request, action=AuditAction.EXPORT, object_type="audit_trail")
        return csv_response([str(label) for _field, label in EXPORT_COLUMNS], rows, filename="audit-trail.csv")
