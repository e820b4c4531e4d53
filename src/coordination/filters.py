"""One FilterSet per list, shared by the page, the API and the exports.

Places are given by PSGC code (``?region=0900000000``); choices are limited to the user's areas.
Text search folds accents, case and "Sto./Sta." the same way as the location search.
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from common.filters import IdFilter, StrictBooleanFilter, bounded_integer_filter
from common.models import Province, Region
from coordination.models import (
    ActionItem,
    Engagement,
    Organization,
    OrganizationArea,
    OrganizationSector,
    OrganizationType,
    Partnership,
    PartnershipArea,
    PartnershipParty,
    Sector,
)
from coordination.services.organizations import name_key


def _regions(request):
    return (
        Region.objects.for_user(getattr(request, "user", None)).order_by("code") if request else Region.objects.none()
    )


def _provinces(request):
    if request is None:
        return Province.objects.none()
    return Province.objects.for_user(request.user).order_by("name")


@extend_schema_field(OpenApiTypes.STR)
class PlaceFilter(django_filters.ModelChoiceFilter):
    """A place chosen by PSGC code."""


class StyledFilterSet(django_filters.FilterSet):
    region = PlaceFilter(queryset=_regions, to_field_name="code", method="filter_region", empty_label="All regions")
    province = PlaceFilter(
        queryset=_provinces, to_field_name="code", method="filter_province", label="Province / HUC",
        empty_label="All provinces",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select form-select-sm" if hasattr(field, "choices") else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)

    def filter_region(self, queryset, name, value):
        return queryset.filter(region=value) if value else queryset

    def filter_province(self, queryset, name, value):
        return queryset.filter(province=value) if value else queryset


class MultiAreaFilterSet(StyledFilterSet):
    """Region/province filters for records with many areas (one EXISTS on the area table)."""

    area_model = OrganizationArea
    area_fk = "organization"

    def _in_area(self, queryset, **lookup):
        areas = self.area_model.objects.filter(**{self.area_fk: OuterRef("pk")}, **lookup)
        return queryset.filter(Exists(areas) | Q(is_nationwide=True))

    def filter_region(self, queryset, name, value):
        return self._in_area(queryset, region=value) if value else queryset

    def filter_province(self, queryset, name, value):
        return self._in_area(queryset, province=value) if value else queryset


class OrganizationFilterSet(MultiAreaFilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Search", help_text="Name or acronym")
    org_type = django_filters.ChoiceFilter(choices=OrganizationType.choices, label="Type", empty_label="All types")
    sector = django_filters.ChoiceFilter(choices=Sector.choices, method="filter_sector", empty_label="All sectors")
    status = django_filters.ChoiceFilter(choices=Organization.Status.choices, empty_label="Any status")

    class Meta:
        model = Organization
        fields = ["q", "org_type", "sector", "status", "region", "province"]

    def filter_search(self, queryset, name, value):
        key = name_key(value or "")
        if not key:
            return queryset
        return queryset.filter(Q(name_key__contains=key) | Q(acronym_key__startswith=key))

    def filter_sector(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Exists(OrganizationSector.objects.filter(organization=OuterRef("pk"), sector=value)))


class EngagementFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Search", help_text="Title or venue")
    kind = django_filters.ChoiceFilter(choices=Engagement.Kind.choices, label="Type", empty_label="All types")
    status = django_filters.ChoiceFilter(choices=Engagement.Status.choices, empty_label="Any status")
    start = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__gte", label="From")
    end = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__lte", label="To")
    mine = StrictBooleanFilter(method="filter_mine", label="Mine only")
    organization = IdFilter(method="filter_organization", label="Organization id")

    class Meta:
        model = Engagement
        fields = ["q", "kind", "status", "region", "province", "start", "end", "mine"]

    def filter_search(self, queryset, name, value):
        value = (value or "").strip()
        return queryset.filter(Q(title__icontains=value) | Q(venue__icontains=value)) if value else queryset

    def filter_mine(self, queryset, name, value):
        if not value:
            return queryset
        user = self.request.user
        staffed = Engagement.staff.through.objects.filter(engagement_id=OuterRef("pk"), user_id=user.pk)
        return queryset.filter(Q(lead=user) | Exists(staffed))

    def filter_organization(self, queryset, name, value):
        if not value:
            return queryset
        present = Engagement.organizations.through.objects.filter(engagement_id=OuterRef("pk"), organization_id=value)
        return queryset.filter(Exists(present))


class PartnershipFilterSet(MultiAreaFilterSet):
    area_model = PartnershipArea
    area_fk = "partnership"

    q = django_filters.CharFilter(method="filter_search", label="Search", help_text="Title or reference no.")
    kind = django_filters.ChoiceFilter(choices=Partnership.Kind.choices, label="Type", empty_label="All types")
    status = django_filters.ChoiceFilter(choices=Partnership.Status.choices, empty_label="Any status")
    expiring = bounded_integer_filter(minimum=0, maximum=3650, method="filter_expiring", label="Expiring within (days)")
    organization = IdFilter(method="filter_organization", label="Organization id")

    class Meta:
        model = Partnership
        fields = ["q", "kind", "status", "region", "province", "expiring"]

    def filter_search(self, queryset, name, value):
        value = (value or "").strip()
        return queryset.filter(Q(title__icontains=value) | Q(reference_no__icontains=value)) if value else queryset

    def filter_expiring(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        return queryset.filter(
            status=Partnership.Status.ACTIVE, expiry_date__gte=today,
            expiry_date__lte=today + dt.timedelta(days=value),
        )  # fmt: skip

    def filter_organization(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Exists(PartnershipParty.objects.filter(partnership=OuterRef("pk"), organization_id=value))
        )


class ActionItemFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="Search")
    status = django_filters.ChoiceFilter(choices=ActionItem.Status.choices, empty_label="Any status")
    open = StrictBooleanFilter(method="filter_open", label="Open only")
    overdue = StrictBooleanFilter(method="filter_overdue", label="Overdue only")
    mine = StrictBooleanFilter(method="filter_mine", label="Mine only")

    class Meta:
        model = ActionItem
        fields = ["q", "status", "open", "overdue", "mine", "region", "province"]

    def filter_open(self, queryset, name, value):
        return queryset.open() if value else queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.open().filter(due_date__lt=timezone.localdate()) if value else queryset

    def filter_mine(self, queryset, name, value):
        return queryset.filter(owner=self.request.user) if value else queryset
