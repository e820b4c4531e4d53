from django.contrib import admin

from mana import models as m


class ScopedAdmin(admin.ModelAdmin):
    """The admin reads through ``for_user`` too."""

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user, "view")


@admin.register(m.Assessment)
class AssessmentAdmin(ScopedAdmin):
    list_display = ("title", "level", "region", "province", "status", "start_date", "lead")
    list_filter = ("status", "level", "region")
    search_fields = ("title",)
    raw_id_fields = ("communities", "province", "municipality", "lead", "facilitators")


@admin.register(m.Need)
class NeedAdmin(ScopedAdmin):
    list_display = ("title", "category", "status", "priority_score", "vote_count", "assessment")
    list_filter = ("category", "status")
    search_fields = ("title",)
    raw_id_fields = ("assessment", "affected_communities", "evidence_responses")


@admin.register(m.PriorityWeights)
class PriorityWeightsAdmin(admin.ModelAdmin):
    list_display = ("category", "severity", "urgency", "feasibility", "population")

    def save_model(self, request, obj, form, change):
        from mana.services.needs import set_priority_weights

        set_priority_weights(
            user=request.user, category=obj.category, **{k: getattr(obj, k) for k in m.PriorityWeights.DEFAULT_WEIGHTS}
        )
