"""Spreadsheets in (issue 8, item 4): hostile files are refused early, within bounded time and memory;
text files in the encodings Excel writes are read (or refused with an accurate message); an upload is
read once, by a job, and the preview never reads the file again.
"""

import codecs
import io
import random
import string
import time
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from common.imports import files
from common.imports.engine import build_preview
from common.imports.files import ImportFileError, read_table
from common.models import ImportUpload, Job
from common.tests.test_imports import SPEC  # the "tests.users" import

pytestmark = pytest.mark.django_db

SHEET = "xl/worksheets/sheet1.xml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
#: A hostile file must be refused within this CPU time (seconds: CPU, not wall-clock, so that a busy
#: test machine does not decide) and this peak of Python memory (MB).
MAX_SECONDS, MAX_MEGABYTES = 10, 64


def _workbook(sheet_xml: str | None = None, shared_xml: str | None = None, *, level=9) -> bytes:
    """A valid workbook (header + one row, shared strings) with its sheet or shared strings replaced."""
    book = openpyxl.Workbook()
    book.active.append(["Username", "Position"])
    book.active.append(["new1", "Clerk"])
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == SHEET and sheet_xml is not None:
                data = sheet_xml.encode()
            z.writestr(item.filename, data)
        if shared_xml is not None:
            z.writestr("xl/sharedStrings.xml", shared_xml)
    return out.getvalue()


def _sheet(rows_xml: str, dimension="A1:B2") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><dimension ref="{dimension}"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Username</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Position</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>new1</t></is></c></row>'
        f"{rows_xml}</sheetData></worksheet>"
    )


def _refused(content: bytes, filename="hostile.xlsx", limits=files.DEFAULT_LIMITS) -> str:
    """Read ``content``; assert it is refused within the time and memory bounds; return the message."""
    tracemalloc.start()
    started = time.process_time()
    try:
        with pytest.raises(ImportFileError) as caught:
            read_table(io.BytesIO(content), filename, max_rows=SPEC.max_rows, limits=limits)
        elapsed = time.process_time() - started
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()
    assert elapsed < MAX_SECONDS, f"refused after {elapsed:.1f} s of CPU"
    assert peak < MAX_MEGABYTES, f"peak {peak:.0f} MB"
    return str(caught.value)


def test_workbook_of_empty_rows_is_refused_early():
    """The reported file: ~600 KB of empty rows ran a worker past its timeout at 1.9 GB."""
    rows = "".join(f'<row r="{i}"/>' for i in range(3, 400_000))
    content = _workbook(_sheet(rows))
    assert len(content) < 2 * 1024 * 1024
    message = _refused(content)
    assert "empty rows count too" in message and "Delete the empty rows" in message


def test_far_away_cell_with_a_lying_dimension_is_refused_early():
    """One cell at the sheet's last row and column: openpyxl would pad a million rows of 16,384 cells."""
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    message = _refused(_workbook(_sheet(far, dimension="A1:XFD1048576")))
    assert "more than 25,000 rows" in message


def test_sheet_of_many_empty_cells_is_refused_early():
    """The reported file: 173 KB of empty cells took 32 s and 1.45 GB."""
    row = '<c s="0"/>' * 150
    rows = "".join(f'<row r="{r}">{row}</row>' for r in range(3, 5_000))
    message = _refused(_workbook(_sheet(rows)), limits=files.Limits(compression_ratio=100_000))
    assert "more than 600,000 cells" in message


def test_one_row_of_700_000_cells_is_refused_while_streaming():
    cells = '<c r="A3"/>' * 700_000
    message = _refused(_workbook(_sheet(f'<row r="3">{cells}</row>')), limits=files.Limits(compression_ratio=100_000))
    assert "more than 600,000 cells" in message


def test_huge_shared_string_is_refused():
    text = "".join(random.Random(1).choices(string.ascii_letters, k=200_000))
    shared = f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="1" uniqueCount="1"><si><t>{text}</t></si></sst>'
    message = _refused(_workbook(shared_xml=shared))
    assert "200,000 characters" in message and "at most 32,767" in message


def test_zip_bomb_ratio_is_refused_before_inflating():
    bomb = _sheet("<!--" + " " * (50 * 1024 * 1024) + "-->")
    message = _refused(_workbook(bomb))
    assert "times its packed size" in message or "unpacks to more than" in message


def test_total_uncompressed_size_is_bounded():
    limits = files.Limits(uncompressed_bytes=2000)
    with pytest.raises(ImportFileError, match="unpacks to more than"):
        read_table(io.BytesIO(_workbook()), "a.xlsx", max_rows=10, limits=limits)


def test_xml_entity_bomb_is_refused():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    assert "not a readable Excel workbook" in _refused(_workbook(bomb))


def test_ordinary_workbook_is_still_read():
    table = read_table(io.BytesIO(_workbook()), "a.xlsx", max_rows=10)
    assert table.headers == ["Username", "Position"] and table.rows == [(2, ["new1", "Clerk"])]


def test_csv_with_too_many_rows_or_huge_cells_is_refused():
    blank = ("Username,Position\n" + "new1,Clerk\n" + ",\n" * 30_000).encode()
    assert "empty rows count too" in _refused(blank, "a.csv")
    huge = ("Username,Position\n" + "new1," + "x" * 40_000 + "\n").encode()
    assert "40,001 characters" in _refused(huge, "a.csv") or "at most 32,767" in _refused(huge, "a.csv")


# --- text encodings -------------------------------------------------------------------------------

NAMES = "Username\tPosition\r\nnew1\tSto. Niño\r\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (NAMES.encode("utf-8"), "UTF-8"),
        (codecs.BOM_UTF8 + NAMES.encode("utf-8"), "UTF-8"),
        (codecs.BOM_UTF16_LE + NAMES.encode("utf-16-le"), "UTF-16"),  # Excel's "Unicode text"
        (codecs.BOM_UTF16_BE + NAMES.encode("utf-16-be"), "UTF-16"),
        (codecs.BOM_UTF32_LE + NAMES.encode("utf-32-le"), "UTF-32"),
        (NAMES.encode("cp1252"), "Windows-1252"),
    ],
)
def test_text_encodings_excel_writes_are_read(data, encoding):
    table = read_table(io.BytesIO(data), "a.txt", max_rows=10)
    assert table.rows == [(2, ["new1", "Sto. Niño"])]
    assert files.decode_text(data)[1].startswith(encoding)
    if encoding == "Windows-1252":
        assert "read as Windows-1252" in table.notices[0]


def test_windows_encoding_is_noted_in_the_preview(officer_ix):
    preview = build_preview(SPEC, io.BytesIO(NAMES.encode("cp1252")), "a.csv", user=officer_ix)
    assert preview.rows and any("Windows-1252" in n for n in preview.notices)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (NAMES.encode("utf-16-le"), "UTF-16 text without its byte-order mark"),
        (codecs.BOM_UTF8 + b"Username\nn\xff\xfe\n", "says it is UTF-8 text but byte"),
        (b"Username\nn\x81\x8d\x8f\n", "not UTF-8, UTF-16 or Windows-1252"),
    ],
)
def test_unreadable_encodings_are_refused_with_an_accurate_message(data, message):
    with pytest.raises(ImportFileError, match=message):
        read_table(io.BytesIO(data), "a.csv", max_rows=10)


# --- read once, in a job --------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _upload(client, content: bytes, name="users.xlsx"):
    return client.post(reverse("imports:start", args=["tests.users"]), {"file": SimpleUploadedFile(name, content)})


def test_upload_is_read_once_by_a_job_and_the_preview_never_reads_it(client, administrator, monkeypatch):
    client.force_login(administrator)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = _upload(client, _workbook())
    upload = ImportUpload.objects.get()
    job = Job.objects.get(kind="imports.read")
    assert (upload.read_status, upload.read_job, job.status) == ("ready", job, "succeeded")
    assert upload.table["rows"] == [[2, ["new1", "Clerk"]]]

    def never(*args, **kwargs):
        raise AssertionError("the preview read the file again")

    monkeypatch.setattr("common.imports.engine.read_table", never)
    monkeypatch.setattr("common.imports.files.read_table", never)
    for _ in range(2):
        html = client.get(response["Location"]).content.decode()
        assert 'data-status="create"' in html
    commit = client.post(reverse("imports:commit", args=[upload.pk]))
    assert commit.status_code == 302 and ImportUpload.objects.get().is_committed


def test_preview_waits_while_the_file_is_being_read(client, administrator):
    client.force_login(administrator)
    response = _upload(client, _workbook())  # the job has not run: the request's transaction is still open
    page = client.get(response["Location"])
    assert page.status_code == 202 and 'id="reading"' in page.content.decode()
    assert client.post(reverse("imports:commit", args=[ImportUpload.objects.get().pk])).status_code == 202


def test_hostile_upload_fails_in_the_job_and_the_preview_says_why(client, administrator):
    client.force_login(administrator)
    rows = "".join(f'<row r="{i}"/>' for i in range(3, 60_000))
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = _upload(client, _workbook(_sheet(rows)))
    job = Job.objects.get(kind="imports.read")
    assert job.status == "failed" and "empty rows count too" in job.error
    html = client.get(response["Location"]).content.decode()
    assert 'id="file-errors"' in html and "empty rows count too" in html
