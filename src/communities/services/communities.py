"""Writes of barangay OBC profiles. Pages, API, imports, the sample-data command and tasks all
call these functions; none of them holds business rules of its own.

Every write:
1. checks the role (model permission) and the area through ``for_user``/``area_q``;
2. sets the total barangay population from the PSGC census figure (input is ignored);
3. validates with ``full_clean`` (the model's rules, e.g. OBC population ≤ total);
4. recomputes the coverage of the areas before and after the change, in the same transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from common.access import area_q, has_national_scope, permission_allows
from common.appkit.concurrency import apply_changes, lock_for_edit, require_in_scope, save_changes
from common.models import Barangay, Province
from communities.models import BarangayOBC

from .coverage import lock_province, recompute_coverage
from .ids import next_obc_ids

#: Fields a caller may set; everything else (obc id, location, census total, audit) is the system's.
EDITABLE_FIELDS = frozenset(
    f.name
    for f in BarangayOBC._meta.concrete_fields
    if f.editable and f.name not in {"id", "barangay", "deleted_at", "deleted_by", "created_by", "updated_by"}
)
#: Fields a caller may send but the system overrides (accepted and ignored, e.g. a forged total).
IGNORED_FIELDS = frozenset({"total_barangay_population", "obc_id", "municipality", "province"})


def barangay_in_user_areas(user, barangay: Barangay) -> bool:
    if has_national_scope(user):
        return True
    return Barangay.objects.filter(pk=barangay.pk).filter(area_q(user, "municipality__province")).exists()


def _require(user, action: str) -> None:
    if not permission_allows(user, BarangayOBC, action):
        raise PermissionDenied(f"Your role cannot {action} barangay OBC records.")


def _require_barangay(user, barangay) -> Barangay:
    if barangay is None:
        raise ValidationError({"barangay": "Choose a barangay."})
    if not isinstance(barangay, Barangay):
        barangay = Barangay.objects.filter(pk=barangay).first()
        if barangay is None:
            raise ValidationError({"barangay": "Choose a barangay from the list."})
    if not barangay_in_user_areas(user, barangay):
        raise ValidationError({"barangay": "This barangay is outside your assigned areas. Choose one in your areas."})
    return barangay


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - EDITABLE_FIELDS - IGNORED_FIELDS
    if unknown:
        raise TypeError(f"Unknown barangay OBC field(s): {', '.join(sorted(unknown))}")


def _set_fields(community: BarangayOBC, fields: dict) -> None:
    _check_fields(fields)
    for name, value in fields.items():
        if name in EDITABLE_FIELDS:
            setattr(community, name, value)


def _check_in_scope(user, community: BarangayOBC, action: str, manager=None) -> None:
    manager = manager or BarangayOBC.objects
    if not manager.for_user(user, action).filter(pk=community.pk).exists():
        raise PermissionDenied("This record is outside your assigned areas or your role.")


@transaction.atomic
def create_community(*, user, barangay, **fields) -> BarangayOBC:
    """Create a barangay OBC profile in one of the user's areas and roll it up."""
    _require(user, "add")
    barangay = _require_barangay(user, barangay)
    community = BarangayOBC(barangay=barangay, created_by=user, updated_by=user)
    _set_fields(community, fields)
    community.sync_location()
    community.full_clean(exclude=["obc_id"])
    lock_province(community.province)
    community.obc_id = next_obc_ids(community.province)[0]
    _save_unique(community)
    require_in_scope(BarangayOBC.objects, user, community, "view")
    recompute_coverage(municipality_ids=[community.municipality_id], province_ids=[community.province_id])
    _link_mana([community])
    return community


@transaction.atomic
def update_community(*, user, community: BarangayOBC, barangay=None, expected_revision=None, **fields) -> BarangayOBC:
    """Edit a profile; giving another ``barangay`` moves it (both old and new areas are recomputed).

    The row is re-read under a lock and checked against ``expected_revision`` (the version the user
    read; ``StaleRecordError`` when someone saved since); only the fields that differ are written.
    ``community`` is refreshed in place and returned.
    """
    _require(user, "change")
    _check_in_scope(user, community, "change")
    lock_for_edit(community, expected_revision=expected_revision, queryset=BarangayOBC.objects)
    before = (community.municipality_id, community.province_id)
    old_barangay_id = community.barangay_id
    changed: list[str] = []
    if barangay is not None and getattr(barangay, "pk", barangay) != community.barangay_id:
        barangay = _require_barangay(user, barangay)
        old = community.barangay
        community.barangay = barangay
        changed += ["barangay", "municipality", "province", "total_barangay_population"]
        # Coordinates that were the old barangay's centroid follow the move.
        if (community.latitude, community.longitude) == (old.latitude, old.longitude):
            community.latitude = community.longitude = None
            changed += ["latitude", "longitude"]
    _check_fields(fields)
    changed += apply_changes(community, {k: v for k, v in fields.items() if k in EDITABLE_FIELDS})
    community.sync_location()
    community.full_clean()
    if not changed:
        return community
    for province in Province.objects.filter(pk__in={before[1], community.province_id}).order_by("pk"):
        lock_province(province)
    _save_unique(community, fields=changed, user=user)
    require_in_scope(BarangayOBC.objects, user, community, "change")
    recompute_coverage(
        municipality_ids=[before[0], community.municipality_id], province_ids=[before[1], community.province_id]
    )
    if community.barangay_id != old_barangay_id:
        _link_mana([community])
    return community


def _link_mana(profiles) -> None:
    """MANA names communities by barangay; point its rows at these (new or moved) profiles."""
    from mana.community import link_new_profiles

    link_new_profiles(profiles)


def _save_unique(community: BarangayOBC, *, fields=None, user=None) -> None:
    """Save; a concurrent write that took the same barangay and purok/sitio becomes a form error."""
    try:
        with transaction.atomic():
            if fields is None:
                community.save()
            else:
                save_changes(community, fields, user=user)
    except IntegrityError as exc:
        raise ValidationError(
            {"purok_sitio": "This barangay already has an OBC record for this purok/sitio (saved a moment ago)."}
        ) from exc


@transaction.atomic
def soft_delete_community(*, user, community: BarangayOBC) -> BarangayOBC:
    """Hide a profile (restorable) and take it out of the roll-ups."""
    _require(user, "delete")
    _check_in_scope(user, community, "delete")
    lock_province(community.province)
    community.soft_delete(user=user)
    recompute_coverage(municipality_ids=[community.municipality_id], province_ids=[community.province_id])
    return community


@transaction.atomic
def restore_community(*, user, community: BarangayOBC) -> BarangayOBC:
    """Bring a soft-deleted profile back (if no live record took its barangay and purok/sitio)."""
    _require(user, "delete")
    _check_in_scope(user, community, "delete", manager=BarangayOBC.all_objects.deleted())
    lock_province(community.province)
    community.deleted_at = None
    community.deleted_by = None
    try:
        community.validate_constraints()
    except ValidationError as exc:
        raise ValidationError(
            "Cannot restore: a live record already exists for this barangay and purok/sitio "
            f"({community.display_name}). Edit or delete that record first."
        ) from exc
    community.restore()
    recompute_coverage(municipality_ids=[community.municipality_id], province_ids=[community.province_id])
    _link_mana([community])
    return community


@transaction.atomic
def bulk_create_communities(*, user, rows: Iterable[dict], batch_size: int = 500) -> list[BarangayOBC]:
    """Create many profiles at once (imports, sample data): the same checks and validation as
    ``create_community``, one ``bulk_create`` and one roll-up. All or nothing: the first invalid
    row raises ``ValidationError`` naming its position and nothing is written.

    Each row is a dict with ``barangay`` (a ``Barangay`` or its pk) and profile fields.
    """
    _require(user, "add")
    rows = list(rows)
    barangay_pks = {getattr(r.get("barangay"), "pk", r.get("barangay")) for r in rows}
    barangays = Barangay.objects.select_related("municipality__parent_city", "municipality__province__region")
    barangays = {b.pk: b for b in barangays.filter(pk__in=barangay_pks)}
    allowed = set(barangays)
    if not has_national_scope(user):
        allowed = set(
            Barangay.objects.filter(pk__in=barangays)
            .filter(area_q(user, "municipality__province"))
            .values_list("pk", flat=True)
        )
    communities = []
    for index, row in enumerate(rows, start=1):
        row = dict(row)
        barangay = row.pop("barangay", None)
        pk = getattr(barangay, "pk", barangay)
        if pk not in barangays:
            raise ValidationError({"barangay": f"Row {index}: unknown barangay."})
        if pk not in allowed:
            raise ValidationError({"barangay": f"Row {index}: the barangay is outside your assigned areas."})
        community = BarangayOBC(barangay=barangays[pk], created_by=user, updated_by=user)
        _set_fields(community, row)
        community.sync_location()
        try:
            community.full_clean(exclude=["obc_id"], validate_constraints=False)
        except ValidationError as exc:
            raise ValidationError(f"Row {index}: {'; '.join(_flatten(exc))}") from exc
        communities.append(community)
    _check_duplicates(communities)
    by_province = defaultdict(list)
    for community in communities:
        by_province[community.province].append(community)
    for province, members in by_province.items():
        lock_province(province)
        for community, obc_id in zip(members, next_obc_ids(province, len(members)), strict=True):
            community.obc_id = obc_id
    created = BarangayOBC.objects.bulk_create(communities, batch_size=batch_size)
    recompute_coverage(
        municipality_ids={c.municipality_id for c in communities},
        province_ids={c.province_id for c in communities},
        actor=user,
    )
    _link_mana(created)
    return created


def _check_duplicates(communities: list[BarangayOBC]) -> None:
    keys = {}
    for index, community in enumerate(communities, start=1):
        key = (community.barangay_id, community.purok_sitio.strip().lower())
        if key in keys:
            raise ValidationError(
                f"Row {index}: same barangay and purok/sitio as row {keys[key]} ({community.display_name})."
            )
        keys[key] = index
    existing = set(
        BarangayOBC.objects.filter(barangay_id__in={k[0] for k in keys}).values_list("barangay_id", "purok_sitio")
    )
    existing = {(b, p.strip().lower()) for b, p in existing}
    for key, index in keys.items():
        if key in existing:
            raise ValidationError(
                f"Row {index}: this barangay already has an OBC record for this purok/sitio "
                f"({communities[index - 1].display_name})."
            )


def _flatten(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{field}: {msg}" for field, messages in exc.message_dict.items() for msg in messages]
    return list(exc.messages)
