"""Excel/CSV exports of the coordination lists, through the shared writers in ``common.exports``.

Rows come from the same ``for_user`` queryset and FilterSet as the list page. Exports carry no
personal data (no contacts, no names of people who raised feedback); minutes stay out too.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone

from common.exports import DATE, INTEGER, ExportColumn, export_filename, write_csv, write_xlsx
from coordination.filters import ActionItemFilterSet, EngagementFilterSet, OrganizationFilterSet, PartnershipFilterSet
from coordination.models import (
    ActionItem,
    Engagement,
    Organization,
    OrganizationArea,
    Partnership,
    PartnershipArea,
    PartnershipParty,
)

#: Larger exports are refused with a request to narrow the filters (they run as jobs; this bounds one job).
MAX_ROWS = 20000
AREA_FIELDS = ("region", "province", "municipality", "barangay")


def _local(value):
    """Date and time in Manila as text (Excel holds no time zones; a datetime here failed the Excel export)."""
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else None


def _areas(obj):
    labels = [a.place_label for a in obj.areas.all()]
    return "; ".join((["Every OOBC area"] if obj.is_nationwide else []) + labels)


EXPORTS = {
    "organizations": {
        "model": Organization, "filterset": OrganizationFilterSet, "title": "Organizations",
        "queryset": lambda user: Organization.objects.for_user(user).select_related("parent").prefetch_related(
            Prefetch("areas", OrganizationArea.objects.select_related(*AREA_FIELDS)),
            "sector_rows",
        ),
        "columns": [
            ExportColumn("Name", lambda o: o.name, width=40),
            ExportColumn("Acronym", lambda o: o.acronym),
            ExportColumn("Type", lambda o: o.get_org_type_display()),
            ExportColumn("Part of", lambda o: o.parent.name if o.parent_id else ""),
            ExportColumn("Sectors", lambda o: "; ".join(r.get_sector_display() for r in o.sector_rows.all())),
            ExportColumn("Areas", _areas, width=45),
            ExportColumn("Status", lambda o: o.get_status_display()),
            ExportColumn("Website", lambda o: o.website),
            ExportColumn("Office e-mail", lambda o: o.office_email),
            ExportColumn("Office phone", lambda o: o.office_phone),
        ],
    },
    "engagements": {
        "model": Engagement, "filterset": EngagementFilterSet, "title": "Engagements",
        "queryset": lambda user: Engagement.objects.for_user(user).select_related(
            "region", "province", "municipality", "barangay", "lead"
        ).prefetch_related("organizations"),
        "columns": [
            ExportColumn("Starts", lambda e: _local(e.starts_at)),
            ExportColumn("Title", lambda e: e.title, width=40),
            ExportColumn("Type", lambda e: e.get_kind_display()),
            ExportColumn("Status", lambda e: e.get_status_display()),
            ExportColumn("Region", lambda e: e.region.name),
            ExportColumn("Area", lambda e: e.place_label, width=35),
            ExportColumn("Venue", lambda e: e.venue),
            ExportColumn("Organizations", lambda e: "; ".join(o.short_name for o in e.organizations.all()), width=35),
            ExportColumn("OOBC lead", lambda e: str(e.lead) if e.lead_id else ""),
            ExportColumn("Male", lambda e: e.attendance_male, INTEGER),
            ExportColumn("Female", lambda e: e.attendance_female, INTEGER),
            ExportColumn("Youth", lambda e: e.attendance_youth, INTEGER),
            ExportColumn("Women", lambda e: e.attendance_women, INTEGER),
            ExportColumn("Elders", lambda e: e.attendance_elders, INTEGER),
            ExportColumn("Religious leaders", lambda e: e.attendance_religious, INTEGER),
            ExportColumn("PWD", lambda e: e.attendance_pwd, INTEGER),
            ExportColumn("Outcomes", lambda e: e.outcomes, width=45),
        ],
    },
    "partnerships": {
        "model": Partnership, "filterset": PartnershipFilterSet, "title": "Partnerships",
        "queryset": lambda user: Partnership.objects.for_user(user).select_related("owner").prefetch_related(
            Prefetch("parties", PartnershipParty.objects.select_related("organization")),
            Prefetch("areas", PartnershipArea.objects.select_related(*AREA_FIELDS)),
        ),
        "columns": [
            ExportColumn("Title", lambda p: p.title, width=40),
            ExportColumn("Type", lambda p: p.get_kind_display()),
            ExportColumn("Reference no.", lambda p: p.reference_no),
            ExportColumn("Status", lambda p: p.get_status_display()),
            ExportColumn("Parties", lambda p: "; ".join(
                f"{x.organization.short_name} ({x.get_role_display()})" for x in p.parties.all()), width=40),
            ExportColumn("Areas", _areas, width=40),
            ExportColumn("Effective", lambda p: p.effective_date, DATE),
            ExportColumn("Expires", lambda p: p.expiry_date, DATE),
            ExportColumn("OOBC focal staff", lambda p: str(p.owner) if p.owner_id else ""),
        ],
    },
    "action-items": {
        "model": ActionItem, "filterset": ActionItemFilterSet, "title": "Action items",
        "queryset": lambda user: ActionItem.objects.for_user(user).select_related(
            "owner", "engagement", "responsible_organization", "region", "province", "municipality", "barangay"
        ),
        "columns": [
            ExportColumn("Due", lambda a: a.due_date, DATE),
            ExportColumn("Title", lambda a: a.title, width=40),
            ExportColumn("Status", lambda a: a.get_status_display()),
            ExportColumn("Overdue", lambda a: "yes" if a.is_overdue else ""),
            ExportColumn("Owner", lambda a: str(a.owner)),
            ExportColumn("Responsible organization", lambda a: a.responsible_organization.short_name
                         if a.responsible_organization_id else ""),
            ExportColumn("From engagement", lambda a: a.engagement.title if a.engagement_id else ""),
            ExportColumn("Area", lambda a: a.place_label),
            ExportColumn("Closed", lambda a: _local(a.closed_at)),
        ],
    },
}  # fmt: skip


class ExportTooLarge(Exception):
    pass


def filtered_rows(*, user, kind: str, params, request=None):
    """The rows of list ``kind`` that the list page shows ``user`` for ``params`` (through for_user)."""
    from common.export_jobs import as_querydict, owner_request

    spec = EXPORTS[kind]
    data = params if hasattr(params, "getlist") else as_querydict(params)
    filterset = spec["filterset"](data, queryset=spec["queryset"](user), request=request or owner_request(user))
    return filterset.qs


def build_export(*, user, kind: str, params, fmt: str, request=None, progress=None):
    """(filename, file) of the filtered list ``kind`` in ``fmt`` (xlsx or csv); ``progress(done, total)``."""
    spec = EXPORTS[kind]
    rows = filtered_rows(user=user, kind=kind, params=params, request=request)
    count = rows.count()
    if count > MAX_ROWS:
        raise ExportTooLarge(f"{count:,} rows match; narrow the filters to at most {MAX_ROWS:,} rows.")
    step = None
    if progress:
        progress(0, count)
        step = progress
    stem = f"obcms-{kind}"
    if fmt == "csv":
        return export_filename(stem, "csv"), write_csv(spec["columns"], rows.iterator(chunk_size=1000), progress=step)
    filters = params.urlencode() if hasattr(params, "urlencode") else "&".join(f"{k}={v}" for k, v in params.items())
    about = {
        "Export": spec["title"], "Exported by": str(user), "Exported at": f"{timezone.localtime():%d %b %Y %H:%M}",
        "Filters": filters, "Rows": str(count),
    }  # fmt: skip
    return export_filename(stem, "xlsx"), write_xlsx(
        spec["columns"], rows, sheet_name=spec["title"], about=about, progress=step
    )
