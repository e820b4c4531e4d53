"""Tool over policy recommendations by status ("waiting for review" is Under review).

Reads ``Recommendation.objects.for_user(user, "view")``: partner viewers see approved ones only, as on the pages.
"""

from __future__ import annotations

from django.db.models import Count

from policies.models import Recommendation, RecommendationArea, Status

from .base import Tool, ToolResult
from .helpers import MAX_ROWS, area_exists, area_label, choice, link, plain
from .places import PLACE_PARAMETER, place_argument


def run_recommendations(user, args: dict) -> ToolResult:
    place, error = place_argument(user, args)
    if error:
        return error
    qs = Recommendation.objects.for_user(user, "view").filter(area_exists(RecommendationArea, "recommendation", place))
    by_status = [
        {"status": str(Status(r["status"]).label), "recommendations": r["n"]}
        for r in qs.order_by().values("status").annotate(n=Count("pk")).order_by("-n", "status")
    ]
    if status := choice(args, "status", Status):
        qs = qs.filter(status=status)
    rows = list(qs.order_by("-priority_score", "-status_changed_at", "pk")[:MAX_ROWS])
    data = {
        "area": place.as_data() if place else {"name": "all your areas"},
        "status": str(Status(status).label) if status else "any",
        "recommendations": qs.count(),
        "by_status": by_status if not status else [],
        "items": [
            {
                "reference": r.reference,
                "title": r.title,
                "status": str(r.get_status_display()),
                "sector": str(r.get_sector_display()),
                "priority_score": plain(r.priority_score),
                "in_status_since": plain(r.status_changed_at.date()),
            }
            for r in rows
        ],
    }
    sources = [link(f"{r.reference} {r.title}", "policies:recommendation-detail", r.pk) for r in rows[:5]]
    query = f"?status={status}" if status else ""
    sources.append(link(f"Recommendations in {area_label(place)}", "policies:index", query=query))
    return ToolResult(data=data, sources=sources)


RECOMMENDATIONS = Tool(
    name="recommendations",
    description="Policy recommendations in an area by status (draft, under_review = waiting for review, endorsed, "
    "submitted, approved, in_implementation...), with counts by status.",
    parameters={
        "type": "object",
        "properties": {"place": PLACE_PARAMETER, "status": {"type": "string", "enum": [c for c, _ in Status.choices]}},
    },
    run=run_recommendations,
)
