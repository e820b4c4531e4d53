"""Tables of the MANA report PDF that must fit the page: text cells are paragraphs that wrap
inside their column, and the columns add up to the frame's width."""

from __future__ import annotations

from xml.sax.saxutils import escape

#: Needs table: (header, share of the width). Shares add up to 1.
NEEDS_COLUMNS = (
    ("Rank", 0.07),
    ("Need", 0.29),
    ("Category", 0.17),
    ("S", 0.05),
    ("U", 0.05),
    ("F", 0.05),
    ("Score", 0.09),
    ("Votes", 0.08),
    ("Status", 0.15),
)


def cell_style():
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

    return ParagraphStyle("Cell", parent=getSampleStyleSheet()["BodyText"], fontSize=8, leading=10)


def text(value, style):
    """A wrapping table cell; the value is shown as text (markup escaped)."""
    from reportlab.platypus import Paragraph

    return Paragraph(escape(str(value)), style)


def heading(bold_text: str, rest: str, style):
    """A question heading: the question in bold (markup of the text escaped), then ``rest``."""
    from reportlab.platypus import Paragraph

    return Paragraph(f"<b>{escape(bold_text)}</b> {escape(rest)}", style)


def needs_table(needs, *, width, style, number):
    """The ranked needs as a table exactly ``width`` points wide, wrapping long titles."""
    from reportlab.platypus import Table

    cell = cell_style()
    rows = [[text(h, cell) for h, _ in NEEDS_COLUMNS]]
    for n in needs:
        rows.append(
            [
                n.rank,
                text(n.title, cell),
                text(n.get_category_display(), cell),
                n.severity,
                n.urgency,
                n.feasibility,
                number(n.priority_score),
                n.vote_count,
                text(n.get_status_display(), cell),
            ]
        )
    table = Table(rows, repeatRows=1, colWidths=[share * width for _, share in NEEDS_COLUMNS])
    table.setStyle(style)
    # Figures (rank, S, U, F, score, votes) right-aligned, as in every OBCMS PDF table.
    table.setStyle([("ALIGN", (col, 0), (col, -1), "RIGHT") for col in (0, 3, 4, 5, 6, 7)])
    return table
