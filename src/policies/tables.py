"""django-tables2 tables of the list pages: sortable, paginated; wide-only columns hide on phones."""

import django_tables2 as tables

from mana.models import Need
from policies.models import Recommendation

WIDE_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}
NOWRAP = {"td": {"class": "text-nowrap"}}
ATTRS = {"class": "table table-sm table-hover align-middle"}


class RecommendationTable(tables.Table):
    reference = tables.Column("Ref.", linkify=True, attrs=NOWRAP)
    title = tables.Column(linkify=True)
    category = tables.Column(attrs=WIDE_ONLY)
    sector = tables.Column(attrs=WIDE_ONLY)
    quadrant = tables.Column("Importance × urgency", accessor="quadrant", orderable=False, attrs=WIDE_ONLY)
    priority_score = tables.Column("Priority", attrs=WIDE_ONLY)
    status = tables.Column()

    class Meta:
        model = Recommendation
        fields = ("reference", "title", "category", "sector", "quadrant", "priority_score", "status")
        order_by = ("-reference",)
        attrs = ATTRS
        empty_text = "No recommendation matches these filters."

    def render_quadrant(self, record):
        from policies.models import Quadrant

        return Quadrant(record.quadrant).label


class UnansweredNeedTable(tables.Table):
    title = tables.Column(linkify=True)
    category = tables.Column("Sector", attrs=WIDE_ONLY)
    region = tables.Column(accessor="region__name", attrs=WIDE_ONLY)
    province = tables.Column(accessor="province__name", default="—", attrs=WIDE_ONLY)
    priority_score = tables.Column("Priority")
    vote_count = tables.Column("Votes", attrs=WIDE_ONLY)
    status = tables.Column(attrs=WIDE_ONLY)

    class Meta:
        model = Need
        fields = ("title", "category", "region", "province", "priority_score", "vote_count", "status")
        order_by = ("-priority_score",)
        attrs = ATTRS
        empty_text = "Every open need in these areas is answered by a recommendation."
