"""Small pieces the tools share: limiting a queryset to a place, links, plain JSON values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from .base import Source

#: Paths from a model with PlaceFields-like columns (region, province, municipality, barangay) to each level.
PLACE_FIELDS = {"region": "region", "province": "province", "municipality": "municipality", "barangay": "barangay"}
MAX_ROWS = 10


def place_q(place, paths: dict[str, str]) -> Q:
    """Rows at ``place`` or below it; ``paths`` maps each level to the row's lookup of that level."""
    if place is None:
        return Q()
    if place.level in paths:
        return Q(**{paths[place.level]: place.obj})
    # The row records nothing that fine (a need has region/province only): the nearest coarser level.
    for level in ("municipality", "province", "region"):
        if level in paths and level != place.level:
            parent = {
                "municipality": getattr(place.obj, "municipality", None),
                "province": place.province,
                "region": place.region,
            }[level]
            if parent is not None:
                return Q(**{paths[level]: parent})
    return Q()


def area_exists(area_model, fk: str, place) -> Q:
    """For records with an area table (partnerships, organizations, recommendations): one of their areas
    lies at ``place`` or below."""
    if place is None:
        return Q()
    return Q(Exists(area_model.objects.filter(Q(**{fk: OuterRef("pk")}) & place_q(place, PLACE_FIELDS))))


def link(label: str, name: str, *args, query: str = "") -> Source:
    return Source(label=label, url=reverse(name, args=args) + query)


def plain(value):
    """A JSON value: dates as ISO text, decimals as numbers."""
    if isinstance(value, Decimal):
        return float(value) if value % 1 else int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def bounded_int(args: dict, name: str, default: int, low: int, high: int) -> int:
    value = args.get(name, default)
    if isinstance(value, bool):
        return default
    try:
        value = int(value)
    except (TypeError, ValueError):
        return default
    return max(low, min(high, value))


def choice(args: dict, name: str, choices) -> str:
    """A value of a TextChoices given by code or label (case-insensitive); "" when absent or unknown."""
    wanted = str(args.get(name) or "").strip().lower().replace(" ", "_")
    if not wanted:
        return ""
    for value, label in choices.choices:
        if wanted in (value, str(label).lower().replace(" ", "_")):
            return value
    return ""


def area_label(place) -> str:
    return place.describe() if place is not None else "all your areas"
