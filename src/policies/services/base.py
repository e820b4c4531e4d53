"""Shared plumbing of the policies services: role and area checks, stale-save refusal, field setting.

Kept small and shaped like ``coordination.services.base`` so that the shared mechanisms of issues 8
and 9 (version check, area re-check, place picker) replace these helpers in one move.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from common.access import has_national_scope, permission_allows
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


def check_version(obj, version: int | None) -> None:
    """Refuse a save made on a stale copy: ``version`` is what the user read (None skips the check)."""
    if version is None or int(version) == obj.version:
        return
    who = obj.updated_by or "another user"
    when = date_format(timezone.localtime(obj.updated_at), "j M Y H:i")
    raise ValidationError(
        f"This recommendation was changed by {who} at {when} since you opened it. Reload it to see the "
        "changes, then make yours again."
    )


def bump(obj, user, fields: set[str]) -> list[str]:
    """Set the actor and the next version; return the update_fields to save."""
    obj.updated_by = user
    obj.version += 1
    return sorted({*fields, "updated_by", "updated_at", "version"})


def set_fields(obj, fields: dict, allowed: frozenset[str]) -> set[str]:
    """Set the given fields (names checked), return the names whose value changed."""
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown field(s): {', '.join(sorted(unknown))}")
    changed = set()
    for name, value in fields.items():
        try:
            current = getattr(obj, name)
        except ObjectDoesNotExist:
            current = None
        if current is None or current != value:
            setattr(obj, name, value)
            changed.add(name)
    return changed
