"""Tools over MANA: needs and their priority in an area, assessments and their status.

Reads ``Need.objects.for_user(user, "view")`` and ``Assessment.objects.for_user(user, "view")`` (alive rows);
participants are never read.
"""

from __future__ import annotations

from django.db.models import Count

from mana.models import Assessment, Need
from mana.models.needs import NeedCategory

from .base import Tool, ToolResult
from .helpers import MAX_ROWS, area_label, bounded_int, choice, link, place_q, plain
from .places import PLACE_PARAMETER, place_argument

NEED_PATHS = {"region": "region", "province": "province"}
ASSESSMENT_PATHS = {"region": "region", "province": "province", "municipality": "municipality"}
#: Needs still waiting for an answer (the default of the needs tool).
OPEN_NEEDS = (Need.Status.IDENTIFIED, Need.Status.VALIDATED, Need.Status.PRIORITISED, Need.Status.FORWARDED)
IN_PROGRESS = (
    Assessment.Status.PREPARATION,
    Assessment.Status.DATA_COLLECTION,
    Assessment.Status.ANALYSIS,
    Assessment.Status.VALIDATION,
)


def visible_needs(user, place=None):
    return Need.objects.for_user(user, "view").alive().filter(place_q(place, NEED_PATHS))


def run_needs(user, args: dict) -> ToolResult:
    place, error = place_argument(user, args)
    if error:
        return error
    qs = visible_needs(user, place)
    status = choice(args, "status", Need.Status)
    qs = qs.filter(status=status) if status else qs.filter(status__in=OPEN_NEEDS)
    category = choice(args, "category", NeedCategory)
    if category:
        qs = qs.filter(category=category)
    limit = bounded_int(args, "limit", 5, 1, MAX_ROWS)
    labels = dict(NeedCategory.choices)
    by_category = [
        {"category": str(labels.get(r["category"], r["category"])), "needs": r["needs"]}
        for r in qs.order_by().values("category").annotate(needs=Count("pk")).order_by("-needs", "category")
    ]
    top = list(qs.select_related("region", "province").order_by("-priority_score", "-vote_count", "pk")[:limit])
    data = {
        "area": place.as_data() if place else {"name": "all your areas"},
        "status": str(Need.Status(status).label) if status else "open (identified, validated, prioritised, forwarded)",
        "needs": qs.count(),
        "by_category": by_category,
        "top_needs": [
            {
                "rank": i,
                "title": n.title,
                "category": str(n.get_category_display()),
                "priority_score": plain(n.priority_score),
                "status": str(n.get_status_display()),
                "votes": n.vote_count,
                "affected_population": n.affected_population,
                "area": n.province.label if n.province_id else n.region.label,
            }
            for i, n in enumerate(top, 1)
        ],
    }
    query = place.list_query() if place else ""
    sources = [link(n.title, "mana:need-detail", n.pk) for n in top]
    sources.append(link(f"MANA needs in {area_label(place)}", "mana:need-list", query=query))
    return ToolResult(data=data, sources=sources)


def run_assessments(user, args: dict) -> ToolResult:
    place, error = place_argument(user, args)
    if error:
        return error
    qs = Assessment.objects.for_user(user, "view").alive().filter(place_q(place, ASSESSMENT_PATHS))
    wanted = str(args.get("status") or "").strip().lower()
    if wanted == "in_progress":
        qs = qs.filter(status__in=IN_PROGRESS)
    elif status := choice(args, "status", Assessment.Status):
        qs = qs.filter(status=status)
    labels = dict(Assessment.Status.choices)
    by_status = [
        {"status": str(labels[r["status"]]), "assessments": r["n"]}
        for r in qs.order_by().values("status").annotate(n=Count("pk")).order_by("-n", "status")
    ]
    rows = list(qs.select_related("region", "province", "municipality").order_by("-start_date", "title")[:MAX_ROWS])
    data = {
        "area": place.as_data() if place else {"name": "all your areas"},
        "status_filter": wanted or "any",
        "assessments": qs.count(),
        "by_status": by_status,
        "items": [
            {
                "title": a.title,
                "status": str(a.get_status_display()),
                "level": str(a.get_level_display()),
                "area": (a.municipality or a.province or a.region).label,
                "start_date": plain(a.start_date),
                "end_date": plain(a.end_date),
            }
            for a in rows
        ],
    }
    sources = [link(a.title, "mana:assessment-detail", a.pk) for a in rows[:5]]
    sources.append(
        link(f"MANA assessments in {area_label(place)}", "mana:index", query=place.list_query() if place else "")
    )
    return ToolResult(data=data, sources=sources)


NEEDS = Tool(
    name="mana_needs",
    description="MANA needs in an area ranked by priority score (highest first), with counts by category. "
    "Default: open needs (identified, validated, prioritised, forwarded).",
    parameters={
        "type": "object",
        "properties": {
            "place": PLACE_PARAMETER,
            "status": {"type": "string", "enum": [c for c, _ in Need.Status.choices]},
            "category": {"type": "string", "enum": [c for c, _ in NeedCategory.choices]},
            "limit": {"type": "integer", "minimum": 1, "maximum": MAX_ROWS},
        },
    },
    run=run_needs,
)

ASSESSMENTS = Tool(
    name="mana_assessments",
    description="MANA assessments in an area and their status; status 'in_progress' means preparation, data "
    "collection, analysis or validation.",
    parameters={
        "type": "object",
        "properties": {
            "place": PLACE_PARAMETER,
            "status": {"type": "string", "enum": ["in_progress", *[c for c, _ in Assessment.Status.choices]]},
        },
    },
    run=run_assessments,
)
