"""Reads of the administrative hierarchy shared by pages and the API."""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, Sum

from common.models import Barangay, Municipality, Province, Region
from common.services.hierarchy import GEO_VERSION_KEY


def geography_version() -> str:
    return cache.get(GEO_VERSION_KEY) or "0"


def coverage_summary() -> dict:
    """Figures for OOBC's coverage regions (IX, X, XI, XII, Caraga, MIMAROPA), cached per hierarchy load."""
    key = f"coverage-summary:{geography_version()}"
    summary = cache.get(key)
    if summary is None:
        summary = _compute_coverage_summary(settings.OOBC_COVERAGE_REGION_CODES)
        cache.set(key, summary, 3600)
    return summary


def _compute_coverage_summary(region_codes) -> dict:
    regions = list(
        Region.objects.filter(code__in=region_codes)
        .annotate(
            province_count=Count("provinces", filter=~Q(provinces__kind=Province.Kind.HUC), distinct=True),
            huc_count=Count("provinces", filter=Q(provinces__kind=Province.Kind.HUC), distinct=True),
        )
        .values("code", "name", "short_name", "population", "province_count", "huc_count")
    )
    muni = dict(
        Municipality.objects.for_cascade()
        .filter(province__region__code__in=region_codes)
        .values_list("province__region__code")
        .annotate(n=Count("pk"))
    )
    brgy = dict(
        Barangay.objects.filter(municipality__province__region__code__in=region_codes)
        .values_list("municipality__province__region__code")
        .annotate(n=Count("pk"))
    )
    for r in regions:
        r["municipality_count"] = muni.get(r["code"], 0)
        r["barangay_count"] = brgy.get(r["code"], 0)
    totals = {
        "regions": len(regions),
        "provinces": sum(r["province_count"] for r in regions),
        "hucs": sum(r["huc_count"] for r in regions),
        "municipalities": sum(r["municipality_count"] for r in regions),
        "barangays": sum(r["barangay_count"] for r in regions),
        "population": sum(r["population"] or 0 for r in regions),
        "barangay_population": Barangay.objects.filter(municipality__province__region__code__in=region_codes).aggregate(
            total=Sum("population")
        )["total"]
        or 0,
    }
    return {"regions": regions, "totals": totals}
