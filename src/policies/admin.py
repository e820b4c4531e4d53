"""Admin: read-only, area-scoped views on the shared scoped admin (common/appkit/admin.py).

Recommendations are written through the pages and the API, which call the services (area rule,
transition table, frozen content, revisions, version checks); the admin never bypasses them. Rows
are read through ``for_user`` so a staff user who is not a national role sees only their areas.
"""

from django.contrib import admin

from common.appkit.admin import ScopedModelAdmin
from policies import models as m


@admin.register(m.Recommendation)
class RecommendationAdmin(ScopedModelAdmin):
    list_display = ["reference", "title", "rec_type", "category", "status", "content_revision", "deleted_at"]
    list_filter = ["status", "rec_type", "category", "sector", "is_national"]
    search_fields = ["reference", "title"]


@admin.register(m.Evidence)
class EvidenceAdmin(ScopedModelAdmin):
    list_display = ["recommendation", "kind", "reliability", "added_by", "added_at"]
    list_filter = ["kind", "reliability"]
    list_select_related = ["recommendation", "added_by"]


@admin.register(m.ImplementationDocument)
class ImplementationDocumentAdmin(ScopedModelAdmin):
    list_display = ["recommendation", "original_name", "kind", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["kind"]
    list_select_related = ["recommendation", "uploaded_by"]
    exclude = ["file"]  # the file only through the access-checked download


@admin.register(m.RecommendationTransition)
class RecommendationTransitionAdmin(ScopedModelAdmin):
    list_display = ["recommendation", "from_status", "to_status", "actor", "at"]
    list_filter = ["to_status"]
    list_select_related = ["recommendation", "actor"]


@admin.register(m.RecommendationRevision)
class RecommendationRevisionAdmin(ScopedModelAdmin):
    list_display = ["recommendation", "number", "actor", "at"]
    list_select_related = ["recommendation", "actor"]
