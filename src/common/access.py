"""The one access rule of OBCMS: role (model permission) × area (assigned regions/provinces).

Every page, API endpoint, export, search and AI answer reads data through
``Model.objects.for_user(user, action)``, which calls :func:`scope_queryset` here.
Deny by default: an anonymous or inactive user, a user without the model permission for the
action, or a user with no assigned areas gets an empty queryset.

Areas cascade down the hierarchy: a user assigned Region IX sees every province, city,
municipality and barangay of Region IX; a user assigned a province sees that province only.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

ACTIONS = ("view", "add", "change", "delete")

# Role names (Django groups). Their permissions are declared in common.roles.
ADMINISTRATOR = "Administrator"
EXECUTIVE = "Executive"
PROGRAM_OFFICER = "Program Officer"
MANA_FACILITATOR = "MANA Facilitator"
PARTNER_VIEWER = "Partner Viewer"

#: Roles whose members see every area (OOBC-wide functions).
NATIONAL_ROLES = frozenset({ADMINISTRATOR, EXECUTIVE})

#: Custom permission that unlocks personal data (participants, contacts, leaders).
PERSONAL_DATA_PERMISSION = "common.view_personal_data"


def _is_active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _role_names(user) -> frozenset[str]:
    cached = getattr(user, "_obcms_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._obcms_role_names = cached
    return cached


def has_national_scope(user) -> bool:
    """True for superusers and members of a national role (Administrator, Executive)."""
    if not _is_active(user):
        return False
    return user.is_superuser or bool(_role_names(user) & NATIONAL_ROLES)


def has_role(user, role: str) -> bool:
    return _is_active(user) and (user.is_superuser or role in _role_names(user))


def can_view_personal_data(user) -> bool:
    """Kept for callers written before ``common.personal_data``; new code calls ``personal_data.can_view``."""
    from common.personal_data import can_view

    return can_view(user)


def permission_allows(user, model, action: str) -> bool:
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}; expected one of {ACTIONS}.")
    if not _is_active(user):
        return False
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")


def area_q(user, province_lookup: str, region_lookup: str | None = None) -> Q:
    """Q object limiting rows to the user's assigned regions and provinces.

    ``province_lookup`` is the path from the model to ``common.Province``
    (e.g. ``"barangay__municipality__province"``; ``""`` for Province itself).
    ``region_lookup`` (optional) is the path to ``common.Region`` for models whose province may be
    empty (e.g. a region-wide MANA assessment); by default the region is reached through the province.
    """
    province_path = province_lookup or "pk"
    region_path = region_lookup or (f"{province_lookup}__region" if province_lookup else "region")
    return Q(**{f"{region_path}__in": user.regions.values("pk")}) | Q(
        **{f"{province_path}__in": user.provinces.values("pk")}
    )


def scope_queryset(
    queryset: QuerySet, user, action: str = "view", *, province_lookup: str, region_lookup: str | None = None
) -> QuerySet:
    """Apply role and area to ``queryset``: the body of every ``for_user``."""
    if not permission_allows(user, queryset.model, action):
        return queryset.none()
    if has_national_scope(user):
        return queryset
    return queryset.filter(area_q(user, province_lookup, region_lookup))


class AreaScopedQuerySet(QuerySet):
    """Base queryset for domain models that belong to an area.

    Subclasses set ``province_lookup`` to the path from the model to ``common.Province``, and
    ``region_lookup`` too when the province may be empty (rows that cover a whole region).
    """

    province_lookup: str = ""
    region_lookup: str | None = None

    def for_user(self, user, action: str = "view") -> QuerySet:
        if not self.province_lookup:
            raise NotImplementedError(f"{type(self).__name__} must set province_lookup")
        return scope_queryset(
            self, user, action, province_lookup=self.province_lookup, region_lookup=self.region_lookup
        )
