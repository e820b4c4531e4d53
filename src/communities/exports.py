"""Exports of barangay OBC profiles (issue #3, item 6): the filtered list to Excel/CSV.

The rows are ``BarangayOBC.objects.for_user(user)`` filtered by the same ``BarangayOBCFilterSet``
the list page uses, with the filters taken from the page's query string. Column headings are the
import's, so an exported file can be edited and imported back. Contacts and leaders (personal
data) are included only for users who may see personal data.

Small exports are sent straight away; larger ones run as a background job
(``communities.export_list``, registered in ``communities.jobs``).
"""

from __future__ import annotations

from types import SimpleNamespace

from django.http import QueryDict

from common.access import can_view_personal_data
from common.exports import DATE, DECIMAL, INTEGER, TEXT, ExportColumn, export_filename, write_csv, write_xlsx
from common.imports.columns import label_of
from communities.models import BarangayOBC, CommunityLeader
from communities.services import EDITABLE_FIELDS

FORMATS = {"xlsx": "Excel", "csv": "CSV"}
#: Lists up to this many rows are exported in the request; larger ones run as a background job.
DIRECT_EXPORT_MAX_ROWS = 1000
#: Query-string keys that are not filters.
NON_FILTER_KEYS = {"format", "page", "sort", "per_page"}


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
    name = field.name
    if getattr(field, "choices_enum", None) is not None:
        labels = dict(field.choices_enum.choices)
        return ExportColumn(
            label_of(field), lambda o, n=name, lb=labels: "; ".join(str(lb.get(v, v)) for v in getattr(o, n) or [])
        )
    if field.choices:
        # A dict lookup: get_FOO_display() costs ~20x more, which shows at 5,000 rows x 80 columns.
        labels = {value: str(label) for value, label in field.flatchoices}
        return ExportColumn(label_of(field), lambda o, n=name, lb=labels: lb.get(getattr(o, n)) or None)
    internal = field.get_internal_type()
    kind = {
        "PositiveIntegerField": INTEGER, "PositiveSmallIntegerField": INTEGER, "IntegerField": INTEGER,
        "FloatField": DECIMAL, "DateField": DATE,
    }.get(internal, TEXT)  # fmt: skip
    width = 50 if internal == "TextField" else None
    return ExportColumn(label_of(field), lambda o, n=name: getattr(o, n), kind=kind, width=width)


def _leaders(community) -> str:
    parts = []
    for leader in getattr(community, "export_leaders", ()):
        details = ", ".join(x for x in (leader.get_role_display(), leader.position, leader.phone, leader.email) if x)
        parts.append(f"{leader.name} ({details})" if details else leader.name)
    return "; ".join(parts)


def list_columns(*, personal: bool) -> list[ExportColumn]:
    columns = [
        ExportColumn("OBC ID", lambda o: o.obc_id, width=18),
        ExportColumn("Barangay PSGC code", lambda o: o.barangay.code, width=14),
        ExportColumn("Region", lambda o: o.province.region.name, width=28),
        ExportColumn("Province", lambda o: o.province.name, width=24),
        ExportColumn("City/Municipality", lambda o: o.municipality.name, width=24),
        ExportColumn("Barangay", lambda o: o.barangay.name, width=22),
        ExportColumn("Total barangay population", lambda o: o.total_barangay_population, kind=INTEGER),
    ]
    columns += [_field_column(f) for f in BarangayOBC._meta.concrete_fields if f.name in EDITABLE_FIELDS]
    columns += [
        ExportColumn("Created", lambda o: o.created_at, kind=DATE),
        ExportColumn("Last updated", lambda o: o.updated_at, kind=DATE),
    ]
    if personal:
        columns.append(ExportColumn("Leaders and contacts", _leaders, width=60))
    return columns


def _rows(queryset, personal: bool, chunk: int = 2000):
    """The rows, streamed; with ``personal``, each carries ``export_leaders`` (one query per chunk,
    cheaper than prefetch_related's per-instance bookkeeping at this size)."""
    if not personal:
        yield from queryset.iterator(chunk_size=chunk)
        return
    batch = []
    for community in queryset.iterator(chunk_size=chunk):
        batch.append(community)
        if len(batch) == chunk:
            yield from _with_leaders(batch)
            batch = []
    yield from _with_leaders(batch)


def _with_leaders(batch):
    by_community = {c.pk: [] for c in batch}
    for leader in CommunityLeader.objects.filter(community_id__in=by_community).order_by("-is_primary_contact", "name"):
        by_community[leader.community_id].append(leader)
    for community in batch:
        community.export_leaders = by_community[community.pk]
    return batch


def _about(user, params: dict, count: int, personal: bool) -> dict:
    from django.utils import timezone

    return {
        "Export": "Barangay OBC profiles",
        "Exported by": f"{user} ({user.username})",
        "Exported at": f"{timezone.localtime():%Y-%m-%d %H:%M} (Asia/Manila)",
        "Filters": ", ".join(f"{k}={v}" for k, v in sorted(params.items())) or "none (all communities in your areas)",
        "Rows": f"{count:,}",
        "Personal data": "included (leaders and contacts)" if personal else "not included",
        "Areas": "limited to the areas assigned to the user who exported",
    }


def build_list_export(*, user, params: dict, fmt: str, progress=None):
    """(filename, temporary file) of the filtered list in ``fmt`` ("xlsx" or "csv") for ``user``."""
    if fmt not in FORMATS:
        raise ExportError(f"Unknown export format {fmt!r}; choose Excel or CSV.")
    queryset = filtered_communities(user, params)
    personal = can_view_personal_data(user)
    columns = list_columns(personal=personal)
    count = queryset.count()
    if progress:
        progress(0, count)
    if fmt == "xlsx":
        file = write_xlsx(columns, _rows(queryset, personal), about=_about(user, params, count, personal),
                          progress=progress)  # fmt: skip
    else:
        file = write_csv(columns, _rows(queryset, personal), progress=progress)
    return export_filename("barangay-obcs", fmt), file
