"""The downloadable Excel template of an import: a "Data" sheet to fill in and a "Guide" sheet.

Required columns are marked; single-choice columns get a drop-down of their allowed values
(from a hidden "Lists" sheet), so most values are picked, not typed.
"""

from __future__ import annotations

import io

from xlsxwriter.utility import xl_col_to_name

from common.exports import SafeWorkbook
from common.imports.columns import parse_choice
from common.imports.engine import ImportSpec


def build_template(spec: ImportSpec) -> bytes:
    columns = spec.get_columns()
    output = io.BytesIO()
    book = SafeWorkbook(output, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"})
    required = book.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})

    data = book.add_worksheet(spec.sheet_name)
    guide = book.add_worksheet("Guide")
    lists = book.add_worksheet("Lists")
    lists.hide()

    list_col = 0
    for index, column in enumerate(columns):
        data.write(0, index, column.name, required if column.required else bold)
        data.set_column(index, index, max(12, min(40, len(column.name) + 4)))
        if column.required:
            data.write_comment(0, index, "Required")
        if column.parse is parse_choice and column.allowed:
            letter = xl_col_to_name(list_col)
            lists.write_column(0, list_col, column.allowed)
            data.data_validation(
                1, index, spec.max_rows, index,
                {"validate": "list", "source": f"=Lists!${letter}$1:${letter}${len(column.allowed)}",
                 "error_type": "warning", "error_message": "Choose a value from the list."},
            )  # fmt: skip
            list_col += 1
    data.freeze_panes(1, 0)
    data.set_row(0, 30)

    guide.write_row(0, 0, ["Column", "Required", "What to write", "Allowed values", "Example"], bold)
    for row, column in enumerate(columns, start=1):
        guide.write_row(
            row,
            0,
            [
                column.name,
                "Yes" if column.required else "",
                column.help,
                "; ".join(column.allowed),
                "" if column.example is None else str(column.example),
            ],
            wrap,
        )
    guide.set_column(0, 0, 32)
    guide.set_column(1, 1, 10)
    guide.set_column(2, 2, 60)
    guide.set_column(3, 3, 60)
    guide.set_column(4, 4, 24)
    guide.freeze_panes(1, 1)
    if spec.instructions:
        guide.write(len(columns) + 2, 0, spec.instructions, wrap)
    book.close()
    return output.getvalue()
