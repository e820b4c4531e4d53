"""Writes of the import machinery: commit an uploaded file (from the page or from a job)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from common.imports.engine import CREATE, UPDATE, Preview, commit, get_spec
from common.models import ImportUpload


class AlreadyCommitted(Exception):
    pass


def commit_upload(*, upload: ImportUpload, user, choices: dict[int, str], progress=None) -> Preview:
    """Write every row of ``upload`` (all or nothing) and mark it committed; safe against double submits.

    Raises ``AlreadyCommitted`` when the file was imported before; returns the preview, whose
    ``committed`` flag says whether anything was written.
    """
    spec = get_spec(upload.kind)
    with transaction.atomic():
        upload = ImportUpload.objects.select_for_update().get(pk=upload.pk)
        if upload.is_committed:
            raise AlreadyCommitted(f"{upload.filename} was already imported; nothing was written again.")
        with upload.file.open("rb") as handle:
            preview = commit(spec, handle, upload.filename, user=user, choices=choices, progress=progress)
        if preview.committed:
            counts = preview.counts
            upload.committed_at = timezone.now()
            upload.summary = {"created": counts[CREATE], "updated": counts[UPDATE]}
            upload.save(update_fields=["committed_at", "summary"])
    return preview


def summary_message(upload: ImportUpload) -> str:
    return f"Imported {upload.filename}: {upload.summary['created']} created, {upload.summary['updated']} updated."
