"""Admin: read-only, scoped views (``common.appkit.admin.ScopedModelAdmin``).

Profiles and coverage are written through the communities pages, API and imports, which call the
services (area checks, validation, roll-ups, revisions); the admin does not bypass them. A staff user
who is not a superuser sees only the records of their areas (and leaders only with personal-data
access), exactly as on the pages.
"""

from django.contrib import admin

from common.admin import FoldedSearchAdminMixin
from common.appkit.admin import ScopedModelAdmin
from communities.models import BarangayOBC, CommunityLeader, MunicipalCoverage, ProvincialCoverage


@admin.register(BarangayOBC)
class BarangayOBCAdmin(ScopedModelAdmin):
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


@admin.register(CommunityLeader)
class CommunityLeaderAdmin(FoldedSearchAdminMixin, ScopedModelAdmin):
    list_display = ["name", "role", "community"]
    search_fields = ["name", "community__obc_id"]
    list_select_related = ["community__barangay"]


@admin.register(MunicipalCoverage)
class MunicipalCoverageAdmin(ScopedModelAdmin):
    list_display = ["municipality", "community_count", "attributed_obc_population", "curated_obc_population"]
    search_fields = ["municipality__name"]
    list_select_related = ["municipality"]


@admin.register(ProvincialCoverage)
class ProvincialCoverageAdmin(ScopedModelAdmin):
    list_display = ["province", "community_count", "attributed_obc_population", "curated_obc_population"]
    search_fields = ["province__name"]
    list_select_related = ["province"]
