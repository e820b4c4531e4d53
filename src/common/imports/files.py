"""Read an uploaded spreadsheet (.xlsx or .csv) into a header and rows of cell values.

Everything that can go wrong with the *file* (wrong type, damaged, empty, too big, no header)
raises ``ImportFileError`` with a message the user can act on; nothing is written.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

MAX_FILE_BYTES = 10 * 1024 * 1024
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt")
#: What an upload may be, in words: "an Excel workbook (.xlsx, .xlsm) or a CSV file (.csv)".
ACCEPTED = f"an Excel workbook ({', '.join(EXCEL_SUFFIXES)}) or a CSV file (.csv)"
#: The file chooser's ``accept`` attribute.
ACCEPT_ATTRIBUTE = ",".join((*EXCEL_SUFFIXES, ".csv"))


class ImportFileError(ValueError):
    """The file itself cannot be read as a table; the message says why and what to do."""


@dataclass
class Table:
    headers: list[str]
    #: (line number in the spreadsheet, cell values in header order)
    rows: list[tuple[int, list]]
    header_line: int = 1


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


def read_table(fileobj, filename: str, *, max_rows: int, sheet_name: str | None = None) -> Table:
    suffix = _suffix(filename)
    if suffix in EXCEL_SUFFIXES:
        raw_rows = _excel_rows(fileobj, sheet_name)
    elif suffix in CSV_SUFFIXES:
        raw_rows = _csv_rows(fileobj)
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
    return Table(headers=headers, rows=rows, header_line=header_line)


def _excel_rows(fileobj, sheet_name):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise ImportFileError(
            "This file is not a readable Excel workbook (.xlsx): it may be damaged or saved in another format. "
            "Open it in Excel, save it as .xlsx (or CSV), and upload it again."
        ) from None
    sheet = workbook[sheet_name] if sheet_name and sheet_name in workbook.sheetnames else workbook.worksheets[0]
    try:
        yield from sheet.iter_rows(values_only=True)
    finally:
        workbook.close()


def _csv_rows(fileobj):
    data = fileobj.read()
    if isinstance(data, str):
        text = data
    else:
        if b"\x00" in data[:4096] or data[:2] == b"PK":
            raise ImportFileError(
                "This file is not a CSV text file (it looks like a binary or Excel file renamed to .csv). "
                "Upload the .xlsx itself, or save it from Excel as CSV UTF-8."
            )
        for encoding in ("utf-8-sig", "cp1252", "latin-1"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        yield from csv.reader(io.StringIO(text), dialect)
    except csv.Error as exc:
        raise ImportFileError(
            f"The CSV file is malformed ({exc}). Check quotes around values that contain commas."
        ) from None
