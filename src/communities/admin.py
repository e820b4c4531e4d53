"""Admin: read-only views for system administrators.

Profiles and coverage are written through the communities pages, API and imports, which call the
services (area checks, validation, roll-ups); the admin does not bypass them.
"""

from django.contrib import admin

from communities.models import BarangayOBC, CommunityLeader, MunicipalCoverage, ProvincialCoverage


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BarangayOBC)
class BarangayOBCAdmin(ReadOnlyAdmin):
    list_display = [
        "obc_id",
        "barangay",
        "purok_sitio",
        "municipality",
        "province",
        "estimated_obc_population",
        "deleted_at",
    ]
    list_filter = ["province__region", "primary_ethnolinguistic_group", "deleted_at"]
    search_fields = ["obc_id", "barangay__name", "purok_sitio"]
    list_select_related = ["barangay", "municipality", "province"]
    show_full_result_count = False


@admin.register(CommunityLeader)
class CommunityLeaderAdmin(ReadOnlyAdmin):
    list_display = ["name", "role", "community"]
    search_fields = ["name", "community__obc_id"]
    list_select_related = ["community__barangay"]


@admin.register(MunicipalCoverage)
class MunicipalCoverageAdmin(ReadOnlyAdmin):
    list_display = ["municipality", "community_count", "attributed_obc_population", "curated_obc_population"]
    search_fields = ["municipality__name"]
    list_select_related = ["municipality"]


@admin.register(ProvincialCoverage)
class ProvincialCoverageAdmin(ReadOnlyAdmin):
    list_display = ["province", "community_count", "attributed_obc_population", "curated_obc_population"]
    search_fields = ["province__name"]
    list_select_related = ["province"]
