"""Writes of organizations and their contacts (focal persons: personal data)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from common.access import can_view_personal_data
from common.appkit.concurrency import apply_changes, lock_for_edit, require_in_scope, save_changes
from common.folding import fold
from common.models import Barangay, Municipality, Province
from coordination.models import Contact, Organization, OrganizationArea, OrganizationSector, OrganizationType

from .base import check_places, place_in_user_areas, require, restore_record, set_fields

OUTSIDE = "This organization is outside your assigned areas."
ORGANIZATION_FIELDS = frozenset(
    {"name", "acronym", "org_type", "parent", "mandate", "is_nationwide", "status", "website", "office_email",
     "office_phone", "address"}
)  # fmt: skip
CONTACT_FIELDS = frozenset(
    {"name", "position", "phone", "email", "preferred_channel", "is_focal_person", "consent_given", "notes"}
)


def name_key(text: str) -> str:
    """Accent-, case- and punctuation-insensitive key of a name or acronym (``common.folding.fold``:
    the same folding as every search, so "Sto. Niño" and "Santo Nino" are one name)."""
    return fold((text or "").replace("'", "").replace("\u2019", ""))


def find_duplicates(*, name: str = "", acronym: str = "", exclude_pk=None):
    """Organizations (any area: duplicates are global) whose name or acronym folds to the same key."""
    q = Q()
    if name_key(name):
        q |= Q(name_key=name_key(name))
    if name_key(acronym):
        q |= Q(acronym_key=name_key(acronym))
    if not q:
        return Organization.objects.none()
    return Organization.objects.alive().filter(q).exclude(pk=exclude_pk)


def _check_duplicates(org: Organization) -> None:
    errors = {}
    for other in find_duplicates(name=org.name, acronym=org.acronym, exclude_pk=org.pk)[:5]:
        if other.name_key == org.name_key:
            errors.setdefault("name", f"An organization with this name already exists: {other}.")
        if org.acronym_key and other.acronym_key == org.acronym_key:
            errors.setdefault("acronym", f"The acronym {org.acronym} is already used by {other.name}.")
    if errors:
        raise ValidationError(errors)


def _lgu_fields(lgu_unit) -> dict:
    return {
        "lgu_province": lgu_unit if isinstance(lgu_unit, Province) else None,
        "lgu_municipality": lgu_unit if isinstance(lgu_unit, Municipality) else None,
        "lgu_barangay": lgu_unit if isinstance(lgu_unit, Barangay) else None,
    }


def _validate(org: Organization, user) -> None:
    org.name = (org.name or "").strip()
    org.acronym = (org.acronym or "").strip()
    org.name_key, org.acronym_key = name_key(org.name), name_key(org.acronym)
    if org.org_type == OrganizationType.LGU and org.lgu_unit is None:
        raise ValidationError({"lgu_unit": "An LGU needs its province, city/municipality or barangay (PSGC)."})
    if org.org_type != OrganizationType.LGU:
        org.lgu_province = org.lgu_municipality = org.lgu_barangay = None
    if org.parent_id and org.parent_id == org.pk:
        raise ValidationError({"parent": "An organization cannot be its own parent."})
    if org.parent_id and not Organization.objects.for_user(user, "view").filter(pk=org.parent_id).exists():
        raise ValidationError({"parent": "Choose a parent organization you can see."})
    org.full_clean(exclude=["name_key", "acronym_key"])
    _check_duplicates(org)


def _set_areas(org: Organization, user, places) -> None:
    """Replace the areas the user can see; areas outside the user's assignments are kept as they are."""
    check_places(user, places)
    existing = list(org.areas.select_related("region", "province", "municipality", "barangay"))
    kept = {a.place_code for a in existing if not place_in_user_areas(user, a.place)}
    org.areas.exclude(pk__in=[a.pk for a in existing if a.place_code in kept]).delete()
    rows = []
    for place in {p.code: p for p in places if p.code not in kept}.values():
        row = OrganizationArea(organization=org)
        row.set_place(place)
        rows.append(row)
    OrganizationArea.objects.bulk_create(rows)


def _set_sectors(org: Organization, sectors) -> None:
    org.sector_rows.all().delete()
    OrganizationSector.objects.bulk_create(
        [OrganizationSector(organization=org, sector=s) for s in sorted(set(sectors))]
    )


def _check_scope(user, org: Organization, places, is_nationwide: bool) -> None:
    from common.access import has_national_scope

    if is_nationwide and not has_national_scope(user):
        raise ValidationError({"is_nationwide": "Only national roles can record an organization working everywhere."})
    if not is_nationwide and not places:
        raise ValidationError({"areas": "List at least one area where the organization works."})


@transaction.atomic
def create_organization(*, user, areas=(), sectors=(), lgu_unit=None, **fields) -> Organization:
    require(user, Organization, "add")
    org = Organization(created_by=user, updated_by=user)
    set_fields(org, fields, ORGANIZATION_FIELDS)
    for name, value in _lgu_fields(lgu_unit).items():
        setattr(org, name, value)
    _check_scope(user, org, areas, org.is_nationwide)
    _validate(org, user)
    org.save()
    _set_areas(org, user, areas)
    _set_sectors(org, sectors)
    return org


@transaction.atomic
def update_organization(
    *, user, organization: Organization, expected_revision=None, areas=None, sectors=None, lgu_unit=None,
    **fields,
) -> Organization:  # fmt: skip
    require(user, Organization, "change")
    require_in_scope(Organization.objects, user, organization, "change", OUTSIDE)
    org = lock_for_edit(organization, expected_revision=expected_revision)
    changed = set(apply_changes(org, fields, allowed=ORGANIZATION_FIELDS))
    if lgu_unit is not None or "org_type" in changed:
        for name, value in _lgu_fields(lgu_unit or org.lgu_unit).items():
            setattr(org, name, value)
        changed |= {"lgu_province", "lgu_municipality", "lgu_barangay"}
    current_areas = [a.place for a in org.areas.select_related("region", "province", "municipality", "barangay")]
    _check_scope(user, org, current_areas if areas is None else areas, org.is_nationwide)
    _validate(org, user)
    save_changes(org, changed | {"name_key", "acronym_key"}, user=user)
    if areas is not None:
        _set_areas(org, user, areas)
    if sectors is not None:
        _set_sectors(org, sectors)
    require_in_scope(Organization.objects, user, org, "change", "The organization would be outside your areas.")
    return org


@transaction.atomic
def delete_organization(*, user, organization: Organization) -> None:
    require(user, Organization, "delete")
    if not Organization.objects.for_user(user, "delete").filter(pk=organization.pk).exists():
        raise PermissionDenied("This organization is outside your assigned areas.")
    if organization.partnership_roles.filter(partnership__deleted_at__isnull=True).exists():
        raise ValidationError("This organization is a party to a partnership; mark it inactive instead.")
    organization.soft_delete(user=user)


@transaction.atomic
def restore_organization(*, user, organization: Organization) -> Organization:
    """Bring a deleted organization back, unless a live one has taken its name or acronym."""
    return restore_record(Organization, user=user, record=organization, check=_check_duplicates)


# --- Contacts (personal data) ------------------------------------------------------------------


def _require_contact(user, org: Organization, action: str) -> None:
    if not can_view_personal_data(user):
        raise PermissionDenied("Your role cannot see or change personal data.")
    require(user, Contact, action)
    if not Organization.objects.for_user(user, "view" if action == "view" else "change").filter(pk=org.pk).exists():
        raise PermissionDenied("This organization is outside your assigned areas.")


@transaction.atomic
def create_contact(*, user, organization: Organization, **fields) -> Contact:
    _require_contact(user, organization, "add")
    contact = Contact(organization=organization, created_by=user, updated_by=user)
    set_fields(contact, fields, CONTACT_FIELDS)
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def update_contact(*, user, contact: Contact, expected_revision=None, **fields) -> Contact:
    _require_contact(user, contact.organization, "change")
    lock_for_edit(contact, expected_revision=expected_revision)
    changed = apply_changes(contact, fields, allowed=CONTACT_FIELDS)
    contact.full_clean()
    if changed:
        save_changes(contact, changed, user=user)
    return contact


@transaction.atomic
def delete_contact(*, user, contact: Contact) -> None:
    _require_contact(user, contact.organization, "delete")
    contact.delete()


def resolve_forward_target(*, user, organization=None, text: str = "") -> Organization:
    """The organization a MANA need is forwarded to: one the user can see, given as an object or id,
    or named by its name or acronym (accent- and case-insensitive). Free text naming no known
    organization is refused, so every forwarded need points at a real organization."""
    visible = Organization.objects.for_user(user)
    if organization is not None:
        pk = getattr(organization, "pk", organization)
        found = visible.filter(pk=pk).first()
        if found is None:
            raise ValidationError({"forwarded_to_organization": "Choose an organization you can see."})
        return found
    key = name_key(text)
    if not key:
        raise ValidationError(
            {"forwarded_to_organization": "Name the agency, ministry or LGU the need is forwarded to."}
        )
    matches = list(visible.filter(Q(name_key=key) | Q(acronym_key=key))[:2])
    if len(matches) == 1:
        return matches[0]
    raise ValidationError(
        {"forwarded_to_organization": f"No organization is called {text.strip()!r}; choose one from the list "
                                      "(add it under Coordination → Organizations if it is missing)."}
    )  # fmt: skip
