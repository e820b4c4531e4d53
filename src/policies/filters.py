"""One FilterSet for the recommendation list, shared by the page, the API and the exports.

Places are given by PSGC code (``?region=0900000000``) and offered only within the user's areas.
"""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from common.filters import IdFilter, bounded_integer_filter
from common.models import Province, Region
from mana.models import Need
from policies.models import (
    HIGH_RATING_FIELDS,
    Category,
    Quadrant,
    Recommendation,
    RecommendationArea,
    RecommendationType,
    Sector,
    Status,
)


def _regions(request):
    return Region.objects.for_user(request.user).order_by("code") if request else Region.objects.none()


def _provinces(request):
    return Province.objects.for_user(request.user).order_by("name") if request else Province.objects.none()


@extend_schema_field(OpenApiTypes.STR)
class PlaceFilter(django_filters.ModelChoiceFilter):
    """A place chosen by PSGC code."""


class RecommendationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Search", help_text="Title or reference (PR-…).")
    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label="Any status")
    rec_type = django_filters.ChoiceFilter(choices=RecommendationType.choices, label="Type", empty_label="All types")
    category = django_filters.ChoiceFilter(choices=Category.choices, empty_label="All categories")
    sector = django_filters.ChoiceFilter(choices=Sector.choices, empty_label="All sectors")
    quadrant = django_filters.ChoiceFilter(
        choices=Quadrant.choices, method="filter_quadrant", label="Importance × urgency", empty_label="Any"
    )
    fiscal_year = bounded_integer_filter(minimum=2000, maximum=2100, label="Fiscal year")
    region = PlaceFilter(
        queryset=_regions, to_field_name="code", method="filter_region", label="Region", empty_label="All regions"
    )
    province = PlaceFilter(
        queryset=_provinces, to_field_name="code", method="filter_province", label="Province / HUC",
        empty_label="All provinces",
    )  # fmt: skip
    need = IdFilter(method="filter_need", label="Answers need (id)")

    class Meta:
        model = Recommendation
        fields = ["q", "status", "rec_type", "category", "sector", "quadrant", "fiscal_year", "region", "province"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select form-select-sm" if hasattr(field, "choices") else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)

    def filter_search(self, queryset, name, value):
        value = (value or "").strip()
        return queryset.filter(Q(title__icontains=value) | Q(reference__iexact=value)) if value else queryset

    def filter_quadrant(self, queryset, name, value):
        important, urgent = HIGH_RATING_FIELDS
        conditions = {
            Quadrant.DO: important & urgent,
            Quadrant.PLAN: important & ~urgent,
            Quadrant.DELEGATE: ~important & urgent,
            Quadrant.LATER: ~important & ~urgent,
        }
        return queryset.filter(conditions[value]) if value in conditions else queryset

    def _in_area(self, queryset, **lookup):
        areas = RecommendationArea.objects.filter(recommendation=OuterRef("pk"), **lookup)
        return queryset.filter(Exists(areas))

    def filter_region(self, queryset, name, value):
        return self._in_area(queryset, region=value) if value else queryset

    def filter_province(self, queryset, name, value):
        return self._in_area(queryset, province=value) if value else queryset

    def filter_need(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(evidence__need=value).distinct()


class UnansweredNeedFilterSet(django_filters.FilterSet):
    """Filters of the unanswered-needs list (open MANA needs no live recommendation answers)."""

    region = PlaceFilter(queryset=_regions, to_field_name="code", field_name="region", empty_label="All regions")
    province = PlaceFilter(
        queryset=_provinces, to_field_name="code", field_name="province", label="Province / HUC",
        empty_label="All provinces",
    )  # fmt: skip
    category = django_filters.ChoiceFilter(choices=Sector.choices, label="Sector", empty_label="All sectors")

    class Meta:
        model = Need
        fields = ["region", "province", "category"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm")
