"""One FilterSet per list, shared by the page, the API and the exports.

Places are picked with the shared place picker (``?region=&province=&municipality=`` PSGC codes,
only the user's areas offered and accepted).
Text search is ``FoldedSearchFilter`` on each record's folded, indexed ``search_folded`` column:
accents, case and "Sto./Sta." do not matter.
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from common.filters import FoldedSearchFilter, IdFilter, StrictBooleanFilter, bounded_integer_filter
from common.places.fields import PlaceField
from common.places.filters import PlaceFilter, PlaceFilterSetMixin
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

PLACE_LEVELS = ("region", "province", "municipality")
DIRECT_PATHS = {"region": "region", "province": "province", "municipality": "municipality"}


class AreaPlaceFilter(PlaceFilter):
    """The shared place picker for records with many areas: one EXISTS on the area table (the chosen
    place at its level), and records working nationwide when ``nationwide`` names that flag."""

    def __init__(self, *, area_model, area_fk: str, nationwide: str | None = "is_nationwide", **kwargs):
        self.area_model, self.area_fk, self.nationwide = area_model, area_fk, nationwide
        kwargs.setdefault("levels", PLACE_LEVELS)
        super().__init__(paths=DIRECT_PATHS, **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        areas = self.area_model.objects.filter(**{self.area_fk: OuterRef("pk"), f"{value.level}__in": value.items})
        condition = Exists(areas)
        if self.nationwide:
            condition |= Q(**{self.nationwide: True})
        return queryset.filter(condition)


class StyledFilterSet(PlaceFilterSetMixin, django_filters.FilterSet):
    """The list filters' look, and the shared place picker (``?region=&province=&municipality=``)."""

    place = PlaceFilter(levels=PLACE_LEVELS, paths=DIRECT_PATHS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            if isinstance(field, PlaceField):
                continue
            css = "form-select form-select-sm" if hasattr(field, "choices") else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)


class OrganizationFilterSet(StyledFilterSet):
    q = FoldedSearchFilter(help_text="Name or acronym (accents, case and Sto./Sta. do not matter)")
    org_type = django_filters.ChoiceFilter(choices=OrganizationType.choices, label="Type", empty_label="All types")
    sector = django_filters.ChoiceFilter(choices=Sector.choices, method="filter_sector", empty_label="All sectors")
    status = django_filters.ChoiceFilter(choices=Organization.Status.choices, empty_label="Any status")
    place = AreaPlaceFilter(area_model=OrganizationArea, area_fk="organization")

    class Meta:
        model = Organization
        fields = ["q", "org_type", "sector", "status", "place"]

    def filter_sector(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Exists(OrganizationSector.objects.filter(organization=OuterRef("pk"), sector=value)))


class EngagementFilterSet(StyledFilterSet):
    q = FoldedSearchFilter(help_text="Title or venue (accents, case and Sto./Sta. do not matter)")
    kind = django_filters.ChoiceFilter(choices=Engagement.Kind.choices, label="Type", empty_label="All types")
    status = django_filters.ChoiceFilter(choices=Engagement.Status.choices, empty_label="Any status")
    start = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__gte", label="From")
    end = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__lte", label="To")
    mine = StrictBooleanFilter(method="filter_mine", label="Mine only")
    organization = IdFilter(method="filter_organization", label="Organization id")

    class Meta:
        model = Engagement
        fields = ["q", "kind", "status", "place", "start", "end", "mine"]

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


class PartnershipFilterSet(StyledFilterSet):
    q = FoldedSearchFilter(help_text="Title or reference no. (accents, case and Sto./Sta. do not matter)")
    kind = django_filters.ChoiceFilter(choices=Partnership.Kind.choices, label="Type", empty_label="All types")
    status = django_filters.ChoiceFilter(choices=Partnership.Status.choices, empty_label="Any status")
    expiring = bounded_integer_filter(minimum=0, maximum=3650, method="filter_expiring", label="Expiring within (days)")
    organization = IdFilter(method="filter_organization", label="Organization id")
    place = AreaPlaceFilter(area_model=PartnershipArea, area_fk="partnership")

    class Meta:
        model = Partnership
        fields = ["q", "kind", "status", "place", "expiring"]

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
    q = FoldedSearchFilter(help_text="Title (accents, case and Sto./Sta. do not matter)")
    status = django_filters.ChoiceFilter(choices=ActionItem.Status.choices, empty_label="Any status")
    open = StrictBooleanFilter(method="filter_open", label="Open only")
    overdue = StrictBooleanFilter(method="filter_overdue", label="Overdue only")
    mine = StrictBooleanFilter(method="filter_mine", label="Mine only")

    class Meta:
        model = ActionItem
        fields = ["q", "status", "open", "overdue", "mine", "place"]

    def filter_open(self, queryset, name, value):
        return queryset.open() if value else queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.open().filter(due_date__lt=timezone.localdate()) if value else queryset

    def filter_mine(self, queryset, name, value):
        return queryset.filter(owner=self.request.user) if value else queryset
