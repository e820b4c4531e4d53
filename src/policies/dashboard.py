"""Figures of the policies dashboard, all read through ``for_user`` and the list's FilterSet:
the pipeline by status, category, sector and region, the average time spent in each stage, overdue
implementation reports and unanswered needs by region, all grouped in the database."""

from __future__ import annotations

from django.db.models import Avg, Count, Q
from django.utils import timezone

from policies import selectors
from policies.filters import RecommendationFilterSet
from policies.models import (
    Category,
    ImplementationMilestone,
    ImplementationPlan,
    Recommendation,
    RecommendationArea,
    RecommendationTransition,
    Sector,
    Status,
    can_view_internal,
)


def _grouped(qs, field, choices) -> list[dict]:
    counts = dict(qs.order_by().values_list(field).annotate(n=Count("pk")))
    return [{"key": key, "label": str(label), "count": counts.get(key, 0)} for key, label in choices]


def _stage_days(recs) -> list[dict]:
    """Average days spent in each stage a recommendation has left (kept on each step by the workflow)."""
    rows = (
        RecommendationTransition.objects.filter(recommendation__in=recs.values("pk"), seconds_in_stage__isnull=False)
        .order_by()
        .values("to_status")
        .annotate(avg=Avg("seconds_in_stage"), n=Count("pk"))
    )
    found = {r["to_status"]: r for r in rows}
    return [
        {"key": key, "label": str(label), "days": round(found[key]["avg"] / 86400, 1), "n": found[key]["n"]}
        for key, label in Status.choices
        if key in found
    ]


def dashboard_figures(user, params=None, request=None) -> dict:
    base = Recommendation.objects.for_user(user)
    recs = RecommendationFilterSet(params or None, queryset=base, request=request).qs
    by_region = list(
        RecommendationArea.objects.filter(recommendation__in=recs.values("pk"))
        .order_by()
        .values("region__code", "region__name")
        .annotate(count=Count("recommendation", distinct=True))
        .order_by("region__code")
    )
    national = recs.filter(is_national=True).count()
    figures = {
        "total": recs.count(),
        "by_status": _grouped(recs, "status", Status.choices),
        "by_category": _grouped(recs, "category", Category.choices),
        "by_sector": _grouped(recs, "sector", Sector.choices),
        "by_region": [{"key": r["region__code"], "label": r["region__name"], "count": r["count"]} for r in by_region]
        + ([{"key": "", "label": "National (every area)", "count": national}] if national else []),
    }
    if can_view_internal(user):
        today = timezone.localdate()
        figures["stage_days"] = _stage_days(recs)
        figures["overdue_reports"] = ImplementationPlan.objects.filter(
            recommendation__in=recs.values("pk"), is_overdue=True
        ).count()
        figures["overdue_milestones"] = ImplementationMilestone.objects.filter(
            Q(status__in=("pending", "in_progress")) & Q(due_date__lt=today), recommendation__in=recs.values("pk")
        ).count()
        if user.has_perm("mana.view_need"):
            gaps = selectors.unanswered_needs(user).order_by().values("region__code", "region__name")
            figures["unanswered_by_region"] = [
                {"key": r["region__code"], "label": r["region__name"], "count": r["count"]}
                for r in gaps.annotate(count=Count("pk")).order_by("region__code")
            ]
    return figures
