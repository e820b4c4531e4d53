"""Build upload files for import tests."""

import io

import openpyxl


def xlsx(rows, headers) -> io.BytesIO:
    """An Excel workbook with one "Data" sheet: a header row, then ``rows``."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out
