"""Background jobs of the coordination app (found by ``common.services.jobs`` autodiscovery)."""

from common.access import permission_allows
from common.services.jobs import JobError, JobOutput, register_job
from coordination.exports import EXPORTS, ExportTooLarge, build_export


@register_job("coordination.export_list", title="Coordination list export")
def export_list(job, progress):
    """Params: ``list`` (organizations, partnerships, engagements, action-items), ``format`` ("xlsx"/"csv")
    and ``filters`` (the list page's query). Rows are read as the job's owner."""
    kind = job.params.get("list")
    if kind not in EXPORTS:
        raise JobError("Unknown list to export.")
    if not permission_allows(job.owner, EXPORTS[kind]["model"], "view"):
        raise JobError("Your role may not export this list.")
    fmt = job.params.get("format", "xlsx")
    if fmt not in ("xlsx", "csv"):
        raise JobError("Unknown export format; choose xlsx or csv.")
    try:
        filename, file = build_export(
            user=job.owner, kind=kind, params=job.params.get("filters") or {}, fmt=fmt, progress=progress
        )
    except ExportTooLarge as exc:
        raise JobError(str(exc)) from exc
    return JobOutput(filename=filename, content=file)
