"""Background jobs of the communities app (found by ``common.services.jobs`` autodiscovery)."""

from common.services.jobs import JobError, JobOutput, register_job
from communities.exports import ExportError, build_list_export


@register_job("communities.export_list", title="Barangay OBC list export")
def export_list(job, progress):
    """Params: ``format`` ("xlsx"/"csv") and ``filters`` (the list page's query, codes only)."""
    try:
        filename, file = build_list_export(
            user=job.owner,
            params=job.params.get("filters", {}),
            fmt=job.params.get("format", "xlsx"),
            progress=progress,
            purpose=job.params.get("purpose", ""),
            job=job,
        )
    except ExportError as exc:
        raise JobError(str(exc)) from exc
    return JobOutput(filename=filename, content=file)


@register_job("communities.area_report", title="Area summary report (PDF)")
def area_report(job, progress):
    """Params: ``region`` or ``province`` (PSGC code)."""
    from communities.reports import AreaNotFound, build_area_report

    try:
        filename, content = build_area_report(
            user=job.owner, region=job.params.get("region"), province=job.params.get("province"), progress=progress
        )
    except AreaNotFound as exc:
        raise JobError(str(exc)) from exc
    return JobOutput(filename=filename, content=content)
