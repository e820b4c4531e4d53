"""One FilterSet per list, shared by the page, the API and exports.

Places are picked with the shared place picker (``common.places``): each level lists only the
chosen parent's places within the user's areas. Places are given by PSGC code
(``?region=0900000000&province=0907200000``).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from common.filters import FoldedSearchFilter
from common.places.filters import PlaceFilter, PlaceFilterSetMixin
from communities.models import BarangayOBC, CommunityLeader, MunicipalCoverage, ProvincialCoverage, contains_code
from communities.models.choices import EthnolinguisticGroup, Livelihood

SEARCH_HELP = "OBC ID, barangay, purok/sitio, city/municipality or province"


COMMUNITY_PATHS = {"region": "province__region", "province": "province", "municipality": "municipality"}


class LocationFilterSet(PlaceFilterSetMixin, django_filters.FilterSet):
    """The shared place picker (``?region=…&province=…&municipality=…``) and a folded search.
    Subclasses declare ``place`` with their levels and paths."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)
        self.form.fields["q"].widget.attrs.setdefault("placeholder", self.form.fields["q"].help_text or "")
        self.form.fields["place"].widget.attrs.update({"small": True, "level_class": "col-12 col-sm-4"})


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
    q = FoldedSearchFilter(
        exact_fields=("obc_id",),
        fuzzy_places={"barangay": "barangay", "municipality": "municipality", "province": "province"},
        help_text=SEARCH_HELP,
    )
    place = PlaceFilter(paths=COMMUNITY_PATHS, label="Place")
    ethnolinguistic_group = group_filter()
    livelihood = livelihood_filter()

    class Meta:
        model = BarangayOBC
        fields = ["q", "place", "ethnolinguistic_group", "livelihood"]

    def filter_group(self, queryset, name, value):
        """Primary or other ethnolinguistic group."""
        return queryset.filter(
            Q(primary_ethnolinguistic_group=value) | contains_code("other_ethnolinguistic_groups", value)
        )

    def filter_livelihood(self, queryset, name, value):
        """Primary or secondary livelihood."""
        return queryset.filter(Q(primary_livelihood=value) | contains_code("secondary_livelihoods", value))


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
    area_field = "municipality"

    q = FoldedSearchFilter(
        fields=("municipality__search_folded", "municipality__province__search_folded"),
        fuzzy_places={"municipality": "municipality", "province": "municipality__province"},
        help_text="City/municipality or province",
    )
    place = PlaceFilter(
        paths={"region": "municipality__province__region", "province": "municipality__province",
               "municipality": "municipality"},
        label="Place",
    )  # fmt: skip

    class Meta:
        model = MunicipalCoverage
        fields = ["q", "place", "ethnolinguistic_group", "livelihood"]


class ProvincialCoverageFilterSet(_CoverageFilterSet):
    area_field = "province"

    q = FoldedSearchFilter(
        fields=("province__search_folded",), fuzzy_places={"province": "province"}, help_text="Province or HUC"
    )
    place = PlaceFilter(
        levels=("region", "province"), paths={"region": "province__region", "province": "province"}, label="Place"
    )

    class Meta:
        model = ProvincialCoverage
        fields = ["q", "place", "ethnolinguistic_group", "livelihood"]


class CommunityLeaderFilterSet(django_filters.FilterSet):
    """Leaders and contacts (personal data: the API answers only roles that may see them).
    ``?q=`` is the folded search over name and position ("nino" finds "Niño", "Ma." finds "Maria")."""

    q = FoldedSearchFilter(help_text="Name or position")

    class Meta:
        model = CommunityLeader
        fields = ["community"]
