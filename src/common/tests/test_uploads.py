"""The one upload check (type from the content, extension, size) and the access-checked download
response that coordination documents and policy evidence share."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from common.uploads import DOCUMENT_TYPES, PDF, check_upload, document_response

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def ooxml(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


def refusal(upload, **kwargs) -> str:
    with pytest.raises(ValidationError) as error:
        check_upload(upload, **kwargs)
    return " ".join(error.value.message_dict["file"])


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("Signed MOA.pdf", PDF_BYTES, "application/pdf"),
        ("annex.DOCX", ooxml("word/document.xml"), DOCUMENT_TYPES[".docx"].content_type),
        ("budget.xlsx", ooxml("xl/workbook.xml"), DOCUMENT_TYPES[".xlsx"].content_type),
        ("photo.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
        ("map.png", PNG_BYTES, "image/png"),
    ],
)
def test_accepted_documents_get_the_type_of_their_content(name, content, content_type):
    upload = SimpleUploadedFile(name, content, content_type="text/html")  # the browser's claim is ignored
    checked = check_upload(upload)
    assert (checked.name, checked.content_type, checked.size) == (name, content_type, len(content))
    assert upload.tell() == 0  # left at the start, ready to be stored


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", b"MZ\x90\x00", "setup.exe is not an accepted type. Upload a PDF, Word (.docx), Excel (.xlsx)"),
        ("notes", PDF_BYTES, "notes is not an accepted type"),
        ("empty.pdf", b"", "empty.pdf is empty."),
        ("page.pdf", b"<html><script>alert(1)</script></html>", "page.pdf does not look like a PDF file"),
        ("virus.png", b"MZ\x90\x00" + b"\x00" * 20, "virus.png does not look like a PNG file"),
        ("archive.docx", ooxml("payload/readme.txt"), "archive.docx does not look like a Word (.docx) file"),
        ("workbook.docx", ooxml("xl/workbook.xml"), "workbook.docx does not look like a Word (.docx) file"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "broken.xlsx does not look like a Excel (.xlsx) file"),
    ],
)
def test_refusals_name_the_file_and_say_why(name, content, message):
    assert message in refusal(SimpleUploadedFile(name, content))


def test_size_limit_from_the_caller_or_the_setting(settings):
    upload = SimpleUploadedFile("big.pdf", PDF_BYTES + b" " * 3000)
    assert "big.pdf is 2 KB; the limit is 1 KB." in refusal(upload, max_bytes=1024)
    settings.DOCUMENT_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    assert check_upload(upload).size == upload.size
    settings.DOCUMENT_UPLOAD_MAX_BYTES = 2048
    assert "the limit is 2 KB" in refusal(upload)


def test_callers_can_narrow_the_types_and_name_the_field():
    upload = SimpleUploadedFile("map.png", PNG_BYTES)
    with pytest.raises(ValidationError) as error:
        check_upload(upload, types={".pdf": PDF}, field="attachment")
    assert error.value.message_dict == {"attachment": ["map.png is not an accepted type. Upload a PDF file."]}


def test_a_path_in_the_uploaded_name_is_dropped():
    checked = check_upload(SimpleUploadedFile("C:\\Users\\me\\Signed MOA.pdf", PDF_BYTES))
    assert checked.name == "Signed MOA.pdf"


def test_missing_upload_is_refused():
    with pytest.raises(ValidationError, match="Choose a file"):
        check_upload(None)


def test_document_response_is_a_private_attachment_of_the_recorded_type(settings, tmp_path):
    from django.core.files.storage import FileSystemStorage
    from django.db.models.fields.files import FieldFile, FileField

    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("private/doc.pdf", ContentFile(PDF_BYTES))
    field = FileField(storage=storage)
    field.storage = storage
    stored = FieldFile(None, field, name)
    response = document_response(stored, filename="Signed MOA.pdf", content_type="application/pdf")
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert 'attachment; filename="Signed MOA.pdf"' in response["Content-Disposition"]
    storage.delete(name)
    with pytest.raises(Http404):
        document_response(FieldFile(None, field, name), filename="x.pdf", content_type="application/pdf")
    with pytest.raises(Http404):
        document_response(FieldFile(None, field, ""), filename="x.pdf", content_type="application/pdf")
