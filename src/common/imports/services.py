"""Writes of the import machinery: read an upload once (in a job), commit it (from the page or a job).

An upload is read once, by the ``imports.read`` job (``read_upload``), within the bounds of
``common.imports.files``; the table is stored on the upload (``ImportUpload.table``) and the
preview and the commit plan from it (``stored_table``): opening the preview never reads the file.
"""

from __future__ import annotations

import datetime as dt
import math

from django.db import transaction
from django.utils import timezone

from common.imports.engine import CREATE, UPDATE, Preview, commit_table, get_spec, read_file
from common.imports.files import ImportFileError, Table
from common.models import ImportUpload

READ_JOB = "imports.read"


class AlreadyCommitted(Exception):
    pass


class NotRead(Exception):
    """The upload has not been read (yet, or at all): its ``read_status`` says which."""


# --- the stored table -----------------------------------------------------------------------------


def _encode(value):
    """A cell value as JSON (dates tagged so they come back as dates)."""
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _decode(value):
    if isinstance(value, dict):
        if "datetime" in value:
            return dt.datetime.fromisoformat(value["datetime"])
        if "date" in value:
            return dt.date.fromisoformat(value["date"])
    return value


def table_to_json(table: Table) -> dict:
    return {
        "headers": table.headers,
        "header_line": table.header_line,
        "notices": table.notices,
        "rows": [[line, [_encode(v) for v in values]] for line, values in table.rows],
    }


def table_from_json(data: dict) -> Table:
    return Table(
        headers=list(data["headers"]),
        rows=[(line, [_decode(v) for v in values]) for line, values in data["rows"]],
        header_line=data.get("header_line", 1),
        notices=list(data.get("notices", [])),
    )


# --- reading once ---------------------------------------------------------------------------------


def request_read(*, upload: ImportUpload, user) -> ImportUpload:
    """Queue the ``imports.read`` job for a new upload (idempotent: a queued or read upload is left alone)."""
    from common.services.jobs import start_job

    with transaction.atomic():
        upload = ImportUpload.objects.select_for_update().get(pk=upload.pk)
        if upload.read_status != ImportUpload.ReadStatus.NEW:
            return upload
        job = start_job(owner=user, kind=READ_JOB, params={"upload": upload.pk})
        upload.read_status = ImportUpload.ReadStatus.QUEUED
        upload.read_job = job
        upload.save(update_fields=["read_status", "read_job"])
    return upload


def read_upload(*, upload: ImportUpload, progress=None) -> ImportUpload:
    """Read the file once and store its table (or why it cannot be read). Called by the job."""
    spec = get_spec(upload.kind)
    ImportUpload.objects.filter(pk=upload.pk).update(read_status=ImportUpload.ReadStatus.READING)
    if progress:
        progress(0, 1)
    try:
        with upload.file.open("rb") as handle:
            table = read_file(spec, handle, upload.filename)
    except ImportFileError as exc:
        upload.read_status, upload.read_error, upload.table = ImportUpload.ReadStatus.FAILED, str(exc), None
    except FileNotFoundError:
        upload.read_status = ImportUpload.ReadStatus.FAILED
        upload.read_error = "The uploaded file is no longer available; upload it again."
        upload.table = None
    else:
        upload.read_status, upload.read_error, upload.table = ImportUpload.ReadStatus.READY, "", table_to_json(table)
    upload.save(update_fields=["read_status", "read_error", "table"])
    if progress:
        progress(1, 1, force=True)
    return upload


def stored_table(upload: ImportUpload) -> Table:
    """The table read from ``upload``; ``ImportFileError`` if it could not be read, ``NotRead`` before."""
    if upload.read_status == ImportUpload.ReadStatus.FAILED:
        raise ImportFileError(upload.read_error)
    if upload.read_status != ImportUpload.ReadStatus.READY or upload.table is None:
        raise NotRead(upload.get_read_status_display())
    return table_from_json(upload.table)


# --- commit ---------------------------------------------------------------------------------------


def commit_upload(*, upload: ImportUpload, user, choices: dict[int, str], progress=None) -> Preview:
    """Write every row of ``upload`` (all or nothing) and mark it committed; safe against double submits.

    Raises ``AlreadyCommitted`` when the file was imported before and ``NotRead`` before it is read;
    returns the preview, whose ``committed`` flag says whether anything was written.
    """
    spec = get_spec(upload.kind)
    with transaction.atomic():
        upload = ImportUpload.objects.select_for_update().get(pk=upload.pk)
        if upload.is_committed:
            raise AlreadyCommitted(f"{upload.filename} was already imported; nothing was written again.")
        try:
            table = stored_table(upload)
        except ImportFileError as exc:
            return Preview(file_errors=[str(exc)])
        preview = commit_table(spec, table, user=user, choices=choices, progress=progress)
        if preview.committed:
            counts = preview.counts
            upload.committed_at = timezone.now()
            upload.summary = {"created": counts[CREATE], "updated": counts[UPDATE]}
            upload.save(update_fields=["committed_at", "summary"])
    return preview


def summary_message(upload: ImportUpload) -> str:
    return f"Imported {upload.filename}: {upload.summary['created']} created, {upload.summary['updated']} updated."
