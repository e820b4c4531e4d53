"""django-tables2 tables of the list pages: sortable columns, paginated."""

import django_tables2 as tables
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html

from communities.models import BarangayOBC, MunicipalCoverage, ProvincialCoverage

WIDE_ONLY = "d-none d-md-table-cell"  # columns hidden on phones


class NumberColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "text-end"}, "th": {"class": "text-end"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return intcomma(value)


class BarangayOBCTable(tables.Table):
    obc_id = tables.Column("OBC ID", linkify=True, attrs={"td": {"class": "text-nowrap"}})
    barangay = tables.Column("Barangay / purok", order_by=("barangay__name", "purok_sitio"))
    municipality = tables.Column("City / municipality", order_by=("municipality__name",))
    province = tables.Column("Province", order_by=("province__name",), attrs={"th": {"class": WIDE_ONLY}})
    primary_ethnolinguistic_group = tables.Column("Group")
    estimated_obc_population = NumberColumn("OBC population")
    households = NumberColumn("Households", attrs={"th": {"class": f"text-end {WIDE_ONLY}"}})
    primary_livelihood = tables.Column("Livelihood", attrs={"th": {"class": WIDE_ONLY}})
    last_validated_on = tables.DateColumn(
        verbose_name="Validated", attrs={"th": {"class": WIDE_ONLY}, "td": {"class": "text-nowrap"}}
    )

    class Meta:
        model = BarangayOBC
        fields = ()
        sequence = (
            "obc_id",
            "barangay",
            "municipality",
            "province",
            "primary_ethnolinguistic_group",
            "estimated_obc_population",
            "households",
            "primary_livelihood",
            "last_validated_on",
        )
        order_by = ("obc_id",)
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = "No barangay OBC matches these filters."

    def render_barangay(self, record):
        if record.purok_sitio:
            return format_html(
                "{} <span class='text-body-secondary'>· {}</span>", record.barangay.name, record.purok_sitio
            )
        return record.barangay.name


class _CoverageTable(tables.Table):
    community_count = NumberColumn("Communities")
    barangay_count = NumberColumn("Barangays")
    attributed_obc_population = NumberColumn("OBC population (profiles)")
    curated_obc_population = NumberColumn("Curated estimate", default="—")
    households = NumberColumn("Households")

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = "No coverage records match these filters."


class MunicipalCoverageTable(_CoverageTable):
    municipality = tables.Column(
        "City / municipality", linkify=lambda record: record.get_absolute_url(), order_by=("municipality__name",)
    )
    province = tables.Column(
        "Province", accessor="municipality__province__name", order_by=("municipality__province__name",)
    )

    class Meta(_CoverageTable.Meta):
        model = MunicipalCoverage
        fields = ()
        sequence = (
            "municipality",
            "province",
            "community_count",
            "barangay_count",
            "attributed_obc_population",
            "curated_obc_population",
            "households",
        )
        order_by = ("municipality",)


class ProvincialCoverageTable(_CoverageTable):
    province = tables.Column(
        "Province / HUC", linkify=lambda record: record.get_absolute_url(), order_by=("province__name",)
    )
    region = tables.Column("Region", accessor="province__region__short_name", order_by=("province__region__code",))
    municipality_count = NumberColumn("Cities/municipalities")

    class Meta(_CoverageTable.Meta):
        model = ProvincialCoverage
        fields = ()
        sequence = (
            "province",
            "region",
            "municipality_count",
            "community_count",
            "barangay_count",
            "attributed_obc_population",
            "curated_obc_population",
            "households",
        )
        order_by = ("province",)
