"""Shared plumbing of the coordination services: permission and area checks, transition tables.

The version check ("no lost updates") is the shared one: ``lock_for_edit``/``apply_changes``/
``save_changes`` from ``common.appkit.concurrency``."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError

from common.access import has_national_scope, permission_allows
from common.models import Region
from coordination.models.areas import place_parts, user_area_ids


def require(user, model, action: str) -> None:
    if not permission_allows(user, model, action):
        raise PermissionDenied(f"Your role cannot {action} {model._meta.verbose_name_plural}.")


def place_in_user_areas(user, place) -> bool:
    """True when the place (any level) lies in the user's assigned regions or provinces."""
    if has_national_scope(user):
        return True
    parts = place_parts(place)
    regions, provinces = user_area_ids(user)
    return parts["region"].pk in regions or (parts["province"] is not None and parts["province"].pk in provinces)


def check_places(user, places, *, field: str = "areas") -> None:
    outside = [p.name for p in places if not place_in_user_areas(user, p)]
    if outside:
        raise ValidationError({field: f"Outside your assigned areas: {', '.join(outside)}."})
    if has_national_scope(user):
        return
    regions, _ = user_area_ids(user)
    if any(isinstance(p, Region) and p.pk not in regions for p in places):
        raise ValidationError({field: "Only a whole region you are assigned to can be chosen."})


def check_transition(table: dict, current: str, target: str, labels) -> None:
    if target not in labels.values:
        raise ValidationError({"to_status": f"Unknown status {target!r}."})
    if target not in table.get(current, set()):
        allowed = ", ".join(labels(s).label for s in labels.values if s in table.get(current, set()))
        raise ValidationError(
            {
                "to_status": f"Cannot move from {labels(current).label} to {labels(target).label}. "
                f"Allowed next: {allowed or 'none (final status)'}."
            }
        )


def set_fields(obj, fields: dict, allowed: frozenset[str]) -> set[str]:
    """The fields of a record being created (names checked). Edits use ``apply_changes``."""
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown field(s): {', '.join(sorted(unknown))}")
    changed = set()
    for name, value in fields.items():
        try:
            current = getattr(obj, name)
        except ObjectDoesNotExist:  # a required relation not set yet
            current = None
        if current is None or current != value:
            setattr(obj, name, value)
            changed.add(name)
    return changed


STAFF_ROLES = ("Program Officer", "MANA Facilitator", "Executive", "Administrator")
NATIONAL_STAFF_ROLES = ("Executive", "Administrator")


def staff_users(user):
    """The people ``user`` may name as owner, lead or staff of coordination work (action item and
    milestone owners, engagement lead and staff, an agreement's focal staff): active OOBC staff who
    share a region with ``user``, national staff (executives, administrators) and ``user``; every
    staff member for national roles. The related-user rule of forms, serializers and services."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    users = get_user_model().objects.filter(is_active=True, groups__name__in=STAFF_ROLES)
    if user is None or not user.is_authenticated:
        return users.none()
    if not has_national_scope(user):
        regions, provinces = user_area_ids(user)
        regions = set(regions) | set(Region.objects.filter(provinces__in=provinces).values_list("pk", flat=True))
        users = users.filter(
            Q(regions__in=regions)
            | Q(provinces__region__in=regions)
            | Q(groups__name__in=NATIONAL_STAFF_ROLES)
            | Q(pk=user.pk)
        )
    return get_user_model().objects.filter(pk__in=users.values("pk")).order_by("first_name", "last_name", "username")


def require_staff(user, people, *, field: str) -> None:
    """Every person named (owner, lead, staff) must be one of ``staff_users(user)``."""
    people = [p for p in people if p is not None]
    if not people:
        return
    allowed = set(staff_users(user).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True))
    outside = [str(p) for p in people if p.pk not in allowed]
    if outside:
        raise ValidationError(
            {field: f"Not OOBC staff of your areas: {', '.join(outside)}. Choose people who work in your areas."}
        )


def restore_record(model, *, user, record, check=None):
    """Bring back a soft-deleted record the user may delete (role and area), after ``check(record)``."""
    require(user, model, "delete")
    if not model.objects.deleted().in_scope_of(user, "delete").filter(pk=record.pk).exists():
        raise PermissionDenied(f"This {model._meta.verbose_name} is not a deleted record of your areas.")
    if check is not None:
        check(record)
    record.restore()
    return record
