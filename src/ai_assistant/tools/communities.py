"""Tools over barangay OBC profiles: an area's summary and counts/lists of communities.

Figures come from ``communities.selectors.dashboard_statistics`` over ``BarangayOBC.objects.for_user(user,
"view")`` limited to the place, the same aggregates the communities dashboard shows. Census population is the
2020 figure of the place (PSGC). No leader, contact or narrative field is read.
"""

from __future__ import annotations

from django.db.models import Count, Sum

from common.models import Barangay
from common.places.names import name_label, province_label
from communities.models import BarangayOBC
from communities.models.choices import EthnolinguisticGroup
from communities.selectors import dashboard_statistics, visible_communities

from .base import Tool, ToolResult
from .helpers import MAX_ROWS, area_label, bounded_int, choice, link, place_q
from .places import PLACE_PARAMETER, place_argument

PATHS = {"region": "province__region", "province": "province", "municipality": "municipality", "barangay": "barangay"}
GROUP_BY = {
    "province": ("province__name", "province__code", "province__kind"),
    "municipality": ("municipality__name", "municipality__code", "municipality__kind"),
    "barangay": ("barangay__name", "barangay__code", "barangay__code"),
}


def _communities(user, place, args):
    qs = visible_communities(user).filter(place_q(place, PATHS))
    group = choice(args, "ethnolinguistic_group", EthnolinguisticGroup)
    if group:
        qs = qs.filter(primary_ethnolinguistic_group=group)
    return qs, group


def _total_barangays(place) -> int | None:
    if place is None:
        return None
    if place.level == "barangay":
        return 1
    lookup = {
        "region": "municipality__province__region",
        "province": "municipality__province",
        "municipality": "municipality",
    }[place.level]
    return Barangay.objects.filter(**{lookup: place.obj}).count()


def run_area_summary(user, args: dict) -> ToolResult:
    place, error = place_argument(user, args)
    if error:
        return error
    qs, _ = _communities(user, place, {})
    stats = dashboard_statistics(user, qs)
    totals = stats["totals"]
    census = place.obj.population if place is not None else None
    barangays = _total_barangays(place)
    data = {
        "area": place.as_data() if place else {"name": "all your areas"},
        "census_population_2020": census,
        "obc_communities": totals["communities"],
        "obc_population": totals["obc_population"],
        "households": totals["households"],
        "provinces_with_obcs": totals["provinces"],
        "municipalities_with_obcs": totals["municipalities"],
        "barangays_with_obcs": totals["barangays"],
        "barangays_in_area": barangays,
        "obc_share_of_population_percent": round(100 * totals["obc_population"] / census, 1) if census else None,
        "barangay_coverage_percent": round(100 * totals["barangays"] / barangays, 1) if barangays else None,
        "by_province": stats["by_province"][:MAX_ROWS],
    }
    query = place.list_query(municipality=True) if place else ""
    return ToolResult(
        data=data, sources=[link(f"Barangay OBCs in {area_label(place)}", "communities:barangay-list", query=query)]
    )


def run_count_communities(user, args: dict) -> ToolResult:
    place, error = place_argument(user, args)
    if error:
        return error
    qs, group = _communities(user, place, args)
    totals = qs.order_by().aggregate(
        communities=Count("pk"),
        obc_population=Sum("estimated_obc_population"),
        barangays=Count("barangay", distinct=True),
    )
    data = {
        "area": place.as_data() if place else {"name": "all your areas"},
        "primary_ethnolinguistic_group": str(EthnolinguisticGroup(group).label) if group else "",
        "obc_communities": totals["communities"],
        "obc_population": totals["obc_population"] or 0,
        "barangays_with_obcs": totals["barangays"],
    }
    group_by = str(args.get("group_by") or "")
    if group_by in GROUP_BY:
        name, code, kind = GROUP_BY[group_by]
        limit = bounded_int(args, "limit", MAX_ROWS, 1, 50)
        rows = (
            qs.order_by()
            .values(name, code, kind)
            .annotate(communities=Count("pk"), obc_population=Sum("estimated_obc_population"))
            .order_by("-obc_population", name)[:limit]
        )
        data["groups"] = [
            {
                "name": province_label(r[name], r[kind]) if group_by == "province" else name_label(r[name]),
                "code": r[code],
                "communities": r["communities"],
                "obc_population": r["obc_population"] or 0,
            }
            for r in rows
        ]
    query = place.list_query(municipality=True) if place else ""
    if group:
        query += ("&" if query else "?") + f"ethnolinguistic_group={group}"
    return ToolResult(
        data=data, sources=[link(f"Barangay OBCs in {area_label(place)}", "communities:barangay-list", query=query)]
    )


AREA_SUMMARY = Tool(
    name="area_summary",
    description="Key figures of an area in the user's areas: 2020 census population, number of OBC communities, "
    "their estimated OBC population, households, barangays/municipalities with OBCs and coverage percentages.",
    parameters={"type": "object", "properties": {"place": PLACE_PARAMETER}},
    run=run_area_summary,
)

COUNT_COMMUNITIES = Tool(
    name="count_communities",
    description="Count barangay OBC communities and their OBC population in an area, optionally for one "
    "ethnolinguistic group, optionally ranked by province, municipality or barangay (largest OBC population first).",
    parameters={
        "type": "object",
        "properties": {
            "place": PLACE_PARAMETER,
            "ethnolinguistic_group": {"type": "string", "enum": [c for c, _ in EthnolinguisticGroup.choices]},
            "group_by": {"type": "string", "enum": list(GROUP_BY)},
            "limit": {"type": "integer", "minimum": 1, "maximum": 50},
        },
    },
    run=run_count_communities,
)

__all__ = ["AREA_SUMMARY", "COUNT_COMMUNITIES", "BarangayOBC"]
