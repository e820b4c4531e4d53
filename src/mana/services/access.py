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


def staff_users(user):
    """The people ``user`` may put on an assessment team (lead, facilitators): active MANA staff
    who share an area with ``user`` (everyone's staff for national roles), plus national staff.
    The related-user rule of forms, serializers and the assessment service."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from common.access import ADMINISTRATOR, MANA_FACILITATOR, PROGRAM_OFFICER

    users = get_user_model().objects.filter(
        is_active=True, groups__name__in=[MANA_FACILITATOR, PROGRAM_OFFICER, ADMINISTRATOR]
    )
    if user is None or not user.is_authenticated:
        return users.none()
    if not has_national_scope(user):
        regions = set(user.regions.values_list("pk", flat=True)) | set(
            user.provinces.values_list("region_id", flat=True)
        )
        users = users.filter(
            Q(regions__in=regions) | Q(provinces__region__in=regions) | Q(groups__name=ADMINISTRATOR) | Q(pk=user.pk)
        )
    return users.distinct().order_by("first_name", "last_name", "username")
