"""MANA admin: scoped and read-only (``common.appkit.admin.ScopedModelAdmin``); records are written
through the MANA services (area, team, revisions). Priority weights are saved through their service."""

from django.contrib import admin

from common.appkit.admin import ScopedModelAdmin
from mana import models as m


@admin.register(m.Assessment)
class AssessmentAdmin(ScopedModelAdmin):
    list_display = ("title", "level", "region", "province", "status", "start_date", "lead")
    list_filter = ("status", "level", "region")
    search_fields = ("title",)
    raw_id_fields = ("communities", "province", "municipality", "lead", "facilitators")


@admin.register(m.Need)
class NeedAdmin(ScopedModelAdmin):
    list_display = ("title", "category", "status", "priority_score", "vote_count", "assessment")
    list_filter = ("category", "status")
    search_fields = ("title",)
    raw_id_fields = ("assessment", "affected_communities", "evidence_responses")


@admin.register(m.PriorityWeights)
class PriorityWeightsAdmin(ScopedModelAdmin):
    """OOBC-wide weights: changed by administrators through ``set_priority_weights``."""

    read_only = False
    list_display = ("category", "severity", "urgency", "feasibility", "population")

    def save_model(self, request, obj, form, change):
        from mana.services.needs import set_priority_weights

        set_priority_weights(
            user=request.user, category=obj.category, **{k: getattr(obj, k) for k in m.PriorityWeights.DEFAULT_WEIGHTS}
        )
