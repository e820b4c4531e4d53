"""Spreadsheet writers shared by every export: formatted Excel (XlsxWriter or openpyxl) and CSV.

Every CSV and Excel file OBCMS writes goes through this module, which neutralises formula-led text
(CSV/formula injection): a text value starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is written as text, never as a formula. In CSV it gets a leading apostrophe; in Excel it is a
text cell with Excel's "quote prefix" flag (the cell shows the text as typed and stays text when
edited). Values that are numbers stay numbers ("-5" in a CSV, ``-5`` in Excel). Use:

* ``write_xlsx`` / ``write_csv`` / ``iter_csv`` for tabular exports built from ``ExportColumn``;
* ``SafeWorkbook`` (an ``xlsxwriter.Workbook``) for hand-laid workbooks: its sheets refuse formulas
  and neutralise text written with ``write``, ``write_row``, ``write_string`` alike;
* ``openpyxl_row`` to append rows to an openpyxl sheet (normal or write-only);
* ``csv_bytes`` for a small CSV from a header and rows.

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
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import xlsxwriter
from django.utils import timezone
from xlsxwriter.worksheet import Worksheet

TEXT, INTEGER, DECIMAL, DATE = "text", "integer", "decimal", "date"
#: First characters that make a spreadsheet read a text value as a formula (OWASP's list).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could run ``text`` as a formula: it starts with a trigger and is not
    simply a number such as ``-5`` or ``+63``."""
    return bool(text) and text[0] in FORMULA_TRIGGERS and not _is_number(text)


def neutralise(text: str) -> str:
    """``text`` made safe for a CSV cell: formula-led values get a leading apostrophe."""
    return "'" + text if is_formula_like(text) else text


_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _is_number(text: str) -> bool:
    """A plain decimal number ("-5", "+63", "-1.5e3"); not "-inf", "-nan" or "1+1"."""
    return _NUMBER.fullmatch(text) is not None


class SafeWorksheet(Worksheet):
    """A worksheet that writes no formula: formula-led text becomes quote-prefixed text."""

    _safe_book = None

    def _write_string(self, row, col, string, cell_format=None):
        if string and string[0] in FORMULA_TRIGGERS and not _is_number(string):
            cell_format = self._safe_book.quoted(cell_format)
        return super()._write_string(row, col, string, cell_format)

    def _refuse(self, *args, **kwargs):
        raise TypeError("OBCMS exports write values, never formulas (see common.exports).")

    write_formula = _write_formula = write_array_formula = _write_array_formula = _refuse
    write_dynamic_array_formula = _refuse


class SafeWorkbook(xlsxwriter.Workbook):
    """An XlsxWriter workbook whose worksheets neutralise formula-led text (see the module doc)."""

    worksheet_class = SafeWorksheet

    def __init__(self, filename=None, options=None):
        options = {**(options or {}), "strings_to_formulas": False, "strings_to_urls": False}
        super().__init__(filename, options)
        self._quoted: dict[int | None, object] = {}

    def add_format(self, properties=None):
        cell_format = super().add_format(properties)
        cell_format._obcms_properties = dict(properties or {})
        return cell_format

    def quoted(self, cell_format):
        """The quote-prefixed twin of ``cell_format`` (made once per format)."""
        key = id(cell_format) if cell_format is not None else None
        if key not in self._quoted:
            properties = getattr(cell_format, "_obcms_properties", {}) if cell_format is not None else {}
            self._quoted[key] = self.add_format({**properties, "quote_prefix": True})
        return self._quoted[key]

    def _add_sheet(self, name, worksheet_class=None):
        sheet = super()._add_sheet(name, worksheet_class=worksheet_class)
        sheet._safe_book = self
        return sheet


def openpyxl_row(sheet, values) -> list:
    """Cells for ``sheet.append()`` (openpyxl, normal or write-only): text is always a text cell,
    formula-led text is quote-prefixed, numbers stay numbers."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
            if is_formula_like(value):
                cell.quotePrefix = True
        cells.append(cell)
    return cells


def csv_bytes(header: list[str], rows: Iterable[Iterable]) -> bytes:
    """A small CSV (UTF-8 with BOM, for Excel) from a header and rows, formula-led text neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(str(h)) for h in header])
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode()


#: Progress callbacks are called every this many rows.
PROGRESS_EVERY = 250


@dataclass
class ExportColumn:
    header: str
    get: Callable[[object], object]
    kind: str = TEXT
    width: int | None = None
    #: The queryset ``values()`` key the getter reads, when rows are dicts.
    key: str = ""

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
    more_sheets: Iterable[tuple[str, list[ExportColumn], Iterable]] = (),
) -> tempfile.SpooledTemporaryFile:
    """Write the rows to an .xlsx in a temporary file (positioned at 0) and return it.

    ``more_sheets`` adds further data sheets (name, columns, rows) after the first, before "About";
    ``progress`` is told the running count of rows over all sheets."""
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 — returned to the caller
    book = SafeWorkbook(output, {"constant_memory": True})
    header = book.add_format({"bold": True, "bg_color": "#1F4E3D", "font_color": "#FFFFFF", "border": 1,
                              "text_wrap": True, "valign": "top"})  # fmt: skip
    formats = {
        INTEGER: book.add_format({"num_format": "#,##0"}),
        DECIMAL: book.add_format({"num_format": "0.000000"}),
        DATE: book.add_format({"num_format": "yyyy-mm-dd"}),
        TEXT: None,
    }
    written = 0
    for name, sheet_columns, sheet_rows in [(sheet_name, columns, rows), *more_sheets]:
        written += _write_sheet(book, header, formats, name, sheet_columns, sheet_rows, progress, written)
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
        progress(written)
    output.seek(0)
    return output


def _write_sheet(book, header, formats, sheet_name, columns, rows, progress, before: int) -> int:
    """One data sheet: header row frozen, widths and formats, auto-filter. Returns its row count."""
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
            progress(before + count)
    sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
    return count


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return str(value)
    # A cell starting with = + - @ tab or CR would run as a formula in a spreadsheet (CSV injection).
    return neutralise(str(value))


def iter_csv(columns: list[ExportColumn], rows: Iterable, *, progress=None) -> Iterator[bytes]:
    """CSV lines as UTF-8 bytes, starting with a byte-order mark so Excel reads accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(c.header) for c in columns])
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
