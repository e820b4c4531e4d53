"""Background jobs of the policies app (found by ``common.services.jobs`` autodiscovery)."""

from common.access import permission_allows
from common.services.jobs import JobError, JobOutput, register_job
from policies.exports import ExportTooLarge, build_briefs_zip, build_export, build_history_export, build_portfolio
from policies.models import Recommendation

#: What a ``policies.export`` job writes: the list, its status history, or both in one workbook.
WHAT = ("list", "history", "portfolio")


@register_job("policies.export", title="Policy recommendations export")
def export_recommendations(job, progress):
    """Params: ``what`` (list, history, portfolio), ``format`` ("xlsx"/"csv"; the portfolio is Excel)
    and ``filters`` (the list page's query). Rows are read as the job's owner."""
    what, fmt = job.params.get("what", "list"), job.params.get("format", "xlsx")
    if what not in WHAT or fmt not in ("xlsx", "csv"):
        raise JobError("Unknown export; choose the list, the status history or the portfolio, as xlsx or csv.")
    if not permission_allows(job.owner, Recommendation, "view"):
        raise JobError("Your role may not export policy recommendations.")
    filters = job.params.get("filters") or {}
    try:
        if what == "portfolio":
            filename, file = build_portfolio(user=job.owner, params=filters, progress=progress)
        else:
            build = build_history_export if what == "history" else build_export
            filename, file = build(user=job.owner, params=filters, fmt=fmt, progress=progress)
    except ExportTooLarge as exc:
        raise JobError(str(exc)) from exc
    return JobOutput(filename=filename, content=file)


@register_job("policies.briefs", title="Policy briefs (ZIP of PDFs)")
def briefs(job, progress):
    """Params: ``filters`` (the list page's query). One brief per recommendation the owner sees."""
    if not permission_allows(job.owner, Recommendation, "view"):
        raise JobError("Your role may not export policy recommendations.")
    try:
        filename, file = build_briefs_zip(user=job.owner, params=job.params.get("filters") or {}, progress=progress)
    except ExportTooLarge as exc:
        raise JobError(str(exc)) from exc
    return JobOutput(filename=filename, content=file)
