"""Read an uploaded spreadsheet (.xlsx or .csv) into a header and rows of cell values, within bounds.

Everything that can go wrong with the *file* (wrong type, damaged, empty, too big, no header, an
unknown text encoding) raises ``ImportFileError`` with a message the user can act on; nothing is
written.

The work is bounded, not just the upload size (a 600 KB workbook can hold millions of empty rows):

* a workbook's zip members together may not inflate beyond ``Limits.uncompressed_bytes``, nor any
  large member beyond ``Limits.compression_ratio`` times its compressed size (zip bombs);
* the sheet and the shared strings are first scanned as a stream (expat handlers that build no tree,
  entity declarations refused as defusedxml does): rows and cells are counted, empty ones too, and
  every text is measured; the scan stops at the first limit passed, so a hostile file is refused early;
* only then does openpyxl read the sheet (read-only, through defusedxml, dimensions reset so a lying ``<dimension>``
  cannot pad every row to 16,384 columns), and the rows and cells it yields are counted again;
* CSV text is decoded from UTF-8 (with or without BOM), UTF-16 (LE/BE, with BOM — Excel's
  "Unicode text"), UTF-32 with BOM, or Windows-1252, and the same row/cell/length limits apply.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass, field

MAX_FILE_BYTES = 10 * 1024 * 1024
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt")
#: What an upload may be, in words: "an Excel workbook (.xlsx, .xlsm) or a CSV file (.csv)".
ACCEPTED = f"an Excel workbook ({', '.join(EXCEL_SUFFIXES)}) or a CSV file (.csv)"
#: The file chooser's ``accept`` attribute.
ACCEPT_ATTRIBUTE = ",".join((*EXCEL_SUFFIXES, ".csv"))
#: Excel's own limit for the text of one cell.
MAX_CELL_CHARACTERS = 32_767


@dataclass(frozen=True)
class Limits:
    """Bounds on the work of reading one file (see the module doc)."""

    uncompressed_bytes: int = 60 * 1024 * 1024
    compression_ratio: int = 100
    #: Members smaller than this are not held to the ratio (tiny XML parts compress very well).
    ratio_floor_bytes: int = 1024 * 1024
    #: Rows scanned (blank ones too) beyond the data rows allowed.
    blank_rows: int = 20_000
    cells: int = 600_000
    cell_characters: int = MAX_CELL_CHARACTERS
    shared_strings: int = 1_000_000

    def rows(self, max_rows: int) -> int:
        return max_rows + self.blank_rows


DEFAULT_LIMITS = Limits()


class ImportFileError(ValueError):
    """The file itself cannot be read as a table; the message says why and what to do."""


@dataclass
class Table:
    headers: list[str]
    #: (line number in the spreadsheet, cell values in header order)
    rows: list[tuple[int, list]]
    header_line: int = 1
    #: Things the user should know about how the file was read (e.g. its text encoding).
    notices: list[str] = field(default_factory=list)


def _clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _suffix(filename: str) -> str:
    name = filename.lower()
    return name[name.rfind(".") :] if "." in name else ""


def check_upload(filename: str, size: int) -> None:
    suffix = _suffix(filename)
    if suffix == ".xls":
        raise ImportFileError("Old Excel files (.xls) cannot be read. Open the file in Excel and save it as .xlsx.")
    if suffix not in (*EXCEL_SUFFIXES, *CSV_SUFFIXES):
        raise ImportFileError(f'"{filename}" is not a spreadsheet. Upload {ACCEPTED}.')
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            f"The file is {size / 1024 / 1024:.1f} MB; the limit is {MAX_FILE_BYTES // 1024 // 1024} MB. "
            "Split it into smaller files."
        )


class _Counter:
    """Counts rows and cells as they are scanned and refuses the file past the limits."""

    def __init__(self, *, max_rows: int, limits: Limits):
        self.max_rows, self.limits = max_rows, limits
        self.row_limit = limits.rows(max_rows)
        self.rows = self.cells = 0

    def row(self, cells: int) -> None:
        self.rows += 1
        self.cells += cells
        if self.rows > self.row_limit:
            raise ImportFileError(
                f"The sheet runs to more than {self.row_limit:,} rows (empty rows count too: a sheet formatted "
                f"far below its data is read to its end). The limit is {self.max_rows:,} data rows. Delete the "
                "empty rows below your data (select them, right-click, Delete) or copy the data to a new sheet."
            )
        if self.cells > self.limits.cells:
            raise ImportFileError(
                f"The sheet has more than {self.limits.cells:,} cells (empty but formatted cells count too). "
                "Delete the unused columns and rows, or copy only the data to a new workbook, and upload it again."
            )

    def text(self, length: int) -> None:
        if length > self.limits.cell_characters:
            raise ImportFileError(
                f"A cell holds {length:,} characters; a cell may hold at most {self.limits.cell_characters:,}. "
                "Shorten it and upload the file again."
            )


def read_table(
    fileobj, filename: str, *, max_rows: int, sheet_name: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Table:
    suffix = _suffix(filename)
    counter = _Counter(max_rows=max_rows, limits=limits)
    notices: list[str] = []
    if suffix in EXCEL_SUFFIXES:
        raw_rows = _excel_rows(fileobj, sheet_name, counter)
    elif suffix in CSV_SUFFIXES:
        raw_rows = _csv_rows(fileobj, counter, notices)
    else:
        check_upload(filename, 0)
        raise ImportFileError(f'"{filename}" is not a spreadsheet.')  # pragma: no cover — check_upload raised

    header_line, headers = 0, None
    rows: list[tuple[int, list]] = []
    for line, raw in enumerate(raw_rows, start=1):
        values = [_clean(v) for v in raw]
        if headers is None:
            if any(v is not None for v in values):
                header_line = line
                while values and values[-1] is None:
                    values.pop()
                headers = ["" if v is None else str(v) for v in values]
            continue
        if not any(v is not None for v in values):
            continue
        if len(rows) >= max_rows:
            raise ImportFileError(
                f"The file has more than {max_rows:,} data rows; split it into files of at most {max_rows:,} rows."
            )
        values = (values + [None] * len(headers))[: max(len(headers), len(values))]
        if any(v is not None for v in values[len(headers) :]):
            raise ImportFileError(
                f"Row {line} has values to the right of the last column heading. Give every column a heading "
                "(copy them from the template) or delete the stray cells."
            )
        rows.append((line, values[: len(headers)]))
    if headers is None:
        raise ImportFileError("The file is empty. Fill in the template and upload it again.")
    if not rows:
        raise ImportFileError("The file has column headings but no data rows.")
    return Table(headers=headers, rows=rows, header_line=header_line, notices=notices)


# --- Excel ----------------------------------------------------------------------------------------

NOT_A_WORKBOOK = (
    "This file is not a readable Excel workbook (.xlsx): it may be damaged or saved in another format. "
    "Open it in Excel, save it as .xlsx (or CSV), and upload it again."
)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _check_archive(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Zip-bomb checks on the declared sizes (zipfile never inflates a member past its declared size:
    a member that lies fails its CRC check and is reported as a damaged file)."""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if total > limits.uncompressed_bytes:
            raise ImportFileError(
                f"The workbook unpacks to more than {limits.uncompressed_bytes // 1024 // 1024} MB, far more than "
                "a table of this size needs (it may hold millions of empty formatted cells). Copy only the data "
                "to a new workbook and upload that."
            )
        if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.compression_ratio * max(
            info.compress_size, 1
        ):
            raise ImportFileError(
                f"Part of the workbook ({info.filename}) unpacks to {info.file_size // info.compress_size:,} times "
                "its packed size, which real spreadsheets never do. The file cannot be read safely; copy the data "
                "to a new workbook and upload that."
            )


class _Scan:
    """Expat handlers for one streamed pass over a sheet or the shared strings: count, measure, build
    nothing. Entity declarations and external entities are refused, as defusedxml does."""

    def __init__(self, counter: _Counter, *, sheet: bool):
        self.counter, self.sheet = counter, sheet
        self.cells_in_row = self.strings = 0
        self.text_length = -1  # >= 0 while inside a <t> or <v>

    def start(self, name, attrs):
        tag = _local(name)
        if tag in ("t", "v"):
            self.text_length = 0
        elif self.sheet and tag == "c":
            self.cells_in_row += 1
            if self.counter.cells + self.cells_in_row > self.counter.limits.cells:
                self.counter.row(self.cells_in_row)  # raises
        elif not self.sheet and tag == "si":
            self.strings += 1
            if self.strings > self.counter.limits.shared_strings:
                raise ImportFileError(
                    f"The workbook holds more than {self.counter.limits.shared_strings:,} different texts. "
                    "Copy only the data to a new workbook and upload that."
                )

    def end(self, name):
        tag = _local(name)
        if tag in ("t", "v"):
            self.counter.text(self.text_length)
            self.text_length = -1
        elif self.sheet and tag == "row":
            self.counter.row(self.cells_in_row)
            self.cells_in_row = 0

    def text(self, data):
        if self.text_length >= 0:
            self.text_length += len(data)
            if self.text_length > self.counter.limits.cell_characters:
                self.counter.text(self.text_length)  # raises

    @staticmethod
    def forbid(*args):
        raise ImportFileError(NOT_A_WORKBOOK)


def _scan(archive: zipfile.ZipFile, member: str, counter: _Counter, *, sheet: bool) -> None:
    """Stream ``member`` once through expat (no tree is built, memory stays flat however long the
    part is), counting rows/cells (sheet) or strings (shared strings) and measuring every text."""
    from xml.parsers import expat

    scan = _Scan(counter, sheet=sheet)
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler, parser.EndElementHandler = scan.start, scan.end
    parser.CharacterDataHandler = scan.text
    parser.EntityDeclHandler = parser.UnparsedEntityDeclHandler = parser.ExternalEntityRefHandler = scan.forbid
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(256 * 1024):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except ImportFileError:
        raise
    except Exception:  # a damaged part, malformed XML, a CRC mismatch
        raise ImportFileError(NOT_A_WORKBOOK) from None


def _sheet_member(workbook, sheet) -> str:
    return sheet._worksheet_path


def _excel_rows(fileobj, sheet_name, counter: _Counter):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError(NOT_A_WORKBOOK) from None
    _check_archive(archive, counter.limits)
    names = set(archive.namelist())
    shared = next((n for n in names if n.lower() == "xl/sharedstrings.xml"), None)
    if shared:
        _scan(archive, shared, counter, sheet=False)
    fileobj.seek(0)
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, SyntaxError, TypeError):
        raise ImportFileError(NOT_A_WORKBOOK) from None
    try:
        sheet = workbook[sheet_name] if sheet_name and sheet_name in workbook.sheetnames else workbook.worksheets[0]
        member = _sheet_member(workbook, sheet)
        if member not in names:
            raise ImportFileError(NOT_A_WORKBOOK)
        _scan(archive, member, _Counter(max_rows=counter.max_rows, limits=counter.limits), sheet=True)
        sheet.reset_dimensions()  # never trust the file's <dimension>: rows are as wide as their cells
        for row in sheet.iter_rows(values_only=True):
            counter.row(len(row))
            yield row
    finally:
        workbook.close()
        archive.close()


# --- CSV ------------------------------------------------------------------------------------------

#: (byte-order mark, codec, what to call it), longest first (the UTF-32 LE mark starts like UTF-16 LE's).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 (Excel “Unicode text”)"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 (Excel “Unicode text”)"),
)


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of a CSV/text upload; ``ImportFileError`` naming the problem otherwise."""
    for bom, codec, label in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), label
            except UnicodeDecodeError as exc:
                raise ImportFileError(
                    f"The file says it is {label} text but byte {exc.start + 1:,} is not valid {label}. "
                    "Open it in Excel and save it again as “CSV UTF-8 (Comma delimited)”."
                ) from None
    if data[:2] == b"PK" or b"\x00\x00" in data[:4096]:
        raise ImportFileError(
            "This file is not a CSV text file (it looks like a binary or Excel file renamed to .csv). "
            "Upload the .xlsx itself, or save it from Excel as CSV UTF-8."
        )
    if b"\x00" in data[:4096]:
        raise ImportFileError(
            "This file looks like UTF-16 text without its byte-order mark, which cannot be read reliably. "
            "Open it in Excel and save it as “CSV UTF-8 (Comma delimited)”."
        )
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"The text encoding of this file is not UTF-8, UTF-16 or Windows-1252 (byte {exc.start + 1:,} cannot "
            "be read). Open it in Excel and save it as “CSV UTF-8 (Comma delimited)”."
        ) from None


def _csv_rows(fileobj, counter: _Counter, notices: list[str]):
    data = fileobj.read(MAX_FILE_BYTES + 1)
    if isinstance(data, str):
        text = data
    else:
        if len(data) > MAX_FILE_BYTES:
            check_upload("file.csv", len(data))
        text, encoding = decode_text(data)
        if encoding == "Windows-1252":
            notices.append(
                "The file is not UTF-8; it was read as Windows-1252 (Excel's “CSV (Comma delimited)”). Check that "
                "accented names (ñ, é) look right below; if not, save it from Excel as “CSV UTF-8”."
            )
        elif encoding.startswith(("UTF-16", "UTF-32")):
            notices.append(f"The file was read as {encoding} text.")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    previous = csv.field_size_limit(counter.limits.cell_characters + 1)
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            counter.row(len(row))
            yield row
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            counter.text(counter.limits.cell_characters + 1)  # raises with the cell-length message
        raise ImportFileError(
            f"The CSV file is malformed ({exc}). Check quotes around values that contain commas."
        ) from None
    finally:
        csv.field_size_limit(previous)
