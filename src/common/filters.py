"""Filters shared by every app's FilterSets, with the bounds the OpenAPI schema states.

A plain ``NumberFilter`` on an id accepts ``1e308`` or ``-5.3e152`` and hands it to the database
(SQLite raises OverflowError: a 500). :class:`IdFilter` takes whole numbers from 1 to the largest
big-integer key and answers anything else with a 400, as its schema says.
"""

from __future__ import annotations

import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field

MAX_ID = 2**63 - 1  # BigAutoField (DEFAULT_AUTO_FIELD) on SQLite and PostgreSQL


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """A record id (``?assessment=12``)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


def bounded_number_filter(*, minimum: float, maximum: float, **kwargs) -> django_filters.NumberFilter:
    """A decimal filter whose schema and form field share the same bounds."""
    number_filter = extend_schema_field({"type": "number", "minimum": minimum, "maximum": maximum})(
        type("BoundedNumberFilter", (django_filters.NumberFilter,), {})
    )
    return number_filter(min_value=minimum, max_value=maximum, **kwargs)
