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
