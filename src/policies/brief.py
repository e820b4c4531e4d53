"""The policy brief: a PDF an executive can hand to a ministry (ReportLab).

Title and summary (with the brief narrative, when one is written), the problem, the evidence with
numbered citations and the key figures (MANA priority scores, votes and affected population; OBC
population of the communities; 2020 census population of the areas), the proposed action, budget,
responsible agencies and a chart of the areas concerned. Internal review comments never appear. Long
text flows across pages.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from policies.models import EvidenceKind, Quadrant, Recommendation, can_view_internal

GREEN = colors.HexColor("#1F4E3D")
AREAS = ("region", "province", "municipality", "barangay")


def _styles():
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("t", parent=base["Title"], alignment=TA_LEFT, fontSize=17, leading=21, textColor=GREEN),
        "sub": ParagraphStyle("s", parent=base["Normal"], fontSize=9, textColor=colors.grey),
        "h2": ParagraphStyle(
            "h", parent=base["Heading2"], fontSize=12, textColor=GREEN, spaceBefore=8, spaceAfter=3, keepWithNext=True
        ),
        "body": ParagraphStyle("b", parent=base["Normal"], fontSize=9.5, leading=12.5),
        "cell": ParagraphStyle("c", parent=base["Normal"], fontSize=8, leading=10),
        "cellr": ParagraphStyle("cr", parent=base["Normal"], fontSize=8, leading=10, alignment=2),
    }


def _p(text, style) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _n(value) -> str:
    return "—" if value is None else f"{value:,}"


def _table(rows, widths):
    table = LongTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("GRID", (0, 0), (-1, -1), 0.25, colors.lightgrey),
        ("BACKGROUND", (0, 0), (-1, 0), GREEN), ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"), ("FONTSIZE", (0, 0), (-1, -1), 8),
    ]))  # fmt: skip
    return table


def _area_chart(places, width):
    """Census population of the areas concerned (a horizontal bar per area)."""
    rows = [(p.name[:28], p.population or 0) for p in places][:12]
    if not rows:
        return None
    height = 24 + 16 * len(rows)
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 120, 10, width - 140, height - 20
    chart.data = [[v for _, v in reversed(rows)]]
    chart.categoryAxis.categoryNames = [n for n, _ in reversed(rows)]
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = lambda v: f"{v:,.0f}"
    chart.bars[0].fillColor = GREEN
    drawing.add(chart)
    return drawing


def _evidence_rows(rec, user, s):
    rows = rec.evidence.select_related("need", "assessment", "community", "engagement", "feedback").order_by(
        "kind", "pk"
    )
    if not can_view_internal(user):
        rows = rows.exclude(kind__in=(EvidenceKind.ENGAGEMENT, EvidenceKind.FEEDBACK))
    table = [["#", "Evidence", "Key figures", "Grade"]]
    citations = []
    for index, e in enumerate(rows, start=1):
        figures = ""
        if e.need_id:
            figures = (f"Priority score {e.need.priority_score} · {e.need.vote_count} votes · "
                       f"affected population {_n(e.need.affected_population)}")  # fmt: skip
        elif e.community_id:
            figures = f"OBC population {_n(e.community.estimated_obc_population)}"
        table.append([str(index), _p(f"{e.label}: {e.statement}", s["cell"]), _p(figures, s["cell"]), e.reliability])
        citations.append(f"[{index}] {e.citation}")
    return table, citations


def build_brief_pdf(rec: Recommendation, *, user) -> bytes:
    s = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=15 * mm, bottomMargin=18 * mm,
        title=f"{rec.reference} {rec.title}", author="OOBC – OBCMS",
    )  # fmt: skip
    areas = [a.place for a in rec.areas.select_related(*AREAS)]
    where = "Every OOBC area" if rec.is_national else "; ".join(a.place_label for a in rec.areas.all())
    story = [
        _p(rec.title, s["title"]),
        _p(
            f"Policy brief {rec.reference} · {rec.get_rec_type_display()} · {rec.get_category_display()} · "
            f"{rec.get_sector_display()} · {rec.get_status_display()}",
            s["sub"],
        ),
        Spacer(1, 3 * mm),
        _p("Summary", s["h2"]),
        _p(
            f"{rec.proposed_action.strip().splitlines()[0] if rec.proposed_action.strip() else ''} "
            f"Scope: {rec.get_scope_level_display()} ({where}). Priority {rec.priority_score} from the MANA needs "
            f"it answers; {Quadrant(rec.quadrant).label.lower()}.",
            s["body"],
        ),
        *([_p(rec.brief_summary, s["body"])] if rec.brief_summary.strip() else []),
        _p("Problem", s["h2"]),
        _p(rec.problem, s["body"]),
    ]
    table, citations = _evidence_rows(rec, user, s)
    story.append(_p("Evidence", s["h2"]))
    if len(table) > 1:
        story.append(_table(table, [doc.width * w for w in (0.05, 0.55, 0.3, 0.1)]))
    else:
        story.append(_p("No evidence cited.", s["body"]))
    communities = list(rec.communities.select_related("barangay", "municipality"))
    if communities:
        story.append(_p("Communities targeted", s["h2"]))
        rows = [["Community", "City/municipality", "OBC population"]]
        rows += [[_p(c.display_name, s["cell"]), _p(c.municipality.name, s["cell"]),
                  _p(_n(c.estimated_obc_population), s["cellr"])] for c in communities]  # fmt: skip
        story.append(_table(rows, [doc.width * w for w in (0.45, 0.35, 0.2)]))
    chart = _area_chart(areas, doc.width)
    if chart is not None:
        story += [_p("Areas concerned (2020 census population)", s["h2"]), chart]
    story += [_p("Proposed action", s["h2"]), _p(rec.proposed_action, s["body"])]
    if rec.expected_outcomes:
        story += [_p("Expected outcomes", s["h2"]), _p(rec.expected_outcomes, s["body"])]
    budget = f"PHP {rec.budget_amount:,.2f}" if rec.budget_amount is not None else "Not estimated"
    story += [
        _p("Budget and beneficiaries", s["h2"]),
        _p(
            f"{budget}; funding source: {rec.funding_source or '—'}; fiscal year {rec.fiscal_year or '—'}. "
            f"Beneficiaries: {_n(rec.beneficiaries_count)}"
            f"{f' ({rec.beneficiary_groups})' if rec.beneficiary_groups else ''}.",
            s["body"],
        ),
        _p("Responsible agencies", s["h2"]),
        _p("; ".join(str(o) for o in rec.responsible_organizations.all()) or "—", s["body"]),
    ]
    partners = "; ".join(str(o) for o in rec.partner_organizations.all())
    if partners:
        story.append(_p(f"Partners: {partners}", s["body"]))
    if citations:
        story += [_p("Sources", s["h2"]), *[_p(c, s["cell"]) for c in citations]]
    printed = f"printed by {user} on {timezone.localtime():%d %b %Y %H:%M}"
    footer = f"OBCMS · {rec.reference} rev. {rec.content_revision} · {printed}"

    def draw(canvas, document):
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.grey)
        canvas.drawString(document.leftMargin, 10 * mm, footer)
        canvas.drawRightString(document.pagesize[0] - document.rightMargin, 10 * mm, f"Page {document.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=draw, onLaterPages=draw)
    return out.getvalue()
