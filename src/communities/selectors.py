"""Reads of the communities app: dashboard statistics, map points, change history.

Everything starts from ``for_user`` and aggregates in the database.
"""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, Q, Sum

from common.access import area_q, has_national_scope, permission_allows
from common.places.names import province_label
from communities.models import BarangayOBC, CommunityLeader, ProvincialCoverage
from communities.models.choices import ACCESS_FIELDS, EthnolinguisticGroup

MAX_MAP_POINTS = 10_000


def visible_communities(user, action: str = "view"):
    return BarangayOBC.objects.for_user(user, action)


def dashboard_statistics(user, queryset=None) -> dict:
    """Key figures and chart series for the user's areas (``queryset`` may be pre-filtered).

    Without a queryset the figures come from the provincial roll-ups (one row per province, kept
    by communities/services/coverage.py in the transaction of every change), so the dashboard
    costs the same with 50 or 50,000 profiles. A filtered queryset (the API's filters) is
    aggregated directly; both give the same numbers (tested).
    """
    if queryset is None:
        return _statistics_from_rollups(user)
    qs = queryset.order_by()
    totals = qs.aggregate(
        communities=Count("pk"),
        obc_population=Sum("estimated_obc_population"),
        households=Sum("households"),
        families=Sum("families"),
        provinces=Count("province", distinct=True),
        municipalities=Count("municipality", distinct=True),
        barangays=Count("barangay", distinct=True),
        **{f"avg_{field}": Avg(field) for field, _ in ACCESS_FIELDS},
        **{f"rated_{field}": Count("pk", filter=Q(**{f"{field}__isnull": False})) for field, _ in ACCESS_FIELDS},
    )
    by_province = list(
        qs.values("province__code", "province__name", "province__kind")
        .annotate(communities=Count("pk"), obc_population=Sum("estimated_obc_population"))
        .order_by("-obc_population", "province__name")
    )
    labels = dict(EthnolinguisticGroup.choices)
    by_group = [
        {
            "code": row["primary_ethnolinguistic_group"],
            "label": str(labels.get(row["primary_ethnolinguistic_group"])),
            "communities": row["communities"],
            "obc_population": row["obc_population"] or 0,
        }
        for row in qs.values("primary_ethnolinguistic_group")
        .annotate(communities=Count("pk"), obc_population=Sum("estimated_obc_population"))
        .order_by("-obc_population")
    ]
    access = [
        {
            "field": field,
            "label": label,
            "average": round(totals.pop(f"avg_{field}"), 2) if totals.get(f"avg_{field}") is not None else None,
            "rated": totals.pop(f"rated_{field}"),
        }
        for field, label in ACCESS_FIELDS
    ]
    for key in list(totals):
        if key.startswith("avg_"):
            totals.pop(key)
    for key in ("obc_population", "households", "families"):
        totals[key] = totals[key] or 0
    return {
        "totals": totals,
        "by_province": [
            {
                "code": r["province__code"],
                "name": province_label(r["province__name"], r["province__kind"]),
                "communities": r["communities"],
                "obc_population": r["obc_population"] or 0,
            }
            for r in by_province
        ],
        "by_ethnolinguistic_group": by_group,
        "access": access,
    }


def _statistics_from_rollups(user) -> dict:
    if not permission_allows(user, BarangayOBC, "view"):
        rows = []
    else:
        rows = ProvincialCoverage.objects.filter(community_count__gt=0)
        if not has_national_scope(user):
            rows = rows.filter(area_q(user, "province"))
        rows = list(
            rows.order_by().values(
                "province__code",
                "province__name",
                "province__kind",
                "community_count",
                "barangay_count",
                "municipality_count",
                "attributed_obc_population",
                "households",
                "families",
                "breakdown",
            )
        )
    totals = {
        "communities": sum(r["community_count"] for r in rows),
        "obc_population": sum(r["attributed_obc_population"] for r in rows),
        "households": sum(r["households"] for r in rows),
        "families": sum(r["families"] for r in rows),
        "provinces": len(rows),
        "municipalities": sum(r["municipality_count"] for r in rows),
        "barangays": sum(r["barangay_count"] for r in rows),
    }
    by_province = sorted(
        (
            {
                "code": r["province__code"],
                "name": province_label(r["province__name"], r["province__kind"]),
                "communities": r["community_count"],
                "obc_population": r["attributed_obc_population"],
            }
            for r in rows
        ),
        key=lambda r: (-r["obc_population"], r["name"]),
    )
    groups: dict[str, list[int]] = {}
    access: dict[str, list[int]] = {field: [0, 0] for field, _ in ACCESS_FIELDS}
    for r in rows:
        for code, (count, population) in (r["breakdown"] or {}).get("groups", {}).items():
            figures = groups.setdefault(code, [0, 0])
            figures[0] += count
            figures[1] += population
        for field, (total, rated) in (r["breakdown"] or {}).get("access", {}).items():
            if field in access:
                access[field][0] += total
                access[field][1] += rated
    labels = dict(EthnolinguisticGroup.choices)
    by_group = sorted(
        (
            {"code": code, "label": str(labels.get(code)), "communities": count, "obc_population": population}
            for code, (count, population) in groups.items()
        ),
        key=lambda r: -r["obc_population"],
    )
    return {
        "totals": totals,
        "by_province": by_province,
        "by_ethnolinguistic_group": by_group,
        "access": [
            {
                "field": field,
                "label": label,
                "average": round(access[field][0] / access[field][1], 2) if access[field][1] else None,
                "rated": access[field][1],
            }
            for field, label in ACCESS_FIELDS
        ],
    }


def map_points(user, queryset=None, limit: int = MAX_MAP_POINTS) -> list[dict]:
    """Compact marker data for the communities map: [id, obc id, name, lat, lng, population]."""
    qs = visible_communities(user) if queryset is None else queryset
    rows = (
        qs.filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("obc_id")
        .values_list(
            "pk", "obc_id", "barangay__name", "purok_sitio", "latitude", "longitude", "estimated_obc_population"
        )[:limit]
    )
    return [
        {
            "id": pk,
            "obc_id": obc_id,
            "name": f"{purok}, {name}" if purok else name,
            "lat": round(lat, 5),
            "lng": round(lng, 5),
            "population": pop,
        }
        for pk, obc_id, name, purok, lat, lng, pop in rows
    ]


def change_history(obj, limit: int = 50):
    """Audit-log entries of one record, newest first, with their actors."""
    content_type = ContentType.objects.get_for_model(obj.__class__)
    return list(
        LogEntry.objects.filter(content_type=content_type, object_pk=str(obj.pk))
        .select_related("actor")
        .order_by("-timestamp")[:limit]
    )


def leaders_for(user, community):
    return CommunityLeader.objects.for_user(user, "view").filter(community=community)
