"""How places are named on screen: the PSGC asterisk dropped, HUCs marked, and a name that occurs
more than once at its level (e.g. "San Jose" ×9) followed by its parent: "San Jose (Antique)"."""

from __future__ import annotations

from django.db.models import Count

from common.models import Barangay, Municipality, Province, Region
from common.places.names import name_label, province_label

LEVELS = ("region", "province", "municipality", "barangay")
MODELS = {"region": Region, "province": Province, "municipality": Municipality, "barangay": Barangay}
LEVEL_LABELS = {
    "region": "Region",
    "province": "Province / HUC",
    "municipality": "City / municipality",
    "barangay": "Barangay",
}


def display_name(obj) -> str:
    """The name as people write it: without the PSGC footnote asterisk, a HUC marked once."""
    if isinstance(obj, Province):
        return province_label(obj.name, obj.kind)
    return name_label(obj.name)


def parent_of(obj):
    """The parent shown beside a duplicate name (a barangay's city for Manila's districts)."""
    if isinstance(obj, Province):
        return obj.region
    if isinstance(obj, Municipality):
        return obj.province
    if isinstance(obj, Barangay):
        return obj.municipality.parent_city or obj.municipality
    return None


def duplicated_names(model, names) -> set[str]:
    """Which of ``names`` occur more than once at the model's level, nationally (one query)."""
    if model is Region or not names:
        return set()
    queryset = model.objects.filter(name__in=set(names))
    if model is Municipality:
        queryset = queryset.exclude(kind=Municipality.Kind.SUB_MUNICIPALITY)
    rows = queryset.values("name").annotate(n=Count("pk")).filter(n__gt=1)
    return {row["name"] for row in rows}


def place_labels(objs) -> dict[int, str]:
    """``{pk: label}`` for places of one level; duplicates carry their parent's name.

    The caller selects the parent (``select_related``) so labelling costs one query per level."""
    objs = list(objs)
    if not objs:
        return {}
    dupes = duplicated_names(type(objs[0]), [o.name for o in objs])
    labels = {}
    for obj in objs:
        label = display_name(obj)
        parent = parent_of(obj) if obj.name in dupes else None
        labels[obj.pk] = f"{label} ({display_name(parent)})" if parent is not None else label
    return labels


def place_label(obj) -> str:
    return place_labels([obj])[obj.pk] if obj is not None else ""
