"""Who does what where (3W): organizations × sectors × areas, counting the active partnerships and
the engagements of a period, read through ``for_counts`` (``for_user``, or the area rule alone for
roles that see only aggregates). A handful of grouped queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from common.exports import INTEGER, ExportColumn, write_xlsx
from common.models import Municipality, Province, Region
from coordination.models import (
    Engagement,
    Organization,
    OrganizationSector,
    Partnership,
    PartnershipParty,
    Sector,
)

LEVELS = {"region": Region, "province": Province, "municipality": Municipality}
#: Partnerships count when they were in force during the period.
IN_FORCE = (Partnership.Status.ACTIVE, Partnership.Status.COMPLETED, Partnership.Status.EXPIRED)


@dataclass(slots=True)
class Row:
    organization: Organization
    area: object  # Region / Province / Municipality, or None (not at this level: region-wide or nationwide)
    partnerships: int = 0
    engagements: int = 0
    sectors: list[str] = field(default_factory=list)


class Rows(Sequence):
    """The matrix rows in order, each made when read (indexing, slicing, iterating)."""

    def __init__(self, cells, orgs, areas, n_partnerships, n_engagements, sectors):
        self._cells, self._orgs, self._areas = cells, orgs, areas
        self._n_partnerships, self._n_engagements, self._sectors = n_partnerships, n_engagements, sectors

    def _row(self, key) -> Row:
        org_id, area_id = key
        return Row(
            self._orgs[org_id], self._areas.get(area_id), self._n_partnerships.get(key, 0),
            self._n_engagements.get(key, 0), self._sectors.get(org_id, []),
        )  # fmt: skip

    def __len__(self) -> int:
        return len(self._cells)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._row(key) for key in self._cells[index]]
        return self._row(self._cells[index])

    def __eq__(self, other) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None


@dataclass
class Matrix:
    rows: Rows
    level: str
    start: dt.date
    end: dt.date
    #: {sector label: {area name: number of organizations present}}
    by_sector: dict[str, dict[str, int]]
    #: [(area, organizations present)] for the map (areas with a centroid)
    presence: list[tuple[object, int]]


def build_matrix(
    user, *, start: dt.date, end: dt.date, level: str = "province", region=None, province=None, sector: str = ""
) -> Matrix:
    if level not in LEVELS:
        raise ValueError(f"Unknown level {level!r}")
    tz = timezone.get_current_timezone()
    engagements = (
        Engagement.objects.for_counts(user)
        .filter(
            starts_at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=tz),
            starts_at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
        )
        .exclude(status=Engagement.Status.CANCELLED)
    )
    if province:
        engagements = engagements.filter(province=province)
    elif region:
        engagements = engagements.filter(region=region)
    partnerships = (
        Partnership.objects.for_counts(user)
        .filter(status__in=IN_FORCE)
        .filter(
            Q(effective_date__isnull=True) | Q(effective_date__lte=end),
            Q(expiry_date__isnull=True) | Q(expiry_date__gte=start),
        )
    )

    # One int per (organization, area) in two dicts: a year of all six regions is tens of thousands of
    # cells, and every container kept alive while they are built makes the garbage collector walk them.
    n_engagements: dict[tuple[int, int | None], int] = {}
    n_partnerships: dict[tuple[int, int | None], int] = {}
    through = Engagement.organizations.through.objects.filter(engagement__in=engagements.values("pk"))
    # The through table is unique on (engagement, organization) and an engagement has one place, so a
    # plain count is the number of engagements (COUNT(DISTINCT) needed a second temporary B-tree).
    for org_id, area_id, n in (
        through.values_list("organization_id", f"engagement__{level}_id")
        .annotate(n=Count("engagement_id"))
        .iterator(chunk_size=5000)
    ):
        key = (org_id, area_id)
        n_engagements[key] = n_engagements.get(key, 0) + n

    parties = PartnershipParty.objects.filter(partnership__in=partnerships.values("pk"))
    area_path = f"partnership__areas__{level}_id"
    area_filter = Q()
    if province:
        area_filter = Q(partnership__areas__province=province)
    elif region:
        area_filter = Q(partnership__areas__region=region)
    for org_id, area_id, n in (
        parties.filter(area_filter)
        .values_list("organization_id", area_path)
        .annotate(n=Count("partnership_id", distinct=True))
        .iterator(chunk_size=5000)
    ):
        key = (org_id, area_id)
        n_partnerships[key] = n_partnerships.get(key, 0) + n

    cells = list(dict.fromkeys([*n_engagements, *n_partnerships]))  # engagements first, as before
    org_ids = {org_id for org_id, _ in cells}
    orgs = Organization.objects.for_user(user).filter(pk__in=org_ids)
    if sector:
        orgs = orgs.filter(sector_rows__sector=sector)
    orgs = {o.pk: o for o in orgs.only("name", "acronym", "org_type")}
    sectors = defaultdict(list)
    labels = dict(Sector.choices)
    for org_id, s in OrganizationSector.objects.filter(organization_id__in=orgs).values_list(
        "organization_id", "sector"
    ):
        sectors[org_id].append(labels.get(s, s))
    # Sorted once per organization; the rows of one organization share the list (read only).
    sorted_sectors = {org_id: sorted(names) for org_id, names in sectors.items()}
    area_ids = {area for _, area in cells if area is not None}
    areas = LEVELS[level].objects.in_bulk(area_ids)

    # Rows are made when read (a page of 100, or the export): a year of all six regions is tens of
    # thousands of cells, and that many objects kept alive made the garbage collector walk the heap.
    cells = [key for key in cells if key[0] in orgs]
    org_names = {pk: org.name for pk, org in orgs.items()}
    area_names = {pk: area.name for pk, area in areas.items()}
    cells.sort(key=lambda key: (org_names[key[0]], area_names[key[1]] if key[1] is not None else ""))
    rows = Rows(cells, orgs, areas, n_partnerships, n_engagements, sorted_sectors)

    by_sector: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    present: dict[int, set] = defaultdict(set)
    no_sector = ["(no sector recorded)"]
    for org_id, area_id in cells:
        if area_id is None:
            for s in sorted_sectors.get(org_id) or no_sector:
                by_sector[s]["Not at this level"].add(org_id)
        else:
            for s in sorted_sectors.get(org_id) or no_sector:
                by_sector[s][area_names[area_id]].add(org_id)
            present[area_id].add(org_id)
    presence = [(areas[pk], len(ids)) for pk, ids in present.items() if getattr(areas[pk], "latitude", None)]
    return Matrix(
        rows=rows, level=level, start=start, end=end,
        by_sector={s: {a: len(ids) for a, ids in cells.items()} for s, cells in sorted(by_sector.items())},
        presence=sorted(presence, key=lambda x: x[0].name),
    )  # fmt: skip


def matrix_params(user, query) -> dict:
    """``build_matrix``'s arguments from a query (the page's GET, or an export job's stored filters):
    the period (this calendar year by default, at most ten years), level, region/province among the
    user's areas, sector. Unknown values fall back to the defaults."""
    today = timezone.localdate()
    try:
        start = dt.date.fromisoformat(query.get("start") or "")
    except ValueError:
        start = today.replace(month=1, day=1)
    try:
        end = dt.date.fromisoformat(query.get("end") or "")
    except ValueError:
        end = today.replace(month=12, day=31)
    level = query.get("level") if query.get("level") in LEVELS else "province"
    region = Region.objects.for_user(user).filter(code=query.get("region") or "-").first()
    province = Province.objects.for_user(user).filter(code=query.get("province") or "-").first()
    sector = query.get("sector") if query.get("sector") in Sector.values else ""
    return {"start": start, "end": min(end, start + dt.timedelta(days=3660)), "level": level, "region": region,
            "province": province, "sector": sector}  # fmt: skip


def write_matrix_xlsx(user, query, *, progress=None):
    """The matrix for ``user`` and ``query`` as an .xlsx (sheet "3W", and "About" with the period and filters)."""
    matrix = build_matrix(user, **matrix_params(user, query))
    columns = [
        ExportColumn("Organization", lambda r: r.organization.name, width=40),
        ExportColumn("Acronym", lambda r: r.organization.acronym),
        ExportColumn("Type", lambda r: r.organization.get_org_type_display()),
        ExportColumn("Sectors", lambda r: "; ".join(r.sectors), width=35),
        ExportColumn(LEVELS[matrix.level]._meta.verbose_name.title(), lambda r: r.area.name if r.area else "—"),
        ExportColumn("Active partnerships", lambda r: r.partnerships, INTEGER),
        ExportColumn("Engagements", lambda r: r.engagements, INTEGER),
    ]
    filters = "; ".join(f"{key} = {value}" for key, value in query.items()) or "none"
    about = {"Export": "Who does what where (3W)", "Period": f"{matrix.start} to {matrix.end}",
             "Exported by": str(user), "Filters": filters}  # fmt: skip
    if progress:
        progress(0, len(matrix.rows))
    return write_xlsx(columns, matrix.rows, sheet_name="3W", about=about, progress=progress)
