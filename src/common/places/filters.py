"""The place picker as a django-filter filter, shared by list pages, the API and exports.

    class MyFilterSet(PlaceFilterSetMixin, django_filters.FilterSet):
        place = PlaceFilter(
            levels=("region", "province", "municipality"),
            paths={"region": "province__region", "province": "province", "municipality": "municipality"},
        )

The filter reads one query parameter per level (``?region=…&province=…&municipality=…``, PSGC
codes), narrows each level to the chosen parent and to the user's areas, and filters rows by the
deepest place chosen. ``PlaceFilterSetMixin`` binds the request's user to the picker.
"""

from __future__ import annotations

import django_filters

from common.places.fields import PlaceField, bind_place_fields
from common.places.labels import LEVELS


class PlaceFilter(django_filters.Filter):
    field_class = PlaceField

    def __init__(self, *, levels=LEVELS[:3], paths, multiple=False, **kwargs):
        self.paths = dict(paths)
        self.levels = tuple(levels)
        kwargs.setdefault("label", "Place")
        super().__init__(
            levels=levels,
            multiple=multiple,
            names={level: level for level in levels},
            any_labels=True,
            required=False,
            **kwargs,
        )

    def filter(self, queryset, value):
        if not value:
            return queryset
        if value.many:
            return queryset.filter(**{f"{self.paths[value.many_level]}__in": value.many})
        level = value.level
        return queryset.filter(**{self.paths[level]: value.deepest})


class PlaceFilterSetMixin:
    """Binds the request's user to every place filter (no request: nothing is offered or accepted)."""

    @property
    def form(self):
        # Bound when the form is first built, so a view may still adjust ``filters`` after __init__.
        form = super().form
        if not getattr(form, "_places_bound", False):
            request = getattr(self, "request", None)
            bind_place_fields(form, getattr(request, "user", None))
            form._places_bound = True
        return form
