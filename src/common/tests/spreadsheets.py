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


def formula_cells(content: bytes, kind: str) -> list[str]:
    """Every place in an exported file where a spreadsheet would run a formula: formula cells, and
    formula-led text that is neither quote-prefixed (Excel) nor apostrophe-led (CSV)."""
    import csv

    from common.exports import is_formula_like

    found = []
    if kind == "csv":
        text = content.decode("utf-8-sig")
        for r, row in enumerate(csv.reader(io.StringIO(text))):
            found += [f"row {r + 1}: {value!r}" for value in row if is_formula_like(value)]
        return found
    book = openpyxl.load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    found.append(f"{sheet.title}!{cell.coordinate}: formula {cell.value!r}")
                elif isinstance(cell.value, str) and is_formula_like(cell.value) and not cell.quotePrefix:
                    found.append(f"{sheet.title}!{cell.coordinate}: {cell.value!r}")
    return found
