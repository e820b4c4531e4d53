"""Exports of the municipal and provincial coverage lists (Excel/CSV), with the list page's filters.

The lists are small (at most one row per city/municipality or province), so the file is built in
the request, through the shared writers of ``common.exports``, from the same FilterSet and
``for_user`` queryset as the page. The curated "focal persons" text holds personal data and is
left out; the figures, LGU agreements and notes are included.
"""

from __future__ import annotations

from operator import itemgetter
from types import SimpleNamespace

from django.http import QueryDict
from django.utils import timezone

from common.exports import DATE, INTEGER, TEXT, ExportColumn, export_filename, write_csv, write_xlsx
from common.formatting import display_datetime
from communities.exports import FORMATS, ExportError
from communities.filters import MunicipalCoverageFilterSet, ProvincialCoverageFilterSet
from communities.models import MunicipalCoverage, ProvincialCoverage

KINDS = {
    "municipal": (MunicipalCoverage, MunicipalCoverageFilterSet, "municipality", "Municipal coverage"),
    "provincial": (ProvincialCoverage, ProvincialCoverageFilterSet, "province", "Provincial coverage"),
}


def _key(header, key, kind=TEXT, width=None) -> ExportColumn:
    return ExportColumn(header, itemgetter(key), kind=kind, width=width, key=key)


def coverage_columns(kind: str) -> list[ExportColumn]:
    if kind == "municipal":
        area = [
            _key("City/municipality PSGC code", "municipality__code", width=14),
            _key("City/municipality", "municipality__name", width=26),
            _key("Province", "municipality__province__name", width=26),
            _key("Region", "municipality__province__region__name", width=28),
        ]
    else:
        area = [
            _key("Province/HUC PSGC code", "province__code", width=14),
            _key("Province/HUC", "province__name", width=30),
            _key("Region", "province__region__name", width=28),
            _key("Cities/municipalities with OBCs", "municipality_count", INTEGER),
        ]
    return [
        *area,
        _key("Communities", "community_count", INTEGER),
        _key("Barangays", "barangay_count", INTEGER),
        _key("OBC population (profiles)", "attributed_obc_population", INTEGER),
        _key("Curated OBC population estimate", "curated_obc_population", INTEGER),
        _key("Households", "households", INTEGER),
        _key("Families", "families", INTEGER),
        _key("LGU agreements", "lgu_agreements", width=40),
        _key("Notes", "notes", width=40),
        _key("Rolled up", "rolled_up_at", DATE),
    ]


def filtered_coverage(user, kind: str, params: dict):
    """The rows the coverage list page shows ``user`` for ``params`` (through for_user)."""
    model, filterset_class, area, _ = KINDS[kind]
    data = QueryDict(mutable=True)
    for key, value in params.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    filterset = filterset_class(data, queryset=model.objects.for_user(user, "view"), request=SimpleNamespace(user=user))
    if not filterset.is_valid():
        problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items())
        raise ExportError(f"The filters are not valid ({problems}).")
    return filterset.qs.order_by(f"{area}__name", "pk")


def build_coverage_export(*, user, kind: str, params: dict, fmt: str):
    """(filename, temporary file) of the filtered municipal or provincial coverage list."""
    if kind not in KINDS:
        raise ExportError(f"Unknown coverage list {kind!r}.")
    if fmt not in FORMATS:
        raise ExportError(f"Unknown export format {fmt!r}; choose Excel or CSV.")
    columns = coverage_columns(kind)
    queryset = filtered_coverage(user, kind, params)
    rows = queryset.values(*(c.key for c in columns)).iterator(chunk_size=2000)
    if fmt == "xlsx":
        about = {
            "Export": KINDS[kind][3],
            "Exported by": f"{user} ({user.username})",
            "Exported at": f"{display_datetime(timezone.now())} (Asia/Manila)",
            "Filters": ", ".join(f"{k}={v}" for k, v in sorted(params.items())) or "none (all of your areas)",
            "Rows": f"{queryset.count():,}",
            "Personal data": "not included (focal persons are left out)",
        }
        file = write_xlsx(columns, rows, about=about)
    else:
        file = write_csv(columns, rows)
    return export_filename(f"{kind}-coverage", fmt), file
