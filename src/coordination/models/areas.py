"""Where a record works: any mix of regions, provinces/HUCs, cities/municipalities and barangays.

Each area row stores the place the user chose (the most specific level) and, derived from it, its
region and province. Scoping a multi-area record is then one ``EXISTS`` over the area table on the
indexed ``region`` or ``province`` column (see ``MultiAreaQuerySet``), whatever level was chosen.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q

from common.access import has_national_scope, permission_allows
from common.models import Barangay, Municipality, Province, Region

LEVELS = ("barangay", "municipality", "province", "region")
LEVEL_MODELS = {"barangay": Barangay, "municipality": Municipality, "province": Province, "region": Region}


def resolve_place(code: str):
    """The place with this PSGC code at any level, or a ValidationError."""
    code = (code or "").strip()
    if not code.isdigit() or len(code) not in (9, 10):
        raise ValidationError(f"{code!r} is not a PSGC code (10 digits).")
    code = code.zfill(10)
    for level in LEVELS:
        place = LEVEL_MODELS[level].objects.filter(code=code).first()
        if place is not None:
            return place
    raise ValidationError(f"No region, province, city/municipality or barangay has the PSGC code {code}.")


def place_parts(place) -> dict:
    """region/province/municipality/barangay of a place (the levels above it filled in)."""
    parts = {"region": None, "province": None, "municipality": None, "barangay": None}
    if isinstance(place, Barangay):
        parts["barangay"] = place
        place = place.municipality
    if isinstance(place, Municipality):
        parts["municipality"] = place
        place = place.province
    if isinstance(place, Province):
        parts["province"] = place
        place = place.region
    if isinstance(place, Region):
        parts["region"] = place
    if parts["region"] is None:
        raise ValidationError("Choose a region, province, city/municipality or barangay.")
    return parts


def user_area_ids(user) -> tuple[list[int], list[int]]:
    """The ids of the user's assigned regions and provinces, read once per request (cached on the user)."""
    cached = getattr(user, "_coordination_area_ids", None)
    if cached is None:
        cached = (list(user.regions.values_list("pk", flat=True)), list(user.provinces.values_list("pk", flat=True)))
        user._coordination_area_ids = cached
    return cached


def user_area_q(user, province_path: str = "province", region_path: str = "region") -> Q:
    """``common.access.area_q`` with the user's area ids as literal lists: the same rule, but the
    database can use the indexes on both columns (an OR of two indexed IN lists)."""
    regions, provinces = user_area_ids(user)
    return Q(**{f"{region_path}__in": regions}) | Q(**{f"{province_path}__in": provinces})


class PlaceFields(models.Model):
    """A place at any level, with the levels above it (derived, for scoping and roll-ups)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(Province, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    barangay = models.ForeignKey(Barangay, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    def set_place(self, place) -> None:
        for level, value in place_parts(place).items():
            setattr(self, level, value)

    @property
    def place(self):
        return self.barangay or self.municipality or self.province or self.region

    @property
    def place_code(self) -> str:
        return self.place.code

    @property
    def place_label(self) -> str:
        parts = [p.name for p in (self.barangay, self.municipality, self.province) if p is not None]
        return ", ".join(parts) if parts else self.region.name


class MultiAreaQuerySet(models.QuerySet):
    """``for_user`` for records with many areas (an ``area_model`` with a FK ``area_fk`` to them).

    A user sees a record when one of its areas lies in the user's regions or provinces (one EXISTS
    on the area table's indexed region/province), or, for reading only, when it works nationwide.
    Writing a nationwide record needs a national role (an officer cannot edit a ministry that works
    in every region).
    """

    area_model: str = ""
    area_fk: str = ""

    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def in_areas_of(self, user):
        areas = self.model._meta.apps.get_model("coordination", self.area_model).objects.filter(
            Q(**{self.area_fk: OuterRef("pk")}) & user_area_q(user)
        )
        return Exists(areas)

    def deleted(self):
        return self.filter(deleted_at__isnull=False)

    def for_user(self, user, action: str = "view"):
        return self.alive().in_scope_of(user, action)

    def in_scope_of(self, user, action: str = "view"):
        """The area and role rule without the "alive" filter (``deleted().in_scope_of(user, "delete")``:
        the deleted records a user may restore)."""
        if not permission_allows(user, self.model, action):
            return self.none()
        if has_national_scope(user):
            return self
        condition = self.in_areas_of(user)
        if action == "view":
            condition |= Q(is_nationwide=True)
        return self.filter(condition)

    def for_counts(self, user):
        """Rows that count in aggregates for ``user``: the viewable rows, or for roles that see only
        aggregates (Partner Viewer), the rows in their areas."""
        if permission_allows(user, self.model, "view"):
            return self.for_user(user, "view")
        if not (user and user.is_active and user.has_perm("coordination.view_aggregates")):
            return self.none()
        if has_national_scope(user):
            return self.alive()
        return self.alive().filter(self.in_areas_of(user) | Q(is_nationwide=True))
