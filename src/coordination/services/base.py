"""Shared plumbing of the coordination services: permission and area checks, stale-save refusal,
transition tables."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from common.access import has_national_scope, permission_allows
from common.models import Region
from coordination.models.areas import place_parts


def require(user, model, action: str) -> None:
    if not permission_allows(user, model, action):
        raise PermissionDenied(f"Your role cannot {action} {model._meta.verbose_name_plural}.")


def place_in_user_areas(user, place) -> bool:
    """True when the place (any level) lies in the user's assigned regions or provinces."""
    if has_national_scope(user):
        return True
    parts = place_parts(place)
    if user.regions.filter(pk=parts["region"].pk).exists():
        return True
    return parts["province"] is not None and user.provinces.filter(pk=parts["province"].pk).exists()


def check_places(user, places, *, field: str = "areas") -> None:
    outside = [p.name for p in places if not place_in_user_areas(user, p)]
    if outside:
        raise ValidationError({field: f"Outside your assigned areas: {', '.join(outside)}."})
    regions = [p for p in places if isinstance(p, Region)]
    if regions and not has_national_scope(user):  # noqa: SIM102
        if not all(user.regions.filter(pk=p.pk).exists() for p in places if isinstance(p, Region)):
            raise ValidationError({field: "Only a whole region you are assigned to can be chosen."})


def check_version(obj, version: int | None) -> None:
    """Refuse a save made on a stale copy: ``version`` is what the user read (None skips the check)."""
    if version is None or int(version) == obj.version:
        return
    who = obj.updated_by or "another user"
    when = date_format(timezone.localtime(obj.updated_at), "j M Y H:i")
    raise ValidationError(
        f"This record was changed by {who} at {when} since you opened it. Reload it to see the changes, "
        "then make yours again."
    )


def bump(obj, user, fields: set[str]) -> list[str]:
    """Set the actor and the next version; return the update_fields to save."""
    obj.updated_by = user
    obj.version += 1
    return sorted({*fields, "updated_by", "updated_at", "version"})


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
