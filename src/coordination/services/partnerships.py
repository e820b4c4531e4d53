"""Writes of partnerships: the record, parties, signatories, milestones, documents, the status
workflow and renewal."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from common.appkit.concurrency import apply_changes, lock_for_edit, require_in_scope, save_changes
from common.uploads import check_upload, max_upload_bytes
from communities.models import BarangayOBC
from coordination.models import (
    Milestone,
    Organization,
    Partnership,
    PartnershipArea,
    PartnershipDocument,
    PartnershipParty,
    PartnershipTransition,
    Signatory,
)

from .base import (
    check_places,
    check_transition,
    place_in_user_areas,
    require,
    require_staff,
    restore_record,
    set_fields,
)

S = Partnership.Status
TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.NEGOTIATION},
    S.NEGOTIATION: {S.DRAFT, S.FOR_SIGNATURE},
    S.FOR_SIGNATURE: {S.NEGOTIATION, S.ACTIVE},
    S.ACTIVE: {S.COMPLETED, S.EXPIRED, S.TERMINATED},
    S.COMPLETED: set(),
    S.EXPIRED: set(),
    S.TERMINATED: set(),
}
#: Closing an agreement needs ``coordination.close_partnership`` (executives and officers), not "change".
CLOSING = {S.COMPLETED, S.EXPIRED, S.TERMINATED}
OUTSIDE = "This partnership is outside your assigned areas."
PARTNERSHIP_FIELDS = frozenset(
    {"kind", "reference_no", "title", "purpose", "is_nationwide", "effective_date", "expiry_date", "owner"}
)
MILESTONE_FIELDS = frozenset({"title", "due_date", "owner"})
M = Milestone.Status
MILESTONE_TRANSITIONS: dict[str, set[str]] = {
    M.PENDING: {M.IN_PROGRESS, M.DONE, M.CANCELLED},
    M.IN_PROGRESS: {M.PENDING, M.DONE, M.CANCELLED},
    M.DONE: {M.IN_PROGRESS},  # reopened
    M.CANCELLED: {M.PENDING},
}


def max_document_bytes() -> int:
    return getattr(settings, "COORDINATION_DOCUMENT_MAX_BYTES", max_upload_bytes())


def _check_related(user, *, communities=None, organizations=None) -> None:
    if communities:
        pks = {c.pk for c in communities}
        if BarangayOBC.objects.for_user(user).filter(pk__in=pks).count() != len(pks):
            raise ValidationError({"communities": "Choose communities in your assigned areas."})
    if organizations:
        pks = {o.pk for o in organizations}
        if Organization.objects.for_user(user).filter(pk__in=pks).count() != len(pks):
            raise ValidationError({"parties": "Choose organizations you can see."})


def _validate(p: Partnership, user) -> None:
    from common.access import has_national_scope

    if p.effective_date and p.expiry_date and p.expiry_date < p.effective_date:
        raise ValidationError({"expiry_date": "The expiry date is before the effective date."})
    if p.is_nationwide and not has_national_scope(user):
        raise ValidationError({"is_nationwide": "Only national roles can record an agreement covering every area."})
    p.full_clean(exclude=["communities"])


def _set_areas(p: Partnership, user, places) -> None:
    check_places(user, places)
    existing = list(p.areas.select_related("region", "province", "municipality", "barangay"))
    kept = {a.place_code for a in existing if not place_in_user_areas(user, a.place)}
    p.areas.exclude(pk__in=[a.pk for a in existing if a.place_code in kept]).delete()
    rows = []
    for place in {x.code: x for x in places if x.code not in kept}.values():
        row = PartnershipArea(partnership=p)
        row.set_place(place)
        rows.append(row)
    PartnershipArea.objects.bulk_create(rows)


def _set_parties(p: Partnership, user, parties) -> None:
    """``parties`` is [(organization, role)]."""
    _check_related(user, organizations=[o for o, _ in parties])
    if len({o.pk for o, _ in parties}) != len(parties):
        raise ValidationError({"parties": "An organization is listed twice among the parties."})
    p.parties.all().delete()
    PartnershipParty.objects.bulk_create(
        [PartnershipParty(partnership=p, organization=o, role=role) for o, role in parties]
    )


@transaction.atomic
def create_partnership(*, user, areas=(), communities=(), parties=(), **fields) -> Partnership:
    require(user, Partnership, "add")
    p = Partnership(created_by=user, updated_by=user)
    set_fields(p, fields, PARTNERSHIP_FIELDS)
    if not p.is_nationwide and not areas:
        raise ValidationError({"areas": "List at least one area the agreement covers."})
    _check_related(user, communities=communities)
    require_staff(user, [p.owner], field="owner")
    _validate(p, user)
    p.save()
    _set_areas(p, user, areas)
    p.communities.set(communities)
    _set_parties(p, user, parties)
    return p


def _locked(user, partnership: Partnership, action: str = "change") -> Partnership:
    require(user, Partnership, action)
    locked = Partnership.objects.for_user(user, action).select_for_update().filter(pk=partnership.pk).first()
    if locked is None:
        raise PermissionDenied("This partnership is outside your assigned areas.")
    return locked


@transaction.atomic
def update_partnership(
    *, user, partnership: Partnership, expected_revision=None, areas=None, communities=None, parties=None,
    **fields,
) -> Partnership:  # fmt: skip
    require(user, Partnership, "change")
    require_in_scope(Partnership.objects, user, partnership, "change", OUTSIDE)
    p = lock_for_edit(partnership, expected_revision=expected_revision)
    changed = apply_changes(p, fields, allowed=PARTNERSHIP_FIELDS)
    if "owner" in changed:
        require_staff(user, [p.owner], field="owner")
    _validate(p, user)
    save_changes(p, changed, user=user)
    if areas is not None:
        _set_areas(p, user, areas)
        if not p.is_nationwide and not p.areas.exists():
            raise ValidationError({"areas": "List at least one area the agreement covers."})
    if communities is not None:
        _check_related(user, communities=communities)
        p.communities.set(communities)
    if parties is not None:
        _set_parties(p, user, parties)
    require_in_scope(Partnership.objects, user, p, "change", "The partnership would be outside your areas.")
    return p


@transaction.atomic
def transition_partnership(
    *, user, partnership: Partnership, to_status: str, comment: str = ""
) -> PartnershipTransition:
    if to_status in CLOSING:
        if not (user and user.is_active and user.has_perm("coordination.close_partnership")):
            raise PermissionDenied("Your role cannot close agreements.")
        p = _locked(user, partnership, "view")
    else:
        p = _locked(user, partnership)
    check_transition(TRANSITIONS, p.status, to_status, S)
    if to_status == S.ACTIVE:
        if not p.effective_date:
            raise ValidationError({"effective_date": "Set the effective date before activating the agreement."})
        if p.parties.count() < 2:
            raise ValidationError({"parties": "An agreement needs at least two parties."})
    if to_status == S.TERMINATED and not comment.strip():
        raise ValidationError({"comment": "Say why the agreement is terminated."})
    return _record(p, user, to_status, comment)


def _record(p: Partnership, actor, to_status: str, comment: str) -> PartnershipTransition:
    from_status, p.status = p.status, to_status
    save_changes(p, ["status"], user=actor)
    return PartnershipTransition.objects.create(
        partnership=p, from_status=from_status, to_status=to_status, actor=actor, comment=comment.strip()
    )


def expire_partnership(partnership: Partnership, *, comment: str) -> PartnershipTransition:
    """The daily check's transition (no user): an active agreement past its expiry date."""
    return _record(partnership, None, S.EXPIRED, comment)


@transaction.atomic
def renew_partnership(*, user, partnership: Partnership) -> Partnership:
    """Start a linked successor (a draft copying the parties, areas and communities)."""
    require(user, Partnership, "add")
    p = _locked(user, partnership)
    if p.status not in (S.ACTIVE, S.EXPIRED, S.COMPLETED):
        raise ValidationError("Only an active, completed or expired agreement can be renewed.")
    if Partnership.objects.filter(predecessor=p).exists():
        raise ValidationError("This agreement already has a renewal.")
    successor = Partnership.objects.create(
        kind=p.kind, title=p.title, purpose=p.purpose, is_nationwide=p.is_nationwide, owner=p.owner,
        predecessor=p, created_by=user, updated_by=user,
    )  # fmt: skip
    PartnershipArea.objects.bulk_create(
        [PartnershipArea(partnership=successor, region_id=a.region_id, province_id=a.province_id,
                         municipality_id=a.municipality_id, barangay_id=a.barangay_id) for a in p.areas.all()]
    )  # fmt: skip
    successor.communities.set(p.communities.all())
    PartnershipParty.objects.bulk_create(
        [
            PartnershipParty(partnership=successor, organization_id=x.organization_id, role=x.role)
            for x in p.parties.all()
        ]
    )
    PartnershipTransition.objects.create(
        partnership=successor, from_status=S.DRAFT, to_status=S.DRAFT, actor=user, comment=f"Renewal of {p.title}"
    )
    return successor


@transaction.atomic
def delete_partnership(*, user, partnership: Partnership) -> None:
    p = _locked(user, partnership, "delete")
    p.soft_delete(user=user)


@transaction.atomic
def restore_partnership(*, user, partnership: Partnership) -> Partnership:
    """Bring a deleted agreement back with its parties, milestones, documents and history."""
    return restore_record(Partnership, user=user, record=partnership)


# --- Signatories, milestones, documents ----------------------------------------------------------


@transaction.atomic
def add_signatory(*, user, partnership: Partnership, name: str, organization, position: str = "", signed_on=None):
    p = _locked(user, partnership)
    require(user, Signatory, "add")
    if not p.parties.filter(organization=organization).exists():
        raise ValidationError({"organization": "The signatory's organization must be a party to the agreement."})
    signatory = Signatory(partnership=p, name=name, organization=organization, position=position, signed_on=signed_on)
    signatory.full_clean()
    signatory.save()
    return signatory


@transaction.atomic
def add_milestone(*, user, partnership: Partnership, **fields) -> Milestone:
    p = _locked(user, partnership)
    require(user, Milestone, "add")
    milestone = Milestone(partnership=p, created_by=user, updated_by=user)
    set_fields(milestone, fields, MILESTONE_FIELDS)
    require_staff(user, [milestone.owner], field="owner")
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def update_milestone(*, user, milestone: Milestone, expected_revision=None, **fields) -> Milestone:
    _locked(user, milestone.partnership)
    require(user, Milestone, "change")
    lock_for_edit(milestone, expected_revision=expected_revision)
    changed = apply_changes(milestone, fields, allowed=MILESTONE_FIELDS)
    if "owner" in changed:
        require_staff(user, [milestone.owner], field="owner")
    milestone.full_clean()
    if changed:
        save_changes(milestone, changed, user=user)
    return milestone


SIGNATORY_FIELDS = frozenset({"name", "position", "organization", "signed_on"})


@transaction.atomic
def update_signatory(*, user, signatory: Signatory, expected_revision=None, **fields) -> Signatory:
    p = _locked(user, signatory.partnership)
    require(user, Signatory, "change")
    lock_for_edit(signatory, expected_revision=expected_revision)
    changed = apply_changes(signatory, fields, allowed=SIGNATORY_FIELDS)
    if "organization" in changed and not p.parties.filter(organization=signatory.organization).exists():
        raise ValidationError({"organization": "The signatory's organization must be a party to the agreement."})
    signatory.full_clean()
    if changed:
        save_changes(signatory, changed, user=user)
    return signatory


def check_document(upload) -> tuple[str, str]:
    """(extension, content type) of an acceptable upload (``common.uploads.check_upload``: type from
    the content, size within ``COORDINATION_DOCUMENT_MAX_BYTES``), or a ValidationError saying why not."""
    checked = check_upload(upload, max_bytes=max_document_bytes())
    return checked.extension, checked.content_type


@transaction.atomic
def upload_document(*, user, partnership: Partnership, upload, kind: str = PartnershipDocument.Kind.SIGNED):
    p = _locked(user, partnership)
    require(user, PartnershipDocument, "add")
    checked = check_upload(upload, max_bytes=max_document_bytes())
    document = PartnershipDocument(partnership=p, kind=kind)
    document.set_upload(checked, user=user)
    document.full_clean(exclude=["file"])
    document.file.save(upload.name, upload, save=False)
    document.save()
    return document


@transaction.atomic
def transition_milestone(*, user, milestone: Milestone, to_status: str) -> Milestone:
    """Move a milestone along ``MILESTONE_TRANSITIONS``; done records the day it was completed."""
    from django.utils import timezone

    _locked(user, milestone.partnership)
    require(user, Milestone, "change")
    locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
    check_transition(MILESTONE_TRANSITIONS, locked.status, to_status, M)
    locked.status = to_status
    locked.completed_on = timezone.localdate() if to_status == M.DONE else None
    save_changes(locked, ["status", "completed_on"], user=user)
    milestone.status, milestone.completed_on = locked.status, locked.completed_on
    return locked
