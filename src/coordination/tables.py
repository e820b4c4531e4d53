"""django-tables2 tables of the list pages: sortable, paginated; wide-only columns hide on phones."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html

from coordination.models import ActionItem, Engagement, Organization, Partnership

WIDE_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}
NOWRAP = {"td": {"class": "text-nowrap"}}
ATTRS = {"class": "table table-sm table-hover align-middle"}


class OrganizationTable(tables.Table):
    name = tables.Column(linkify=True)
    acronym = tables.Column()
    org_type = tables.Column("Type", attrs=WIDE_ONLY)
    status = tables.Column(attrs=WIDE_ONLY)

    class Meta:
        model = Organization
        fields = ("name", "acronym", "org_type", "status")
        order_by = ("name",)
        attrs = ATTRS
        empty_text = "No organization matches these filters."


class EngagementTable(tables.Table):
    starts_at = tables.DateTimeColumn(format="j M Y H:i", verbose_name="When", attrs=NOWRAP)
    title = tables.Column(linkify=True)
    kind = tables.Column("Type", attrs=WIDE_ONLY)
    place = tables.Column("Area", accessor="place_label", orderable=False, attrs=WIDE_ONLY)
    status = tables.Column()

    class Meta:
        model = Engagement
        fields = ("starts_at", "title", "kind", "place", "status")
        order_by = ("-starts_at",)
        attrs = ATTRS
        empty_text = "No engagement matches these filters."


class PartnershipTable(tables.Table):
    title = tables.Column(linkify=True)
    kind = tables.Column("Type", attrs=WIDE_ONLY)
    status = tables.Column()
    effective_date = tables.DateColumn(format="j M Y", verbose_name="Effective", attrs=WIDE_ONLY)
    expiry_date = tables.DateColumn(format="j M Y", verbose_name="Expires", attrs=NOWRAP)

    class Meta:
        model = Partnership
        fields = ("title", "kind", "status", "effective_date", "expiry_date")
        order_by = ("expiry_date",)
        attrs = ATTRS
        empty_text = "No partnership matches these filters."


class ActionItemTable(tables.Table):
    due_date = tables.DateColumn(format="j M Y", verbose_name="Due", attrs=NOWRAP)
    title = tables.Column(linkify=True)
    owner = tables.Column(attrs=WIDE_ONLY)
    status = tables.Column()
    engagement = tables.Column("From", attrs=WIDE_ONLY)

    class Meta:
        model = ActionItem
        fields = ("due_date", "title", "owner", "status", "engagement")
        order_by = ("due_date",)
        attrs = ATTRS
        row_attrs = {"class": lambda record: "table-danger" if record.is_overdue else ""}
        empty_text = "No action item matches these filters."

    def render_due_date(self, value, record):
        if record.is_open and value < timezone.localdate():
            return format_html("{} <span class='badge text-bg-danger'>Overdue</span>", value.strftime("%-d %b %Y"))
        return value.strftime("%-d %b %Y")
