"""Municipal and provincial coverage: the ONE roll-up, and edits to the curated fields.

``recompute_coverage`` is the only code that writes the rolled-up figures. The community
services call it inside the transaction of every create, edit, soft delete, restore and move,
with the areas before and after the change, so the totals can never drift or double count:
each figure is recomputed from the live profiles, never incremented.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, Sum, prefetch_related_objects
from django.utils import timezone

from common.appkit.concurrency import apply_changes, lock_for_edit, save_changes
from common.audit import log_bulk
from common.bulk import update_rows
from common.models import Province
from communities.models import ROLLUP_FIELDS, BarangayOBC, MunicipalCoverage, ProvincialCoverage
from communities.models.choices import ACCESS_FIELDS

CURATED_FIELDS = ("curated_obc_population", "focal_persons", "lgu_agreements", "notes")


def lock_province(province: Province) -> ProvincialCoverage:
    """Get (or create) the province's coverage row and lock it until the transaction ends.

    Serialises writers within one province, so OBC ids and roll-ups never race.
    """
    ProvincialCoverage.objects.get_or_create(province=province)
    return ProvincialCoverage.objects.select_for_update().get(province=province)


def _totals(queryset, group_by: str) -> dict[int, dict]:
    rows = (
        queryset.values(group_by)
        .order_by()
        .annotate(
            community_count=Count("pk"),
            barangay_count=Count("barangay", distinct=True),
            attributed_obc_population=Sum("estimated_obc_population"),
            households=Sum("households"),
            families=Sum("families"),
            municipality_count=Count("municipality", distinct=True),
        )
    )
    return {row.pop(group_by): row for row in rows}


def province_breakdowns(queryset, province_ids) -> dict[int, dict]:
    """Per province: communities and OBC population by primary ethnolinguistic group, and the sum
    and count of each access rating (the dashboard's figures; two grouped queries)."""
    queryset = queryset.filter(province_id__in=province_ids).order_by()
    result = {pk: {"groups": {}, "access": {}} for pk in province_ids}
    for row in queryset.values("province_id", "primary_ethnolinguistic_group").annotate(
        n=Count("pk"), population=Sum("estimated_obc_population")
    ):
        groups = result[row["province_id"]]["groups"]
        groups[row["primary_ethnolinguistic_group"]] = [row["n"], row["population"] or 0]
    aggregates = {}
    for field, _label in ACCESS_FIELDS:
        aggregates[f"{field}__sum"] = Sum(field)
        aggregates[f"{field}__n"] = Count("pk", filter=Q(**{f"{field}__isnull": False}))
    for row in queryset.values("province_id").annotate(**aggregates):
        result[row["province_id"]]["access"] = {
            field: [row[f"{field}__sum"] or 0, row[f"{field}__n"]] for field, _label in ACCESS_FIELDS
        }
    return result


def _apply(record, totals: dict | None, now, extra=()) -> None:
    totals = totals or {}
    for field in ("community_count", "barangay_count", "attributed_obc_population", "households", "families", *extra):
        setattr(record, field, totals.get(field) or 0)
    record.rolled_up_at = now


def _save_rollups(model, records, fields, actor=None) -> None:
    """Write only the rolled-up figures: a curated edit saved at the same moment is never reverted,
    and the record's version (which counts curated edits) stays. Existing records in one UPDATE run
    (an import touches hundreds of municipalities; the audit log excludes these fields, so there is
    nothing to log). New records: with ``actor`` (bulk writers) in one INSERT run, their creation
    logged for ``actor`` as ``save()`` would; without, saved one by one (the audit log takes the
    actor of the request or ``set_actor``)."""
    stored = [r for r in records if r.pk is not None]
    new = [r for r in records if r.pk is None]
    if actor is not None and new:
        new = model.objects.bulk_create(new)
        # The audit entry names the record ("Municipal coverage of X"): read the areas in one query.
        prefetch_related_objects(new, "municipality" if model is MunicipalCoverage else "province")
        log_bulk(actor=actor, pairs=[(None, record, None) for record in new])
    else:
        for record in new:
            record.save()
    update_rows(model, stored, list(fields))


@transaction.atomic
def recompute_coverage(*, municipality_ids: Iterable[int] = (), province_ids: Iterable[int] = (), actor=None) -> None:
    """Recompute the rolled-up figures of the given municipalities and provinces from live profiles.

    Creates the coverage record of an area on first need (when it has at least one community);
    an existing record whose communities are all gone keeps its curated fields and shows zeros.
    Bulk writers pass ``actor`` (their user): new coverage records are then created in one run.
    """
    municipality_ids = {pk for pk in municipality_ids if pk}
    province_ids = {pk for pk in province_ids if pk}
    now = timezone.now()
    live = BarangayOBC.objects.all()

    if municipality_ids:
        totals = _totals(live.filter(municipality_id__in=municipality_ids), "municipality_id")
        records = MunicipalCoverage.objects.filter(municipality_id__in=municipality_ids)
        existing = {c.municipality_id: c for c in records}
        changed = []
        for pk in municipality_ids:
            record = existing.get(pk)
            if record is None:
                if pk not in totals:
                    continue
                record = MunicipalCoverage(municipality_id=pk)
            _apply(record, totals.get(pk), now)
            changed.append(record)
        _save_rollups(MunicipalCoverage, changed, ROLLUP_FIELDS, actor)

    if province_ids:
        totals = _totals(live.filter(province_id__in=province_ids), "province_id")
        breakdowns = province_breakdowns(live, province_ids)
        existing = {c.province_id: c for c in ProvincialCoverage.objects.filter(province_id__in=province_ids)}
        changed = []
        for pk in province_ids:
            record = existing.get(pk)
            if record is None:
                if pk not in totals:
                    continue
                record = ProvincialCoverage(province_id=pk)
            _apply(record, totals.get(pk), now, extra=("municipality_count",))
            record.breakdown = breakdowns[pk]
            changed.append(record)
        _save_rollups(ProvincialCoverage, changed, (*ROLLUP_FIELDS, "municipality_count", "breakdown"), actor)


def recompute_all_coverage() -> None:
    """Recompute every area that has, or had, communities (repair command, imports)."""
    municipality_ids = set(BarangayOBC.all_objects.values_list("municipality_id", flat=True).distinct())
    municipality_ids |= set(MunicipalCoverage.objects.values_list("municipality_id", flat=True))
    province_ids = set(BarangayOBC.all_objects.values_list("province_id", flat=True).distinct())
    province_ids |= set(ProvincialCoverage.objects.values_list("province_id", flat=True))
    recompute_coverage(municipality_ids=municipality_ids, province_ids=province_ids)


def _update_curated(model, *, user, record, fields: dict, expected_revision=None):
    if not model.objects.for_user(user, "change").filter(pk=record.pk).exists():
        raise PermissionDenied("You cannot change coverage outside your areas.")
    lock_for_edit(record, expected_revision=expected_revision)
    changed = apply_changes(record, fields, allowed=CURATED_FIELDS)
    record.full_clean()
    if changed:
        save_changes(record, changed, user=user)
    return record


@transaction.atomic
def update_municipal_coverage(
    *, user, coverage: MunicipalCoverage, expected_revision=None, **fields
) -> MunicipalCoverage:
    """Edit the curated fields of a municipal coverage record (locked, version-checked)."""
    return _update_curated(
        MunicipalCoverage, user=user, record=coverage, fields=fields, expected_revision=expected_revision
    )


@transaction.atomic
def update_provincial_coverage(
    *, user, coverage: ProvincialCoverage, expected_revision=None, **fields
) -> ProvincialCoverage:
    """Edit the curated fields of a provincial coverage record (locked, version-checked)."""
    return _update_curated(
        ProvincialCoverage, user=user, record=coverage, fields=fields, expected_revision=expected_revision
    )
