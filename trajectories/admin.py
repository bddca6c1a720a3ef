"""Administration of organisations, locations and accounts.

Deliberately no client content here: administrators manage the organisation, they do
not read what clients and staff write.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from trajectories.models import Location, Organisation, OrganisationMember


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


@admin.register(User)
class PartnerUserAdmin(UserAdmin):
    inlines = [OrganisationMemberInline]
    list_display = ["username", "first_name", "last_name", "is_active", "is_staff"]
