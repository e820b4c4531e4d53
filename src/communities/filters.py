"""One FilterSet per list, shared by the page, the API and exports.

Location choices are limited to what the user may see and, for provinces and municipalities,
to areas that have OBC coverage, so the dropdowns stay short whatever the user's scope.
Locations are given by PSGC code (``?province=0907200000``).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from common.models import Municipality, Province, Region
from communities.models import BarangayOBC, MunicipalCoverage, ProvincialCoverage, contains_code
from communities.models.choices import EthnolinguisticGroup, Livelihood

SEARCH_HELP = "OBC ID, barangay, purok/sitio, city/municipality or province"


def _user(request):
    return getattr(request, "user", None)


def _regions(request):
    return Region.objects.for_user(_user(request)).order_by("code") if request else Region.objects.none()


def _provinces(request):
    if request is None:
        return Province.objects.none()
    covered = ProvincialCoverage.objects.for_user(_user(request)).values("province_id")
    return Province.objects.filter(pk__in=covered).order_by("name")


def _municipalities(request):
    if request is None:
        return Municipality.objects.none()
    covered = MunicipalCoverage.objects.for_user(_user(request)).values("municipality_id")
    return Municipality.objects.filter(pk__in=covered).select_related("province").order_by("name")


@extend_schema_field(OpenApiTypes.STR)
class PlaceFilter(django_filters.ModelChoiceFilter):
    """A place chosen by PSGC code (``to_field_name="code"``)."""


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.province.name})"


class MunicipalityFilter(PlaceFilter):
    field_class = MunicipalityChoiceField


class LocationFilterSet(django_filters.FilterSet):
    """Region / province filters shared by every list. Subclasses say where the province is."""

    province_path = "province"

    region = PlaceFilter(
        queryset=_regions, to_field_name="code", method="filter_region", label="Region", empty_label="All regions"
    )
    province = PlaceFilter(
        queryset=_provinces,
        to_field_name="code",
        method="filter_province",
        label="Province / HUC",
        empty_label="All provinces",
    )
    q = django_filters.CharFilter(method="filter_search", label="Search", help_text=SEARCH_HELP)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)
        self.form.fields["q"].widget.attrs.setdefault("placeholder", SEARCH_HELP)
        if "municipality" in self.form.fields:
            self._short_municipality_list()

    def _short_municipality_list(self):
        """Show only the chosen province's cities/municipalities (a short list; the page reloads
        on a province change). Any covered municipality still validates, e.g. from the API."""
        field = self.form.fields["municipality"]
        province = self.data.get("province")
        if province:
            rows = field.queryset.filter(province__code=province)
            field.widget.choices = [("", "All"), *((m.code, m.name) for m in rows)]
        else:
            chosen = field.queryset.filter(code=self.data.get("municipality") or "-")
            field.widget.choices = [("", "Choose a province first"), *((m.code, m.name) for m in chosen)]

    def filter_region(self, queryset, name, value):
        return queryset.filter(**{f"{self.province_path}__region": value}) if value else queryset

    def filter_province(self, queryset, name, value):
        return queryset.filter(**{self.province_path: value}) if value else queryset

    def filter_search(self, queryset, name, value):
        raise NotImplementedError


def group_filter():
    """Ethnolinguistic group: each FilterSet's ``filter_group`` says what matching means for its rows."""
    return django_filters.ChoiceFilter(
        choices=EthnolinguisticGroup.choices,
        method="filter_group",
        label="Ethnolinguistic group",
        empty_label="Any group",
    )


def livelihood_filter():
    return django_filters.ChoiceFilter(
        choices=Livelihood.choices, method="filter_livelihood", label="Livelihood", empty_label="Any livelihood"
    )


class BarangayOBCFilterSet(LocationFilterSet):
    municipality = MunicipalityFilter(
        queryset=_municipalities,
        to_field_name="code",
        label="City / municipality",
        empty_label="All",
        method="filter_municipality",
    )
    ethnolinguistic_group = group_filter()
    livelihood = livelihood_filter()

    class Meta:
        model = BarangayOBC
        fields = ["q", "region", "province", "municipality", "ethnolinguistic_group", "livelihood"]

    def filter_municipality(self, queryset, name, value):
        return queryset.filter(municipality=value) if value else queryset

    def filter_group(self, queryset, name, value):
        """Primary or other ethnolinguistic group."""
        return queryset.filter(
            Q(primary_ethnolinguistic_group=value) | contains_code("other_ethnolinguistic_groups", value)
        )

    def filter_livelihood(self, queryset, name, value):
        """Primary or secondary livelihood."""
        return queryset.filter(Q(primary_livelihood=value) | contains_code("secondary_livelihoods", value))

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(obc_id__icontains=value)
            | Q(barangay__name__icontains=value)
            | Q(purok_sitio__icontains=value)
            | Q(municipality__name__icontains=value)
            | Q(province__name__icontains=value)
        )


class _CoverageFilterSet(LocationFilterSet):
    area_field = ""  # "municipality" or "province"

    ethnolinguistic_group = group_filter()
    livelihood = livelihood_filter()

    def _having(self, queryset, condition: Q):
        communities = BarangayOBC.objects.filter(condition, **{self.area_field: OuterRef(self.area_field)})
        return queryset.filter(Exists(communities))

    def filter_group(self, queryset, name, value):
        return self._having(
            queryset, Q(primary_ethnolinguistic_group=value) | contains_code("other_ethnolinguistic_groups", value)
        )

    def filter_livelihood(self, queryset, name, value):
        return self._having(queryset, Q(primary_livelihood=value) | contains_code("secondary_livelihoods", value))


class MunicipalCoverageFilterSet(_CoverageFilterSet):
    province_path = "municipality__province"
    area_field = "municipality"

    municipality = MunicipalityFilter(
        queryset=_municipalities,
        to_field_name="code",
        label="City / municipality",
        empty_label="All",
        method="filter_municipality",
    )

    class Meta:
        model = MunicipalCoverage
        fields = ["q", "region", "province", "municipality", "ethnolinguistic_group", "livelihood"]

    def filter_municipality(self, queryset, name, value):
        return queryset.filter(municipality=value) if value else queryset

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(municipality__name__icontains=value) | Q(municipality__province__name__icontains=value)
        )


class ProvincialCoverageFilterSet(_CoverageFilterSet):
    province_path = "province"
    area_field = "province"

    class Meta:
        model = ProvincialCoverage
        fields = ["q", "region", "province", "ethnolinguistic_group", "livelihood"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(province__name__icontains=value) if value else queryset
