"""Spreadsheet writers shared by every export: formatted Excel (XlsxWriter) and CSV.

Exports are built from a list of ``ExportColumn`` and an iterable of rows (model instances or
anything the columns' getters understand). The Excel writer streams rows to a temporary file in
XlsxWriter's constant-memory mode, so 5,000 or 50,000 rows cost the same memory; the header is
bold and frozen, columns have sensible widths and an auto-filter, and an "About" sheet says who
exported what, when, with which filters.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import xlsxwriter
from django.utils import timezone

TEXT, INTEGER, DECIMAL, DATE = "text", "integer", "decimal", "date"
#: Progress callbacks are called every this many rows.
PROGRESS_EVERY = 250


@dataclass
class ExportColumn:
    header: str
    get: Callable[[object], object]
    kind: str = TEXT
    width: int | None = None

    def value(self, row):
        value = self.get(row)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            value = timezone.localtime(value) if timezone.is_aware(value) else value
            return value.replace(tzinfo=None)
        return value


def _width(column: ExportColumn) -> int:
    if column.width:
        return column.width
    base = {INTEGER: 12, DECIMAL: 12, DATE: 12}.get(column.kind, 18)
    return max(base, min(45, len(column.header) + 3))


def write_xlsx(
    columns: list[ExportColumn],
    rows: Iterable,
    *,
    sheet_name: str = "Data",
    about: dict[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> tempfile.SpooledTemporaryFile:
    """Write the rows to an .xlsx in a temporary file (positioned at 0) and return it."""
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 — returned to the caller
    book = xlsxwriter.Workbook(
        output, {"constant_memory": True, "strings_to_urls": False, "strings_to_formulas": False}
    )
    header = book.add_format({"bold": True, "bg_color": "#1F4E3D", "font_color": "#FFFFFF", "border": 1,
                              "text_wrap": True, "valign": "top"})  # fmt: skip
    formats = {
        INTEGER: book.add_format({"num_format": "#,##0"}),
        DECIMAL: book.add_format({"num_format": "0.000000"}),
        DATE: book.add_format({"num_format": "yyyy-mm-dd"}),
        TEXT: None,
    }
    sheet = book.add_worksheet(sheet_name[:31])
    for index, column in enumerate(columns):
        sheet.set_column(index, index, _width(column), formats[column.kind])
    sheet.set_row(0, 32)
    for index, column in enumerate(columns):
        sheet.write_string(0, index, column.header, header)
    sheet.freeze_panes(1, min(2, len(columns)))
    count = 0
    # The hot loop (rows x columns cells): plain getters, type dispatch by exact type.
    cells = [(index, column.get, column.value if column.kind == DATE else None, formats[column.kind])
             for index, column in enumerate(columns)]  # fmt: skip
    write_string, write_number, write_boolean = sheet.write_string, sheet.write_number, sheet.write_boolean
    for count, row in enumerate(rows, start=1):
        for index, get, date_value, cell_format in cells:
            value = date_value(row) if date_value else get(row)
            if value is None or value == "":
                continue
            kind = type(value)
            if kind is str:
                write_string(count, index, value)
            elif kind is int or kind is float:
                write_number(count, index, value, cell_format)
            elif kind is bool:
                write_boolean(count, index, value)
            elif isinstance(value, dt.date):
                sheet.write_datetime(count, index, value, formats[DATE])
            else:
                write_string(count, index, str(value))
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
    sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
    if about:
        info = book.add_worksheet("About")
        bold = book.add_format({"bold": True})
        for row, (label, text) in enumerate(about.items()):
            info.write_string(row, 0, label, bold)
            info.write_string(row, 1, str(text))
        info.set_column(0, 0, 22)
        info.set_column(1, 1, 80)
    book.close()
    if progress:
        progress(count)
    output.seek(0)
    return output


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    # A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
    if text[:1] in ("=", "+", "-", "@") and not _is_number(text):
        text = "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def iter_csv(columns: list[ExportColumn], rows: Iterable, *, progress=None) -> Iterator[bytes]:
    """CSV lines as UTF-8 bytes, starting with a byte-order mark so Excel reads accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.header for c in columns])
    yield ("\ufeff" + buffer.getvalue()).encode()
    count = 0
    for count, row in enumerate(rows, start=1):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_csv_text(c.value(row)) for c in columns])
        yield buffer.getvalue().encode()
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
    if progress:
        progress(count)


def write_csv(columns: list[ExportColumn], rows: Iterable, *, progress=None) -> tempfile.SpooledTemporaryFile:
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 — returned to the caller
    for chunk in iter_csv(columns, rows, progress=progress):
        output.write(chunk)
    output.seek(0)
    return output


def export_filename(stem: str, extension: str) -> str:
    return f"{stem}-{timezone.localtime():%Y%m%d-%H%M}.{extension}"
