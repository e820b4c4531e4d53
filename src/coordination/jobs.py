"""Background jobs of the coordination app (found by ``common.services.jobs`` autodiscovery)."""

from common.access import permission_allows
from common.exports import export_filename
from common.services.jobs import JobError, JobOutput, register_job
from coordination.exports import EXPORTS, ExportTooLarge, build_export
from coordination.matrix import write_matrix_xlsx
from coordination.models import Organization


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


@register_job("coordination.export_matrix", title="Who does what where (3W) export")
def export_matrix(job, progress):
    """Params: ``filters`` (the 3W page's query: period, level, region, province, sector), read as the owner."""
    owner = job.owner
    if not (permission_allows(owner, Organization, "view") or owner.has_perm("coordination.view_aggregates")):
        raise JobError("Your role may not export the 3W matrix.")
    filters = {key: str(value) for key, value in (job.params.get("filters") or {}).items()}
    file = write_matrix_xlsx(owner, filters, progress=progress)
    return JobOutput(filename=export_filename("obcms-3w", "xlsx"), content=file)
