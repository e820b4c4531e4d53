"""Uploaded documents: one check of type and size, one access-checked download.

Every app that accepts a document (partnership agreements, evidence, implementation reports) calls
``check_upload`` in its service and serves the file only through ``document_response`` from a view
that has already checked the role and the area (``for_user``): never from a public media URL.

``check_upload`` refuses, with a message naming the file:

* an extension outside the accepted list (PDF, Word .docx, Excel .xlsx, JPEG, PNG by default);
* an empty file, or one above the size limit (``settings.DOCUMENT_UPLOAD_MAX_BYTES``, 20 MB, or the
  caller's ``max_bytes``);
* content that is not what the extension says: the first bytes must be the format's signature, and
  a .docx/.xlsx (a ZIP) must hold the Word document or Excel workbook part — a renamed .exe, HTML
  page or ZIP of something else is refused.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import FileResponse, Http404
from django.utils import timezone

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * MB


@dataclass(frozen=True)
class DocumentType:
    label: str
    content_type: str
    signatures: tuple[bytes, ...]
    zip_part: str = ""  # an OOXML file must contain this part


PDF = DocumentType("PDF", "application/pdf", (b"%PDF-",))
DOCX = DocumentType(
    "Word (.docx)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (b"PK\x03\x04",),
    zip_part="word/document.xml",
)
XLSX = DocumentType(
    "Excel (.xlsx)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (b"PK\x03\x04",),
    zip_part="xl/workbook.xml",
)
JPEG = DocumentType("JPEG", "image/jpeg", (b"\xff\xd8\xff",))
PNG = DocumentType("PNG", "image/png", (b"\x89PNG\r\n\x1a\n",))

#: extension → type: what a document upload accepts unless the caller narrows it.
DOCUMENT_TYPES: dict[str, DocumentType] = {
    ".pdf": PDF, ".docx": DOCX, ".xlsx": XLSX, ".jpg": JPEG, ".jpeg": JPEG, ".png": PNG,
}  # fmt: skip


@dataclass(frozen=True)
class CheckedUpload:
    name: str  # the file name as uploaded (for the download), at most 255 characters
    extension: str
    content_type: str  # decided by us from the checked content, never the browser's claim
    size: int


def max_upload_bytes() -> int:
    return getattr(settings, "DOCUMENT_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)


def _accepted(types: dict[str, DocumentType]) -> str:
    labels = list(dict.fromkeys(t.label for t in types.values()))
    return ", ".join(labels[:-1]) + f" or {labels[-1]}" if len(labels) > 1 else labels[0]


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB / 10 else f"{max(1, size // 1024)} KB"


def check_upload(
    upload, *, types: dict[str, DocumentType] | None = None, max_bytes: int | None = None, field: str = "file"
) -> CheckedUpload:
    """The checked upload (type from its content, size), or a ``ValidationError`` on ``field`` that
    says why it is refused. The file is left at its start."""
    types = types or DOCUMENT_TYPES
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
    if upload is None:
        raise ValidationError({field: "Choose a file to upload."})
    name = PurePath((upload.name or "").replace("\\", "/")).name
    shown = name or "This file"
    extension = PurePath(name).suffix.lower()
    kind = types.get(extension)
    if kind is None:
        raise ValidationError({field: f"{shown} is not an accepted type. Upload a {_accepted(types)} file."})
    size = upload.size or 0
    if size == 0:
        raise ValidationError({field: f"{shown} is empty."})
    if size > limit:
        raise ValidationError({field: f"{shown} is {_megabytes(size)}; the limit is {_megabytes(limit)}."})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    wrong = ValidationError(
        {field: f"{shown} does not look like a {kind.label} file (its content is of another type)."}
    )
    if not any(head.startswith(signature) for signature in kind.signatures):
        raise wrong
    if kind.zip_part:
        try:
            with zipfile.ZipFile(upload) as archive:
                if kind.zip_part not in archive.namelist():
                    raise wrong
        except zipfile.BadZipFile:
            raise wrong from None
        finally:
            upload.seek(0)
    return CheckedUpload(name=name[-255:], extension=extension, content_type=kind.content_type, size=size)


def document_response(file_field, *, filename: str, content_type: str) -> FileResponse:
    """Send a stored document as an attachment, after the caller's role and area checks: the type
    we recorded at upload, no sniffing by the browser, no caching by proxies."""
    if not file_field:
        raise Http404("This record has no file.")
    try:
        handle = file_field.open("rb")
    except FileNotFoundError as error:
        raise Http404("The file is missing from storage.") from error
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Content-Type"] = content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class StoredDocument(models.Model):
    """What every stored upload records besides its file (each app declares ``file`` with its own
    private ``upload_to``): the name as uploaded, the checked type and size, who and when."""

    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    def set_upload(self, checked: CheckedUpload, *, user) -> None:
        """Record a ``check_upload`` result (call ``file.save`` after ``full_clean(exclude=["file"])``)."""
        self.original_name, self.content_type, self.size = checked.name, checked.content_type, checked.size
        self.uploaded_by = user

    def download_response(self) -> FileResponse:
        return document_response(self.file, filename=self.original_name, content_type=self.content_type)
