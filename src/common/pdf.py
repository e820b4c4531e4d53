"""Shared ReportLab conventions for every PDF (communities profiles and area reports, MANA reports).

* Headings keep with the paragraph or table that follows, so none is left alone at a page foot.
* Numbers in tables are right-aligned (a column whose body cells are all figures, header included).
"""

from __future__ import annotations

import re
from decimal import Decimal

#: "1,234", "12.5", "-3", "45%", "70.00", "—" (no figure): what a figure cell may read.
_FIGURE = re.compile(r"^\s*(?:[-+]?[\d,]*\.?\d+\s*%?|—|-|)\s*$")


def keep_with_next(*styles) -> None:
    """Make each heading style keep with the flowable after it (ReportLab ``keepWithNext``)."""
    for style in styles:
        style.keepWithNext = 1


def is_figure(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | Decimal):
        return True
    return isinstance(value, str) and bool(_FIGURE.match(value))


def numeric_alignment(rows, *, header: bool = True) -> list[tuple]:
    """TableStyle commands that right-align every column whose body cells are all figures."""
    body = rows[1:] if header else rows
    if not body:
        return []
    commands = []
    for col in range(max(len(r) for r in rows)):
        cells = [r[col] for r in body if col < len(r)]
        if any(not isinstance(c, str) or c.strip() not in ("", "—", "-") for c in cells) and all(
            is_figure(c) for c in cells
        ):
            commands.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    return commands
