"""Filters shared by every app's FilterSets.

``FoldedSearchFilter``: the one text search of every list and API.

    q = FoldedSearchFilter(fields=("search_folded",), exact_fields=("obc_id",),
                           fuzzy_places={"barangay": "barangay", "municipality": "municipality"})

The query is folded like the stored ``search_folded`` column (common/folding.py) and every word must
occur; ``exact_fields`` are also matched as typed (codes, ids). When nothing matches and
``fuzzy_places`` is given, the typo-tolerant place search (common/locations/search.py) finds the
places the query most likely means ("dapitn" → Dapitan) and the rows in them are returned.

``IdFilter``, ``bounded_integer_filter`` and ``bounded_number_filter``: numbers with the bounds the
OpenAPI schema states. A plain ``NumberFilter`` on an id accepts ``1e308`` or ``-5.3e152`` and hands it to
the database (SQLite raises OverflowError: a 500), and takes ``0.5`` for a year; these answer anything
outside their bounds, or not whole, with a 400.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from drf_spectacular.utils import extend_schema_field

from common.folding import folded_q

FUZZY_CUTOFF = 85.0


class FoldedSearchFilter(django_filters.CharFilter):
    def __init__(self, *, fields=("search_folded",), exact_fields=(), fuzzy_places=None, **kwargs):
        self.fields = tuple(fields)
        self.exact_fields = tuple(exact_fields)
        self.fuzzy_places = dict(fuzzy_places or {})
        kwargs.setdefault("label", "Search")
        super().__init__(**kwargs)

    def filter(self, queryset, value):
        value = (value or "").strip()
        if not value:
            return queryset
        condition = folded_q(value, self.fields) or Q(pk__in=[])
        for field in self.exact_fields:
            condition |= Q(**{f"{field}__icontains": value})
        matched = queryset.filter(condition)
        if not self.fuzzy_places or matched.exists():
            return matched
        near = self.nearest_places(value)
        return queryset.filter(near) if near is not None else matched

    def nearest_places(self, value) -> Q | None:
        from common.locations import search as location_search

        hits = location_search.search(value, limit=10, levels=set(self.fuzzy_places), score_cutoff=FUZZY_CUTOFF)
        condition = None
        for level, place, _score in hits:
            term = Q(**{self.fuzzy_places[level]: place.pk})
            condition = term if condition is None else condition | term
        return condition


MAX_ID = 2**63 - 1  # BigAutoField (DEFAULT_AUTO_FIELD) on SQLite and PostgreSQL


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """A record id (``?assessment=12``)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


def bounded_integer_filter(*, minimum: int, maximum: int, **kwargs) -> django_filters.NumberFilter:
    """A whole-number filter (a year, a count of days) whose schema and form field share the same bounds:
    ``0.5`` or ``1e9`` is a 400, not an empty page."""
    integer_filter = extend_schema_field({"type": "integer", "minimum": minimum, "maximum": maximum})(
        type("BoundedIntegerFilter", (django_filters.NumberFilter,), {"field_class": forms.IntegerField})
    )
    return integer_filter(min_value=minimum, max_value=maximum, **kwargs)


def bounded_number_filter(*, minimum: float, maximum: float, **kwargs) -> django_filters.NumberFilter:
    """A decimal filter whose schema and form field share the same bounds."""
    number_filter = extend_schema_field({"type": "number", "minimum": minimum, "maximum": maximum})(
        type("BoundedNumberFilter", (django_filters.NumberFilter,), {})
    )
    return number_filter(min_value=minimum, max_value=maximum, **kwargs)


class StrictNullBooleanField(forms.NullBooleanField):
    """``true``/``false`` (or empty for "any"); anything else is a 400, as the schema's enum says
    (Django's NullBooleanField reads an unknown value as "any")."""

    ACCEPTED = {"", "true", "false", "True", "False", "1", "0", "yes", "no", "unknown"}

    def clean(self, value):
        if isinstance(value, str) and value not in self.ACCEPTED:
            raise forms.ValidationError("Give true or false.", code="invalid")
        return super().clean(value)


class StrictBooleanWidget(django_filters.widgets.BooleanWidget):
    """django-filter's yes/no widget, but an unrecognised value reaches the field (and is refused)
    instead of being read as "not given"."""

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        raw = data.get(name)
        return raw if value is None and raw not in (None, "") else value


class StrictBooleanFilter(django_filters.BooleanFilter):
    """A yes/no filter that refuses values other than true/false (``?mine=-5`` is a 400, not "any")."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", StrictBooleanWidget)
        super().__init__(*args, **kwargs)

    field_class = StrictNullBooleanField
