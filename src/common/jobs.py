"""Background jobs of the common app (autodiscovered by ``common.services.jobs``)."""

from common.services.jobs import JobError, JobOutput, register_job


@register_job("imports.commit", title="Import")
def commit_import(job, progress):
    """Params: ``upload`` (ImportUpload id, owned by the job's owner) and ``choices`` ({row line: value})."""
    from common.imports.engine import get_spec
    from common.imports.services import AlreadyCommitted, NotRead, commit_upload, summary_message
    from common.models import ImportUpload

    upload = ImportUpload.objects.filter(pk=job.params.get("upload"), owner=job.owner).first()
    if upload is None:
        raise JobError("The uploaded file is no longer available; upload it again.")
    if not get_spec(upload.kind).has_permission(job.owner):
        raise JobError("Your role may no longer import these records.")
    choices = {int(line): value for line, value in (job.params.get("choices") or {}).items()}
    try:
        preview = commit_upload(upload=upload, user=job.owner, choices=choices, progress=progress)
    except (AlreadyCommitted, NotRead) as exc:
        raise JobError(str(exc) if isinstance(exc, AlreadyCommitted) else "The file has not been read yet.") from exc
    if not preview.committed:
        problems = [f"row {row.line}: {'; '.join(row.errors) or 'choose a place'}" for row in preview.attention_rows]
        more = f" … and {len(problems) - 5} more" if len(problems) > 5 else ""
        raise JobError(
            f"Nothing was imported: {len(problems)} row(s) have problems ({'; '.join(problems[:5])}{more}). "
            "Open the file's check page to see them all."
        )
    upload.refresh_from_db()
    return JobOutput(filename="", content=None, message=summary_message(upload))


@register_job("imports.read", title="Reading an import file")
def read_import(job, progress):
    """Params: ``upload`` (ImportUpload id, owned by the job's owner). Reads the file once, within
    bounds, and stores its rows on the upload; the preview page plans from them."""
    from common.imports.services import read_upload
    from common.models import ImportUpload

    upload = ImportUpload.objects.filter(pk=job.params.get("upload"), owner=job.owner).first()
    if upload is None:
        raise JobError("The uploaded file is no longer available; upload it again.")
    upload = read_upload(upload=upload, progress=progress)
    if upload.read_status == ImportUpload.ReadStatus.FAILED:
        raise JobError(upload.read_error)
    return JobOutput(message=f"Read {upload.filename}: {len(upload.table['rows']):,} rows.")
