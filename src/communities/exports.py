"""Exports of barangay OBC profiles (issue #3, item 6): the filtered list to Excel/CSV.

The rows are ``BarangayOBC.objects.for_user(user)`` filtered by the same ``BarangayOBCFilterSet``
the list page uses, with the filters taken from the page's query string. Column headings are the
import's, so an exported file can be edited and imported back. Contacts and leaders (personal
data) are included only under the personal-data rule (``common.personal_data``), which logs the export.

Small exports are sent straight away; larger ones run as a background job
(``communities.export_list``, registered in ``communities.jobs``).
"""

from __future__ import annotations

from operator import itemgetter
from types import SimpleNamespace

from django.http import QueryDict

from common import personal_data
from common.exports import DATE, DECIMAL, INTEGER, TEXT, ExportColumn, export_filename, write_csv, write_xlsx
from common.formatting import display_datetime
from common.imports.columns import label_of
from communities.models import BarangayOBC, CommunityLeader
from communities.services import EDITABLE_FIELDS

FORMATS = {"xlsx": "Excel", "csv": "CSV"}
#: Lists up to this many rows are exported in the request; larger ones run as a background job.
DIRECT_EXPORT_MAX_ROWS = 1000
#: Query-string keys that are not filters.
NON_FILTER_KEYS = {"format", "page", "sort", "per_page", "purpose"}


class ExportError(ValueError):
    """Filters that do not validate; the message says which."""


def filter_params(query: QueryDict | dict) -> dict:
    """The list page's filters from a query string, as a JSON-friendly dict (ids/codes only)."""
    if isinstance(query, QueryDict):
        items = {key: query.getlist(key) for key in query}
    else:
        items = {key: value if isinstance(value, list) else [value] for key, value in query.items()}
    return {
        key: values[0] if len(values) == 1 else values
        for key, values in items.items()
        if key not in NON_FILTER_KEYS and any(str(v).strip() for v in values)
    }


def filtered_communities(user, params: dict):
    """The communities the list page would show ``user`` for ``params`` (always through for_user)."""
    from communities.filters import BarangayOBCFilterSet

    data = QueryDict(mutable=True)
    for key, value in params.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    queryset = BarangayOBC.objects.for_user(user, "view").with_location()
    filterset = BarangayOBCFilterSet(data, queryset=queryset, request=SimpleNamespace(user=user))
    if not filterset.is_valid():
        problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items())
        raise ExportError(f"The filters are not valid ({problems}).")
    return filterset.qs.order_by("province__name", "municipality__name", "barangay__name", "purok_sitio", "pk")


# --- columns ------------------------------------------------------------------------------------


def _field_column(field) -> ExportColumn:
    """Rows are dicts from ``values()`` (no model instances: ~25% of the time at 5,000 rows)."""
    name = field.name
    if getattr(field, "choices_enum", None) is not None:
        labels = dict(field.choices_enum.choices)
        return ExportColumn(
            label_of(field), lambda r, n=name, lb=labels: "; ".join(str(lb.get(v, v)) for v in r[n] or []), key=name
        )
    if field.choices:
        labels = {value: str(label) for value, label in field.flatchoices}
        return ExportColumn(label_of(field), lambda r, n=name, lb=labels: lb.get(r[n]) or None, key=name)
    internal = field.get_internal_type()
    kind = {
        "PositiveIntegerField": INTEGER, "PositiveSmallIntegerField": INTEGER, "IntegerField": INTEGER,
        "FloatField": DECIMAL, "DateField": DATE,
    }.get(internal, TEXT)  # fmt: skip
    width = 50 if internal == "TextField" else None
    return ExportColumn(label_of(field), itemgetter(name), kind=kind, width=width, key=name)


def _leaders(row) -> str:
    parts = []
    for leader in row.get("export_leaders", ()):
        details = ", ".join(x for x in (leader.get_role_display(), leader.position, leader.phone, leader.email) if x)
        parts.append(f"{leader.name} ({details})" if details else leader.name)
    return "; ".join(parts)


def _key(header, key, **kwargs) -> ExportColumn:
    return ExportColumn(header, itemgetter(key), key=key, **kwargs)


def list_columns(*, personal: bool) -> list[ExportColumn]:
    columns = [
        _key("OBC ID", "obc_id", width=18),
        _key("Barangay PSGC code", "barangay__code", width=14),
        _key("Region", "province__region__name", width=28),
        _key("Province", "province__name", width=24),
        _key("City/Municipality", "municipality__name", width=24),
        _key("Barangay", "barangay__name", width=22),
        _key("Total barangay population", "total_barangay_population", kind=INTEGER),
    ]
    columns += [_field_column(f) for f in BarangayOBC._meta.concrete_fields if f.name in EDITABLE_FIELDS]
    columns += [_key("Created", "created_at", kind=DATE), _key("Last updated", "updated_at", kind=DATE)]
    if personal:
        columns.append(ExportColumn("Leaders and contacts", _leaders, width=60))
    return columns


def _rows(queryset, columns, personal: bool, chunk: int = 2000, counter: dict | None = None):
    """The rows as dicts, streamed; with ``personal``, each carries ``export_leaders`` (one query
    per chunk) and ``counter["leaders"]`` counts the leaders written."""
    keys = ["pk", *(c.key for c in columns if c.key)]
    rows = queryset.values(*keys).iterator(chunk_size=chunk)
    if not personal:
        yield from rows
        return
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == chunk:
            yield from _with_leaders(batch, counter)
            batch = []
    yield from _with_leaders(batch, counter)


def _with_leaders(batch, counter=None):
    by_community = {row["pk"]: [] for row in batch}
    for leader in CommunityLeader.objects.filter(community_id__in=by_community).order_by("-is_primary_contact", "name"):
        by_community[leader.community_id].append(leader)
        if counter is not None:
            counter["leaders"] += 1
    for row in batch:
        row["export_leaders"] = by_community[row["pk"]]
    return batch


def _about(user, params: dict, count: int, personal: bool) -> dict:
    from django.utils import timezone

    return {
        "Export": "Barangay OBC profiles",
        "Exported by": f"{user} ({user.username})",
        "Exported at": f"{display_datetime(timezone.now())} (Asia/Manila)",
        "Filters": ", ".join(f"{k}={v}" for k, v in sorted(params.items())) or "none (all communities in your areas)",
        "Rows": f"{count:,}",
        "Personal data": "included (leaders and contacts)" if personal else "not included",
        "Areas": "limited to the areas assigned to the user who exported",
    }


def build_list_export(*, user, params: dict, fmt: str, progress=None, purpose: str = "", job=None):
    """(filename, temporary file) of the filtered list in ``fmt`` ("xlsx" or "csv") for ``user``.

    Leaders and contacts are included under the personal-data rule; an export that includes any is
    logged (``job``: the background job that ran it)."""
    if fmt not in FORMATS:
        raise ExportError(f"Unknown export format {fmt!r}; choose Excel or CSV.")
    queryset = filtered_communities(user, params)
    personal = personal_data.can_view(user, CommunityLeader)
    columns = list_columns(personal=personal)
    count = queryset.count()
    counter = {"leaders": 0}
    rows = _rows(queryset, columns, personal, counter=counter)
    if progress:
        progress(0, count)
    if fmt == "xlsx":
        file = write_xlsx(columns, rows, about=_about(user, params, count, personal), progress=progress)
    else:
        file = write_csv(columns, rows, progress=progress)
    if counter["leaders"]:
        personal_data.log_export(
            user=user, model=CommunityLeader, rows=counter["leaders"], channel="job" if job else "download",
            file_format=fmt, description=f"Leaders and contacts of {count:,} barangay OBCs (list export)",
            purpose=purpose, filters=", ".join(f"{k}={v}" for k, v in sorted(params.items())), job=job,
        )  # fmt: skip
    return export_filename("barangay-obcs", fmt), file
