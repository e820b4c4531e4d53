"""The breakdown tables (``mana.breakdowns``) in the MANA report PDF and the data workbook, the
same figures the analysis page shows."""

from __future__ import annotations

from mana import selectors
from mana.breakdowns import DIMENSIONS, breakdown

#: Width of the group column in the PDF tables (cm); the options share the rest.
GROUP_COLUMN_CM = 4.0


def dimensions_for(by: str | None) -> list[str]:
    """One dimension when asked for, otherwise every one (the printed report covers them all)."""
    return [by] if by in DIMENSIONS else list(DIMENSIONS)


def tables_for(assessment, blocks, dimensions) -> dict[str, dict]:
    answers = selectors.submitted_answers(assessment)
    return {d: breakdown(answers, blocks, d) for d in dimensions}


def table_rows(table, group_label: str) -> list[list]:
    """Header and body rows of one breakdown table, as plain values (cells "count (share%)")."""
    header = [group_label, "Answers", *table["columns"]]
    if table["numeric"]:
        header.append("Average")
    rows = [header]
    for row in table["rows"]:
        cells = [f"{c['count']} ({c['share']:.0%})" for c in row["cells"]]
        line = [row["label"], row["n"], *cells]
        if table["numeric"]:
            line.append("" if row.get("avg") is None else f"{row['avg']:.2f}")
        rows.append(line)
    return rows


def pdf_flowables(table, dimension, *, paragraph, style, width_cm: float) -> list:
    """A heading line and a table that fits ``width_cm``: the group column wraps, the counts share
    the remaining width."""
    from reportlab.lib.units import cm
    from reportlab.platypus import Table

    if not table or not table["rows"]:
        return []
    label = DIMENSIONS[dimension][0]
    from mana.report_tables import cell_style, text

    cell = cell_style()
    header, *body = table_rows(table, label)
    rows = [[text(c, cell) for c in header]] + [[text(r[0], cell), *r[1:]] for r in body]
    rest = len(rows[0]) - 1
    other = (width_cm - GROUP_COLUMN_CM) / rest
    t = Table(rows, repeatRows=1, colWidths=[GROUP_COLUMN_CM * cm] + [other * cm] * rest)
    t.setStyle(style)
    return [paragraph(f"By {label.lower()}"), t]


def write_sheet(wb, assessment, blocks, *, header_format, pct_format) -> None:
    """Sheet "Breakdowns": one row per question × dimension × group × option."""
    ws = wb.add_worksheet("Breakdowns")
    ws.write_row(
        0,
        0,
        ["Breakdown", "Instrument", "Question", "Group", "Answers", "Option", "Count", "Share", "Average"],
        header_format,
    )
    r = 1
    for dimension, tables in tables_for(assessment, blocks, list(DIMENSIONS)).items():
        label = DIMENSIONS[dimension][0]
        for block in blocks:
            name = f"{block['version'].instrument.title} v{block['version'].number}"
            for item in block["questions"]:
                table = tables.get(item["question"].pk)
                for row in table["rows"] if table else []:
                    base = [label, name, item["question"].text, row["label"], row["n"]]
                    pairs = list(zip(table["columns"], row["cells"], strict=True)) or [(None, None)]
                    for column, cell in pairs:
                        ws.write_row(r, 0, base)
                        if column is not None:
                            ws.write(r, 5, column)
                            ws.write_number(r, 6, cell["count"])
                            ws.write_number(r, 7, cell["share"], pct_format)
                        if row.get("avg") is not None:
                            ws.write_number(r, 8, row["avg"])
                        r += 1
    ws.set_column(2, 2, 40)
    ws.set_column(3, 3, 24)
    ws.freeze_panes(1, 0)
