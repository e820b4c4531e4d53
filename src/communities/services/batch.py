"""Writes of many barangay OBC profiles at once (imports): the rules of ``create_community`` and
``update_community``, applied to a whole file with a cost per row that does not grow with the file
or the province.

* role and area: checked once for every barangay and record of the file (two queries);
* each row: the same field rules (``_set_fields``), location sync and ``full_clean`` as the single
  services; uniqueness of barangay + purok/sitio is checked for the whole file in one query (and
  the database constraint stays the last guard);
* OBC ids: from the per-province counter (``services.ids``), one counter read per province;
* writes: one INSERT run for the new rows and one UPDATE run per set of changed fields
  (``common.bulk``: the driver's ``executemany``), one audit entry per record
  (``common.audit.log_bulk``), and each municipality and province recomputed once.

All or nothing: any row's error raises ``BatchErrors`` (messages by the caller's row key) and the
surrounding transaction writes nothing.
"""

from __future__ import annotations

import copy
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from common.access import area_q, has_national_scope
from common.audit import log_bulk
from common.bulk import insert_rows, update_rows
from common.models import Barangay, Province
from communities.models import BarangayOBC

from .communities import _link_mana, _require, _set_fields
from .coverage import lock_province, recompute_coverage
from .ids import next_obc_ids

#: Fields ``full_clean`` need not check per row: the location is checked in bulk, the id is the
#: system's, and foreign keys to users are set by the service.
NOT_CLEANED = ["obc_id", "barangay", "municipality", "province", "created_by", "updated_by", "deleted_by"]


class BatchErrors(Exception):
    """Row errors of a batch, by the caller's row key; nothing was written."""

    def __init__(self, errors: dict):
        super().__init__(f"{len(errors)} row(s) cannot be written.")
        self.errors = errors


def error_messages(exc: ValidationError) -> list[str]:
    """A service's ``ValidationError`` as plain sentences naming their field by its label."""
    from common.imports.columns import label_of

    labels = {f.name: label_of(f) for f in BarangayOBC._meta.fields}
    if hasattr(exc, "error_dict"):
        out = []
        for name, messages in exc.message_dict.items():
            label = labels.get(name, name)
            for message in messages:
                # "Households (30) cannot exceed…" already names its field; others get it in front.
                named = name == "__all__" or message.lower().startswith(label.lower())
                out.append(message if named else f"{label}: {message}")
        return out
    return list(exc.messages)


def _allowed_barangays(user, barangay_ids) -> set[int]:
    if has_national_scope(user):
        return set(barangay_ids)
    allowed = Barangay.objects.filter(pk__in=barangay_ids).filter(area_q(user, "municipality__province"))
    return set(allowed.values_list("pk", flat=True))


def _snapshot(community: BarangayOBC) -> BarangayOBC:
    """An independent copy of the record as read (for the audit diff)."""
    old = copy.copy(community)
    old._state = copy.copy(community._state)
    old._state.fields_cache = dict(community._state.fields_cache)
    return old


@transaction.atomic
def import_communities(*, user, creates=(), updates=(), progress=None, batch_size: int = 500) -> dict:
    """Create and update many profiles at once.

    ``creates``: ``(key, barangay, fields)``; ``updates``: ``(key, community, barangay or None,
    fields)`` with ``community`` read in this transaction. Returns ``{"created": n, "updated": n}``.
    """
    creates, updates = list(creates), list(updates)
    if creates:
        _require(user, "add")
    if updates:
        _require(user, "change")
    errors: dict = defaultdict(list)
    total = len(creates) + len(updates)

    # Area: every barangay named, and every record updated, in one query each.
    barangay_ids = {b.pk for _, b, _ in creates} | {b.pk for _, _, b, _ in updates if b is not None}
    allowed = _allowed_barangays(user, barangay_ids)
    in_scope = set(
        BarangayOBC.objects.for_user(user, "change").filter(pk__in=[c.pk for _, c, _, _ in updates])
        .values_list("pk", flat=True)
    )  # fmt: skip

    new, changed, pairs = [], [], []
    for key, barangay, fields in creates:
        if barangay.pk not in allowed:
            errors[key].append("This barangay is outside your assigned areas. Choose one in your areas.")
            continue
        community = BarangayOBC(barangay=barangay, created_by=user, updated_by=user)
        try:
            _set_fields(community, fields)
            community.sync_location()
            community.full_clean(exclude=NOT_CLEANED, validate_constraints=False)
        except ValidationError as exc:
            errors[key].extend(error_messages(exc))
            continue
        new.append((key, community))
    for key, community, barangay, fields in updates:
        if community.pk not in in_scope:
            errors[key].append("This record is outside your assigned areas or your role.")
            continue
        old = _snapshot(community)
        if barangay is not None and barangay.pk != community.barangay_id:
            if barangay.pk not in allowed:
                errors[key].append("This barangay is outside your assigned areas. Choose one in your areas.")
                continue
            previous = community.barangay
            community.barangay = barangay
            if (community.latitude, community.longitude) == (previous.latitude, previous.longitude):
                community.latitude = community.longitude = None
        try:
            _set_fields(community, fields)
            community.updated_by = user
            community.sync_location()
            community.full_clean(exclude=NOT_CLEANED, validate_constraints=False)
        except ValidationError as exc:
            errors[key].extend(error_messages(exc))
            continue
        changed.append((key, community, old))
    _check_unique(new, changed, errors)
    if errors:
        raise BatchErrors(dict(errors))
    if progress:
        progress(total // 2, total)

    # Lock every province touched (in a fixed order), then give ids and write.
    province_ids = {c.province_id for _, c in new} | {c.province_id for _, c, _ in changed}
    province_ids |= {old.province_id for _, _, old in changed}
    municipality_ids = {c.municipality_id for _, c in new} | {c.municipality_id for _, c, _ in changed}
    municipality_ids |= {old.municipality_id for _, _, old in changed}
    provinces = {p.pk: p for p in Province.objects.select_related("region").filter(pk__in=province_ids).order_by("pk")}
    for province in provinces.values():
        lock_province(province)
    by_province = defaultdict(list)
    for _, community in new:
        by_province[community.province_id].append(community)
    for province_id, members in by_province.items():
        for community, obc_id in zip(members, next_obc_ids(provinces[province_id], len(members)), strict=True):
            community.obc_id = obc_id
    now = timezone.now()
    changes = []
    for _, community, old in changed:
        community.updated_at = now
        changes.append((community, old, _changed_fields(old, community)))
    try:
        with transaction.atomic():
            created = _insert([c for _, c in new])
            _update(changes)
    except IntegrityError as exc:
        raise BatchErrors(
            {None: ["Another record took the same barangay and purok/sitio while this file was being written."]}
        ) from exc
    pairs = [(None, c, None) for c in created] + [(old, c, names) for c, old, names in changes]
    log_bulk(actor=user, pairs=pairs)
    recompute_coverage(municipality_ids=municipality_ids, province_ids=province_ids, actor=user)
    # MANA names communities by barangay: link its rows to the new profiles and to those that moved.
    _link_mana([*created, *(c for c, old, _names in changes if c.barangay_id != old.barangay_id)])
    if progress:
        progress(total, total)
    return {"created": len(created), "updated": len(changed)}


def _concrete():
    return [f for f in BarangayOBC._meta.concrete_fields if not f.primary_key]


def _changed_fields(old: BarangayOBC, new: BarangayOBC) -> list[str]:
    return [f.name for f in _concrete() if f.value_from_object(old) != f.value_from_object(new)]


def _insert(communities: list[BarangayOBC]) -> list[BarangayOBC]:
    """One INSERT run over every row; the new ids are read back by OBC id (unique)."""
    if not communities:
        return []
    insert_rows(BarangayOBC, communities)
    ids = {}
    obc_ids = [c.obc_id for c in communities]
    for start in range(0, len(obc_ids), 900):
        chunk = obc_ids[start : start + 900]
        ids.update(BarangayOBC.all_objects.filter(obc_id__in=chunk).values_list("obc_id", "pk"))
    for community in communities:
        community.pk = ids[community.obc_id]
        community._state.adding = False
    return communities


def _update(changes) -> None:
    """One UPDATE run per set of changed fields (``updated_at``/``updated_by`` always), then the
    ``revision`` of every changed record goes up by one (in the database, so a form or API client
    holding the old revision is refused: an import is an edit like any other)."""
    groups = defaultdict(list)
    for community, _old, names in changes:
        groups[tuple(sorted({*names, "updated_at", "updated_by"}))].append(community)
    for names, communities in groups.items():
        # A real change also bumps the revision, in the same statement (in the database: a form or API
        # client holding the old revision is refused); rows are written once, not twice.
        bump = bool(set(names) - {"updated_at", "updated_by"})
        update_rows(BarangayOBC, communities, names, increment=("revision",) if bump else ())
    by_pk = {community.pk: community for community, _old, names in changes if set(names) - {"updated_at", "updated_by"}}
    pks = list(by_pk)
    for start in range(0, len(pks), 900):
        chunk = pks[start : start + 900]
        for pk, revision in BarangayOBC.all_objects.filter(pk__in=chunk).values_list("pk", "revision"):
            by_pk[pk].revision = revision


def _check_unique(new, changed, errors) -> None:
    """One live record per barangay and purok/sitio: within the file and against the database."""
    keys: dict[tuple, object] = {}
    rows = [(key, c) for key, c in new] + [(key, c) for key, c, _ in changed]
    for key, community in rows:
        unique = (community.barangay_id, (community.purok_sitio or "").strip().lower())
        if unique in keys:
            errors[key].append("Another row of the file has the same barangay and purok/sitio.")
        keys[unique] = key
    if not keys:
        return
    updated = {c.pk for _, c, _ in changed}
    stored = (
        BarangayOBC.objects.filter(barangay_id__in={k[0] for k in keys})
        .exclude(pk__in=updated)
        .annotate(purok_key=Lower("purok_sitio"))
        .values_list("barangay_id", "purok_key", "obc_id")
    )
    for barangay_id, purok, obc_id in stored:
        key = keys.get((barangay_id, (purok or "").strip()))
        if key is not None:
            errors[key].append(f"This barangay already has an OBC record for this purok/sitio ({obc_id}).")
