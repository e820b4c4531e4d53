"""Access checks shared by every MANA service (pages, API, commands all call the services).

Reads go through ``Model.objects.for_user`` (common.access + the facilitator team rule in
``mana.models.querysets``); writes call ``require`` here, which asks the same querysets.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from common.access import has_national_scope, permission_allows


def require_permission(user, model, action: str) -> None:
    if not permission_allows(user, model, action):
        raise PermissionDenied(f"You may not {action} {model._meta.verbose_name_plural}.")


def require_assessment(user, assessment, *, model=None, action: str = "change") -> None:
    """The user may ``action`` rows of ``model`` in this assessment: model permission, plus change
    access to the assessment itself (area, and for facilitators the team)."""
    from mana.models import Assessment

    if model is not None:
        require_permission(user, model, action)
    if not Assessment.objects.for_user(user, "change").filter(pk=assessment.pk).exists():
        raise PermissionDenied("You are not assigned to this assessment, or it is outside your areas.")


def area_within_user(user, *, region, province=None) -> bool:
    """An area (a region, or a province of it) lies within the user's assigned areas."""
    if has_national_scope(user):
        return True
    if user.regions.filter(pk=region.pk).exists():
        return True
    return province is not None and user.provinces.filter(pk=province.pk).exists()
