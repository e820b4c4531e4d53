"""One FilterSet for the recommendation list, shared by the page, the API and the exports.

Places are picked with the shared place picker (``?region=&province=&municipality=`` PSGC codes,
only the user's areas offered and accepted).
"""

from __future__ import annotations

import django_filters

from common.filters import FoldedSearchFilter, IdFilter, bounded_integer_filter
from common.places.fields import PlaceField
from common.places.filters import PlaceFilter, PlaceFilterSetMixin
from coordination.filters import AreaPlaceFilter
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


class RecommendationFilterSet(PlaceFilterSetMixin, django_filters.FilterSet):
    q = FoldedSearchFilter(
        exact_fields=("reference",), help_text="Title or reference (PR-…); accents, case and Sto./Sta. do not matter."
    )
    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label="Any status")
    rec_type = django_filters.ChoiceFilter(choices=RecommendationType.choices, label="Type", empty_label="All types")
    category = django_filters.ChoiceFilter(choices=Category.choices, empty_label="All categories")
    sector = django_filters.ChoiceFilter(choices=Sector.choices, empty_label="All sectors")
    quadrant = django_filters.ChoiceFilter(
        choices=Quadrant.choices, method="filter_quadrant", label="Importance × urgency", empty_label="Any"
    )
    fiscal_year = bounded_integer_filter(minimum=2000, maximum=2100, label="Fiscal year")
    place = AreaPlaceFilter(area_model=RecommendationArea, area_fk="recommendation", nationwide=None)
    need = IdFilter(method="filter_need", label="Answers need (id)")

    class Meta:
        model = Recommendation
        fields = ["q", "status", "rec_type", "category", "sector", "quadrant", "fiscal_year", "place"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            if isinstance(field, PlaceField):
                continue
            css = "form-select form-select-sm" if hasattr(field, "choices") else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)

    def filter_quadrant(self, queryset, name, value):
        important, urgent = HIGH_RATING_FIELDS
        conditions = {
            Quadrant.DO: important & urgent,
            Quadrant.PLAN: important & ~urgent,
            Quadrant.DELEGATE: ~important & urgent,
            Quadrant.LATER: ~important & ~urgent,
        }
        return queryset.filter(conditions[value]) if value in conditions else queryset

    def filter_need(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(evidence__need=value).distinct()


class UnansweredNeedFilterSet(PlaceFilterSetMixin, django_filters.FilterSet):
    """Filters of the unanswered-needs list (open MANA needs no live recommendation answers)."""

    place = PlaceFilter(levels=("region", "province"), paths={"region": "region", "province": "province"})
    category = django_filters.ChoiceFilter(choices=Sector.choices, label="Sector", empty_label="All sectors")

    class Meta:
        model = Need
        fields = ["place", "category"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["category"].widget.attrs.setdefault("class", "form-select form-select-sm")
