"""An uploaded import file, kept between the dry-run preview and the commit (see ``common.imports``).

The file is read once, by a background job (``imports.read``), within the bounds of
``common.imports.files``; the rows it yields are stored in ``table`` and every preview and the
commit plan from them, so opening the preview never reads the file again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


def import_upload_path(upload: ImportUpload, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"imports/{timezone.now():%Y/%m}/{upload.kind}-{timezone.now():%d%H%M%S%f}.{suffix}"


class ImportUpload(models.Model):
    class ReadStatus(models.TextChoices):
        NEW = "new", "Not read yet"
        QUEUED = "queued", "Waiting to be read"
        READING = "reading", "Being read"
        READY = "ready", "Read"
        FAILED = "failed", "Cannot be read"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_uploads")
    kind = models.CharField(max_length=100, db_index=True, help_text="Import spec name, e.g. communities.barangay_obc.")
    file = models.FileField(upload_to=import_upload_path, max_length=255)
    filename = models.CharField(max_length=200, help_text="Name of the file as uploaded.")
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True, help_text="Counts written by the commit.")
    read_status = models.CharField(max_length=10, choices=ReadStatus.choices, default=ReadStatus.NEW)
    read_job = models.ForeignKey("common.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    read_error = models.TextField(blank=True, help_text="Why the file cannot be read, in plain words.")
    table = models.JSONField(
        null=True, blank=True, help_text="The rows read from the file (headers, rows with their line numbers)."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.kind})"

    @property
    def is_committed(self) -> bool:
        return self.committed_at is not None
