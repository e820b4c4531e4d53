"""Excel/CSV export of the recommendation list, through the shared writers in ``common.exports``.

Rows come from the same ``for_user`` queryset and FilterSet as the list page; no personal data and no
internal review comments.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch
from django.utils import timezone

from common.exports import DATE, DECIMAL, INTEGER, ExportColumn, export_filename, write_csv, write_xlsx
from policies.filters import RecommendationFilterSet
from policies.models import Quadrant, Recommendation, RecommendationArea, RecommendationTransition, can_view_internal

MAX_ROWS = 20000
AREAS = ("region", "province", "municipality", "barangay")


class ExportTooLarge(Exception):
    pass


def _areas(rec) -> str:
    return "Every OOBC area" if rec.is_national else "; ".join(a.place_label for a in rec.areas.all())


def _orgs(rec) -> str:
    return "; ".join(o.short_name for o in rec.responsible_organizations.all())


def _local_date(value):
    return timezone.localtime(value).date() if value else None


COLUMNS = [
    ExportColumn("Reference", lambda r: r.reference, width=14),
    ExportColumn("Title", lambda r: r.title, width=45),
    ExportColumn("Type", lambda r: r.get_rec_type_display()),
    ExportColumn("Category", lambda r: r.get_category_display(), width=26),
    ExportColumn("Sector", lambda r: r.get_sector_display(), width=24),
    ExportColumn("Scope", lambda r: r.get_scope_level_display()),
    ExportColumn("Areas", _areas, width=40),
    ExportColumn("Status", lambda r: r.get_status_display(), width=22),
    ExportColumn("Importance", lambda r: r.importance, INTEGER),
    ExportColumn("Urgency", lambda r: r.urgency, INTEGER),
    ExportColumn("Importance × urgency", lambda r: Quadrant(r.quadrant).label, width=30),
    ExportColumn("Priority (from needs)", lambda r: float(r.priority_score), DECIMAL),
    ExportColumn("Beneficiaries", lambda r: r.beneficiaries_count, INTEGER),
    ExportColumn("Beneficiary groups", lambda r: r.beneficiary_groups, width=25),
    ExportColumn("Budget (PHP)", lambda r: float(r.budget_amount) if r.budget_amount is not None else None, DECIMAL),
    ExportColumn("Funding source", lambda r: r.funding_source, width=25),
    ExportColumn("Fiscal year", lambda r: r.fiscal_year, INTEGER),
    ExportColumn("Responsible organizations", lambda r: _orgs(r), width=30),
    ExportColumn("Evidence cited", lambda r: r.evidence_count, INTEGER),
    ExportColumn("Created", lambda r: _local_date(r.created_at), DATE),
    ExportColumn("Status since", lambda r: _local_date(r.status_changed_at), DATE),
]


def export_queryset(user):
    return (
        Recommendation.objects.for_user(user)
        .annotate(evidence_count=Count("evidence"))
        .prefetch_related(
            Prefetch("areas", RecommendationArea.objects.select_related(*AREAS)), "responsible_organizations"
        )
        .order_by("reference")
    )


def filtered_recommendations(user, params, request=None, queryset=None):
    """The recommendations the list page shows ``user`` for ``params`` (through for_user and the list's FilterSet)."""
    from common.export_jobs import as_querydict, owner_request

    data = params if hasattr(params, "getlist") else as_querydict(params)
    queryset = export_queryset(user) if queryset is None else queryset
    return RecommendationFilterSet(data, queryset=queryset, request=request or owner_request(user)).qs


def _filters_text(params) -> str:
    return params.urlencode() if hasattr(params, "urlencode") else "&".join(f"{k}={v}" for k, v in params.items())


def _start(progress, total):
    if progress:
        progress(0, total)
    return progress


def build_export(*, user, params, fmt: str, request=None, progress=None):
    """(filename, file) of the filtered recommendation list in ``fmt`` (xlsx or csv)."""
    rows = filtered_recommendations(user, params, request)
    count = rows.count()
    if count > MAX_ROWS:
        raise ExportTooLarge(f"{count:,} rows match; narrow the filters to at most {MAX_ROWS:,} rows.")
    step = _start(progress, count)
    stem = "obcms-recommendations"
    if fmt == "csv":
        return export_filename(stem, "csv"), write_csv(COLUMNS, rows.iterator(chunk_size=1000), progress=step)
    about = {
        "Export": "Policy recommendations", "Exported by": str(user),
        "Exported at": f"{timezone.localtime():%d %b %Y %H:%M}", "Filters": _filters_text(params), "Rows": str(count),
    }  # fmt: skip
    return export_filename(stem, "xlsx"), write_xlsx(
        COLUMNS, rows, sheet_name="Recommendations", about=about, progress=step
    )


def _history_columns(internal: bool) -> list[ExportColumn]:
    columns = [
        ExportColumn("Reference", lambda t: t.recommendation.reference, width=14),
        ExportColumn("Title", lambda t: t.recommendation.title, width=45),
        ExportColumn("From", lambda t: t.get_from_status_display(), width=22),
        ExportColumn("To", lambda t: t.get_to_status_display(), width=22),
        ExportColumn("By", lambda t: str(t.actor) if t.actor_id else ""),
        ExportColumn("At", lambda t: f"{timezone.localtime(t.at):%Y-%m-%d %H:%M}", width=17),
    ]
    if internal:  # review comments are internal: never in a partner's export
        columns.append(ExportColumn("Comment", lambda t: t.comment, width=50))
    return columns


def _history_rows(user, params, request=None):
    recs = filtered_recommendations(user, params, request, queryset=Recommendation.objects.for_user(user))
    return (
        RecommendationTransition.objects.filter(recommendation__in=recs.values("pk"))
        .select_related("recommendation", "actor")
        .order_by("recommendation__reference", "at", "pk")
    )


def build_history_export(*, user, params, fmt: str, request=None, progress=None):
    """(filename, file): the status history of the filtered recommendations."""
    rows = _history_rows(user, params, request)
    count = rows.count()
    if count > MAX_ROWS * 5:
        raise ExportTooLarge(f"{count:,} status changes match; narrow the filters.")
    step = _start(progress, count)
    columns = _history_columns(can_view_internal(user))
    stem = "obcms-recommendation-history"
    if fmt == "csv":
        return export_filename(stem, "csv"), write_csv(columns, rows.iterator(chunk_size=2000), progress=step)
    about = {"Export": "Status history of policy recommendations", "Exported by": str(user),
             "Exported at": f"{timezone.localtime():%d %b %Y %H:%M}", "Filters": _filters_text(params),
             "Rows": str(count)}  # fmt: skip
    rows = rows.iterator(chunk_size=2000)
    file = write_xlsx(columns, rows, sheet_name="Status history", about=about, progress=step)
    return export_filename(stem, "xlsx"), file


def build_portfolio(*, user, params, request=None, progress=None):
    """(filename, file): the portfolio workbook — the filtered recommendations and, on a second sheet,
    their status history (review comments only for roles that see internal comments)."""
    recs = filtered_recommendations(user, params, request)
    history = _history_rows(user, params, request)
    rec_count, history_count = recs.count(), history.count()
    if rec_count > MAX_ROWS or history_count > MAX_ROWS * 5:
        raise ExportTooLarge(f"{rec_count:,} recommendations and {history_count:,} status changes match; "
                             "narrow the filters.")  # fmt: skip
    step = _start(progress, rec_count + history_count)
    about = {
        "Export": "Portfolio of policy recommendations", "Exported by": str(user),
        "Exported at": f"{timezone.localtime():%d %b %Y %H:%M}", "Filters": _filters_text(params),
        "Recommendations": str(rec_count), "Status changes": str(history_count),
    }  # fmt: skip
    file = write_xlsx(
        COLUMNS,
        recs,
        sheet_name="Recommendations",
        about=about,
        progress=step,
        more_sheets=[("Status history", _history_columns(can_view_internal(user)), history.iterator(chunk_size=2000))],
    )
    return export_filename("obcms-portfolio", "xlsx"), file


#: At most this many briefs in one ZIP (each is a PDF of one to a few pages).
MAX_BRIEFS = 100


def build_briefs_zip(*, user, params, request=None, progress=None):
    """(filename, file): a ZIP with the policy brief (PDF) of each filtered recommendation, as ``user`` sees it."""
    import tempfile
    import zipfile

    from policies.brief import build_brief_pdf

    recs = filtered_recommendations(user, params, request, queryset=Recommendation.objects.for_user(user))
    recs = recs.order_by("reference")
    count = recs.count()
    if count > MAX_BRIEFS:
        raise ExportTooLarge(f"{count:,} recommendations match; narrow the filters to at most {MAX_BRIEFS} briefs.")
    step = _start(progress, count)
    output = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115 — returned to the caller
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, rec in enumerate(recs.iterator(chunk_size=100), start=1):
            archive.writestr(f"{rec.reference}-brief.pdf", build_brief_pdf(rec, user=user))
            if step:
                step(done)
    output.seek(0)
    return export_filename("obcms-policy-briefs", "zip"), output
