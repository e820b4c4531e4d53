"""Who does what where (3W): organizations × sectors × areas, counting the active partnerships and
the engagements of a period, read through ``for_counts`` (``for_user``, or the area rule alone for
roles that see only aggregates). A handful of grouped queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone

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


@dataclass
class Row:
    organization: Organization
    area: object  # Region / Province / Municipality, or None (not at this level: region-wide or nationwide)
    partnerships: int = 0
    engagements: int = 0
    sectors: list[str] = field(default_factory=list)


@dataclass
class Matrix:
    rows: list[Row]
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

    counts: dict[tuple[int, int | None], list[int]] = defaultdict(lambda: [0, 0])
    through = Engagement.organizations.through.objects.filter(engagement__in=engagements.values("pk"))
    for row in through.values("organization_id", area=F(f"engagement__{level}_id")).annotate(
        n=Count("engagement_id", distinct=True)
    ):
        counts[(row["organization_id"], row["area"])][1] += row["n"]

    parties = PartnershipParty.objects.filter(partnership__in=partnerships.values("pk"))
    area_path = f"partnership__areas__{level}_id"
    area_filter = Q()
    if province:
        area_filter = Q(partnership__areas__province=province)
    elif region:
        area_filter = Q(partnership__areas__region=region)
    for row in (
        parties.filter(area_filter)
        .values("organization_id", area=F(area_path))
        .annotate(n=Count("partnership_id", distinct=True))
    ):
        counts[(row["organization_id"], row["area"])][0] += row["n"]

    org_ids = {org_id for org_id, _ in counts}
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
    area_ids = {area for _, area in counts if area is not None}
    areas = LEVELS[level].objects.in_bulk(area_ids)

    rows = []
    for (org_id, area_id), (n_partnerships, n_engagements) in counts.items():
        if org_id not in orgs:
            continue
        rows.append(Row(orgs[org_id], areas.get(area_id), n_partnerships, n_engagements, sorted(sectors[org_id])))
    rows.sort(key=lambda r: (r.organization.name, r.area.name if r.area else ""))

    by_sector: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    present: dict[int, set] = defaultdict(set)
    for r in rows:
        area_name = r.area.name if r.area else "Not at this level"
        for s in r.sectors or ["(no sector recorded)"]:
            by_sector[s][area_name].add(r.organization.pk)
        if r.area is not None:
            present[r.area.pk].add(r.organization.pk)
    presence = [(areas[pk], len(ids)) for pk, ids in present.items() if getattr(areas[pk], "latitude", None)]
    return Matrix(
        rows=rows, level=level, start=start, end=end,
        by_sector={s: {a: len(ids) for a, ids in cells.items()} for s, cells in sorted(by_sector.items())},
        presence=sorted(presence, key=lambda x: x[0].name),
    )  # fmt: skip
