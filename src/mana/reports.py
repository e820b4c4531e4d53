"""MANA report (PDF, ReportLab) and data workbook (Excel, XlsxWriter).

Both read the same aggregates as the analysis page (``selectors.analysis``), so the numbers match.
"""

from __future__ import annotations

import io

from django.template.defaultfilters import pluralize
from django.utils import timezone

from common.formatting import display_date, display_datetime
from common.pdf import keep_with_next, numeric_alignment
from mana import report_breakdowns, report_tables, selectors
from mana.models import Answer, AnswerChoice, Need, Question, Response


def _fmt(value, digits=2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def report_pdf(assessment, *, compress: bool = True, by: str | None = None) -> bytes:
    """``by``: one breakdown dimension (``mana.breakdowns.DIMENSIONS``); by default every one."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    keep_with_next(*(styles[f"Heading{level}"] for level in (1, 2, 3)))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"MANA report: {assessment.title}",
        pageCompression=int(compress),
        author="OOBC",
        leftMargin=1.8 * cm,
        rightMargin=1.8 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
    )
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef3")),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )

    def p(text, style="BodyText"):
        return Paragraph(str(text).replace("&", "&amp;").replace("<", "&lt;"), styles[style])

    counts = selectors.response_counts(assessment)
    story = [
        p("Mapping and Needs Assessment (MANA) report", "Title"),
        p(assessment.title, "Heading2"),
        p(f"Area: {assessment.area_label} ({assessment.get_level_display()})"),
        p(
            f"Status: {assessment.get_status_display()} · Schedule: {display_date(assessment.start_date, '—')} to "
            f"{display_date(assessment.end_date, '—')}"
        ),
        p(f"Methods: {', '.join(assessment.method_labels) or '—'}"),
        p(
            f"Participants: {assessment.participants.filter(deleted_at__isnull=True).count()} · "
            f"Responses submitted: {counts['submitted']} (drafts: {counts['draft']})"
        ),
        p(f"Generated {display_datetime(timezone.now())} (Asia/Manila)", "Italic"),
        Spacer(1, 8),
    ]
    if assessment.purpose:
        story += [p("Purpose", "Heading3"), p(assessment.purpose)]

    needs = list(selectors.ranked_needs(Need.objects.alive().filter(assessment=assessment)))
    story.append(p("Prioritised needs", "Heading2"))
    if needs:
        width = A4[0] - doc.leftMargin - doc.rightMargin
        table = report_tables.needs_table(needs, width=width, style=grid, number=_fmt)
        story.append(table)
    else:
        story.append(p("No needs recorded yet."))
    story.append(p("Needs by category", "Heading3"))
    cat_rows = [["Category", "Needs", "Average score", "Votes"]]
    cat_rows += [
        [c["category"], c["n"], _fmt(c["avg_score"]), c["votes"]] for c in selectors.needs_by_category(assessment)
    ]
    cat_table = Table(cat_rows, repeatRows=1)
    cat_table.setStyle(grid)
    cat_table.setStyle(TableStyle(numeric_alignment(cat_rows)))
    story.append(cat_table)

    story.append(p("Survey and workshop results", "Heading2"))
    blocks = selectors.analysis(assessment)
    dimensions = report_breakdowns.dimensions_for(by)
    breakdowns = report_breakdowns.tables_for(assessment, blocks, dimensions)
    width_cm = (A4[0] - doc.leftMargin - doc.rightMargin) / cm
    for block in blocks:
        story.append(p(f"{block['version'].instrument.title} (version {block['version'].number})", "Heading3"))
        for item in block["questions"]:
            q = item["question"]
            answers = f"— {item['n']} answer{pluralize(item['n'])}"
            story.append(report_tables.heading(q.text, answers, styles["BodyText"]))
            if item.get("options"):
                rows = [["Option", "Count", "Share"]] + [
                    [o["label"], o["count"], f"{o['share']:.0%}"] for o in item["options"]
                ]
                t = Table(rows, repeatRows=1)
                t.setStyle(grid)
                t.setStyle(TableStyle(numeric_alignment(rows)))
                story.append(t)
            if item["kind"] in ("number", "rating") and item["n"]:
                story.append(p(f"Average {_fmt(item['avg'])} (min {_fmt(item['min'], 0)}, max {_fmt(item['max'], 0)})"))
            if item["kind"] == "date" and item["n"]:
                story.append(p(f"From {display_date(item['first'])} to {display_date(item['last'])}"))
            for text in item.get("texts", []):
                story.append(p(f"• {text}"))
            for dimension in dimensions:
                story += report_breakdowns.pdf_flowables(
                    breakdowns[dimension].get(q.pk), dimension, paragraph=p, style=grid, width_cm=width_cm
                )
            story.append(Spacer(1, 4))
    doc.build(story)
    return buffer.getvalue()


def report_xlsx(assessment, *, personal_data: bool) -> bytes:
    """Workbook: Summary, Needs matrix, Responses (one row per response, one column per question),
    Results (aggregates). Respondents are pseudonymous codes unless the user may see personal data."""
    from common.exports import SafeWorkbook

    out = io.BytesIO()
    wb = SafeWorkbook(out, {"in_memory": True, "remove_timezone": True})
    bold = wb.add_format({"bold": True, "bg_color": "#e8eef3"})
    pct = wb.add_format({"num_format": "0%"})

    ws = wb.add_worksheet("Summary")
    counts = selectors.response_counts(assessment)
    for i, (k, v) in enumerate(
        [
            ("Assessment", assessment.title),
            ("Area", assessment.area_label),
            ("Level", assessment.get_level_display()),
            ("Status", assessment.get_status_display()),
            ("Methods", ", ".join(assessment.method_labels)),
            ("Start", str(assessment.start_date or "")),
            ("End", str(assessment.end_date or "")),
            ("Submitted responses", counts["submitted"]),
            ("Draft responses", counts["draft"]),
        ]
    ):
        ws.write(i, 0, k, bold)
        ws.write(i, 1, v)
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 60)

    ws = wb.add_worksheet("Needs matrix")
    header = [
        "Rank",
        "Need",
        "Category",
        "Description",
        "Affected communities",
        "Affected population",
        "Severity",
        "Urgency",
        "Feasibility",
        "Cost estimate (PHP)",
        "Priority score",
        "Votes",
        "Status",
        "Forwarded to",
        "Agency response",
    ]
    ws.write_row(0, 0, header, bold)
    needs = selectors.ranked_needs(Need.objects.alive().filter(assessment=assessment)).prefetch_related(
        "affected_communities"
    )
    for r, n in enumerate(needs, start=1):
        ws.write_row(
            r,
            0,
            [
                n.rank,
                n.title,
                n.get_category_display(),
                n.description,
                "; ".join(c.name for c in n.affected_communities.all()),
                n.affected_population,
                n.severity,
                n.urgency,
                n.feasibility,
                float(n.cost_estimate) if n.cost_estimate is not None else None,
                float(n.priority_score),
                n.vote_count,
                n.get_status_display(),
                n.forwarded_to,
                n.agency_response,
            ],
        )
    ws.set_column(1, 1, 40)
    ws.freeze_panes(1, 0)

    ws = wb.add_worksheet("Responses")
    questions = list(
        Question.objects.filter(version__responses__assessment=assessment)
        .distinct()
        .select_related("version__instrument")
        .order_by("version__instrument__title", "version__number", "section__order", "order", "pk")
    )
    col = {q.pk: 5 + i for i, q in enumerate(questions)}
    ws.write_row(0, 0, ["Response", "Respondent", "Instrument", "Session", "Status"], bold)
    for q in questions:
        ws.write(0, col[q.pk], f"{q.version.instrument.title} v{q.version.number}: {q.text}", bold)
    responses = (
        Response.objects.alive()
        .filter(assessment=assessment)
        .select_related("participant", "session", "version__instrument")
        .order_by("pk")
    )
    row_of = {}
    for r, resp in enumerate(responses, start=1):
        row_of[resp.pk] = r
        ws.write_row(
            r,
            0,
            [
                resp.pk,
                resp.respondent_label(personal_data=personal_data),
                f"{resp.version.instrument.title} v{resp.version.number}",
                resp.session.title,
                resp.get_status_display(),
            ],
        )
    choice_labels: dict[tuple[int, int], list[str]] = {}
    for answer_id, label in (
        AnswerChoice.objects.filter(answer__response__in=responses)
        .values_list("answer_id", "choice__label")
        .order_by("choice__order")
    ):
        choice_labels.setdefault(answer_id, []).append(label)
    for a in Answer.objects.filter(response__in=responses).values(
        "pk", "response_id", "question_id", "question__qtype", "value_text", "value_number", "value_date", "value_bool"
    ):
        t = a["question__qtype"]
        if t in Question.CHOICE_TYPES:
            value = "; ".join(choice_labels.get(a["pk"], []))
        elif t in Question.NUMERIC_TYPES:
            value = a["value_number"]
        elif t == Question.Type.DATE:
            value = a["value_date"].isoformat() if a["value_date"] else ""
        elif t == Question.Type.YES_NO:
            value = "" if a["value_bool"] is None else ("Yes" if a["value_bool"] else "No")
        else:
            value = a["value_text"]
        ws.write(row_of[a["response_id"]], col[a["question_id"]], value)
    ws.freeze_panes(1, 2)

    blocks = selectors.analysis(assessment)
    ws = wb.add_worksheet("Results")
    ws.write_row(0, 0, ["Instrument", "Question", "Type", "Answers", "Option", "Count", "Share", "Average"], bold)
    r = 1
    for block in blocks:
        name = f"{block['version'].instrument.title} v{block['version'].number}"
        for item in block["questions"]:
            q = item["question"]
            base = [name, q.text, q.get_qtype_display(), item["n"]]
            if item.get("options"):
                for o in item["options"]:
                    ws.write_row(r, 0, [*base, o["label"], o["count"]])
                    ws.write_number(r, 6, o["share"], pct)
                    if item.get("avg") is not None:
                        ws.write_number(r, 7, item["avg"])
                    r += 1
            else:
                ws.write_row(r, 0, base)
                if item.get("avg") is not None:
                    ws.write_number(r, 7, item["avg"])
                r += 1
    report_breakdowns.write_sheet(wb, assessment, blocks, header_format=bold, pct_format=pct)
    wb.close()
    return out.getvalue()


def build_report_workbook(*, user, assessment, purpose: str = "") -> bytes:
    """The data workbook as ``user`` may see it: respondents' names under the personal-data rule
    (``common.personal_data``), and a workbook that carries any is logged."""
    from common import personal_data
    from mana.models import Participant

    personal = personal_data.can_view(user, Participant, obj=assessment)
    content = report_xlsx(assessment, personal_data=personal)
    if personal:
        named = Response.objects.alive().filter(assessment=assessment, participant__isnull=False).count()
        if named:
            personal_data.log_export(user=user, model=Participant, rows=named, channel="download", file_format="xlsx",
                                     description="Respondents' names in the MANA data workbook", purpose=purpose,
                                     target=assessment)  # fmt: skip
    return content
