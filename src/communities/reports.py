"""Printable PDFs (ReportLab): the profile of one community and the summary report of an area.

* ``build_profile_pdf``: every section of a barangay OBC profile; contacts and leaders only for
  users who may see personal data. Small: sent straight from the request.
* ``build_area_report``: key figures, breakdowns and the list of communities of a region or
  province, for the user's areas only; aggregates, no personal data. Runs as a background job.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.db.models import Avg, Count, Sum
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, LongTable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from common import personal_data
from common.formatting import display_date, display_datetime
from common.imports.columns import label_of
from common.models import Province, Region
from common.pdf import keep_with_next, numeric_alignment
from communities.models import BarangayOBC, CommunityLeader
from communities.models.choices import ACCESS_FIELDS, EthnolinguisticGroup

GREEN = colors.HexColor("#1F4E3D")
LIGHT = colors.HexColor("#E8F0EC")

#: Profile sections: (title, first field of the section), in model field order.
SECTIONS = (
    ("Identification", "purok_sitio"),
    ("Demographics", "total_barangay_population"),
    ("Socio-economic", "primary_livelihood"),
    ("Culture and religion", "mosques"),
    ("Governance", "lgu_relationship"),
    ("Challenges and aspirations", "challenge_categories"),
)
SKIPPED_FIELDS = {"id", "obc_id", "barangay", "municipality", "province", "deleted_at", "deleted_by",
                  "created_at", "updated_at", "created_by", "updated_by"}  # fmt: skip


class AreaNotFound(LookupError):
    """The region/province does not exist or is outside the user's areas."""


def _styles():
    styles = getSampleStyleSheet()
    result = {
        "title": ParagraphStyle("title", parent=styles["Title"], alignment=TA_LEFT, fontSize=18, textColor=GREEN),
        "subtitle": ParagraphStyle("subtitle", parent=styles["Normal"], fontSize=10, textColor=colors.grey),
        "h2": ParagraphStyle("h2", parent=styles["Heading2"], textColor=GREEN, spaceBefore=8, spaceAfter=4),
        "body": ParagraphStyle("body", parent=styles["Normal"], fontSize=9, leading=11.5),
        "label": ParagraphStyle("label", parent=styles["Normal"], fontSize=9, leading=11.5, textColor=colors.grey),
        "cell": ParagraphStyle("cell", parent=styles["Normal"], fontSize=8, leading=10),
    }
    keep_with_next(result["h2"])
    return result


def _p(text, style) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _footer(text):
    def draw(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.grey)
        width = doc.pagesize[0]
        canvas.drawString(doc.leftMargin, 10 * mm, text)
        canvas.drawRightString(width - doc.rightMargin, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    return draw


def _grid(rows, widths, *, header=True, long=False):
    # splitInRow: a row whose text is taller than a page (a 6,000-character history) continues on the next.
    table = (LongTable if long else Table)(rows, colWidths=widths, repeatRows=1 if header else 0, splitInRow=1)
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.lightgrey),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    style += numeric_alignment(rows, header=header)
    if header:
        style += [("BACKGROUND", (0, 0), (-1, 0), GREEN), ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                  ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold")]  # fmt: skip
    table.setStyle(TableStyle(style))
    return table


def _display(community, field) -> str:
    value = getattr(community, field.name)
    if value in (None, "", []):
        return ""
    if getattr(field, "choices_enum", None) is not None:
        labels = dict(field.choices_enum.choices)
        return ", ".join(str(labels.get(v, v)) for v in value)
    if field.choices:
        return str(getattr(community, f"get_{field.name}_display")())
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _sections(community):
    fields = [f for f in BarangayOBC._meta.concrete_fields if f.name not in SKIPPED_FIELDS]
    starts = {first: title for title, first in SECTIONS}
    current, sections = SECTIONS[0][0], {title: [] for title, _ in SECTIONS}
    for field in fields:
        current = starts.get(field.name, current)
        sections[current].append(field)
    return [(title, [(label_of(f), _display(community, f)) for f in sections[title]]) for title, _ in SECTIONS]


def build_profile_pdf(community: BarangayOBC, *, user, purpose: str = "") -> bytes:
    """The printable profile of one community, as ``user`` may see it (leaders under the personal-data
    rule; a profile that prints any is logged)."""
    s = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=16 * mm, rightMargin=16 * mm, topMargin=15 * mm, bottomMargin=18 * mm,
        title=f"{community.display_name} ({community.obc_id})", author="OOBC – OBCMS",
    )  # fmt: skip
    place = f"{community.municipality.name}, {community.province.name}, {community.province.region.name}"
    story = [
        _p(community.display_name, s["title"]),
        _p(f"{community.obc_id} · Barangay {community.barangay.name} (PSGC {community.barangay.code}) · {place}",
           s["subtitle"]),
        Spacer(1, 4 * mm),
    ]  # fmt: skip
    width = doc.width
    for title, rows in _sections(community):
        filled = [(label, value) for label, value in rows if value]
        block = [_p(title, s["h2"])]
        if filled:
            block.append(_grid([[_p(label, s["label"]), _p(value, s["body"])] for label, value in filled],
                               [width * 0.36, width * 0.64], header=False))  # fmt: skip
        else:
            block.append(_p("Nothing recorded yet.", s["label"]))
        story.append(KeepTogether(block[:2]) if len(block) == 2 else block[0])
    leaders = []
    if personal_data.can_view(user, CommunityLeader, obj=community):
        story.append(_p("Contacts and community leaders", s["h2"]))
        leaders = list(CommunityLeader.objects.for_user(user, "view").filter(community=community))
        if leaders:
            rows = [["Name", "Role", "Position", "Phone", "Email", "Consent"]]
            rows += [[_p(x.name, s["cell"]), _p(x.get_role_display(), s["cell"]), _p(x.position, s["cell"]),
                      _p(x.phone, s["cell"]), _p(x.email, s["cell"]), "Yes" if x.consent_given else "No"]
                     for x in leaders]  # fmt: skip
            story.append(_grid(rows, [width * w for w in (0.24, 0.2, 0.16, 0.14, 0.18, 0.08)]))
        else:
            story.append(_p("No contacts recorded.", s["label"]))
        story.append(_p("Personal data (RA 10173): keep this page confidential; share only with those who need it.",
                        s["label"]))  # fmt: skip
    validated = display_date(community.last_validated_on, "never")
    footer = (f"OBCMS · {community.obc_id} · last validated {validated} · printed by {user} "
              f"on {display_datetime(timezone.now())}")  # fmt: skip
    doc.build(story, onFirstPage=_footer(footer), onLaterPages=_footer(footer))
    if leaders:
        personal_data.log_export(user=user, model=CommunityLeader, rows=len(leaders), channel="download",
                                 file_format="pdf", description="Leaders and contacts on a community profile PDF",
                                 purpose=purpose, target=community)  # fmt: skip
    return out.getvalue()


# --- area report ----------------------------------------------------------------------------


def resolve_area(user, *, region: str | None = None, province: str | None = None):
    """The Region or Province with this PSGC code, if the user may see it."""
    if province:
        area = Province.objects.for_user(user).select_related("region").filter(code=province).first()
    elif region:
        area = Region.objects.for_user(user).filter(code=region).first()
    else:
        raise AreaNotFound("Choose a region or a province for the report.")
    if area is None:
        raise AreaNotFound("That area does not exist or is outside your assigned areas.")
    return area


def area_communities(user, area):
    queryset = BarangayOBC.objects.for_user(user, "view")
    if isinstance(area, Region):
        return queryset.filter(province__region=area)
    return queryset.filter(province=area)


def _figure(n) -> str:
    return f"{n or 0:,}"


def build_area_report(*, user, region: str | None = None, province: str | None = None, progress=None):
    """(filename, PDF bytes) of the summary report of a region or province, for ``user``'s areas."""
    area = resolve_area(user, region=region, province=province)
    communities = area_communities(user, area).order_by()
    s = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=landscape(A4), leftMargin=14 * mm, rightMargin=14 * mm, topMargin=14 * mm,
        bottomMargin=18 * mm, title=f"OBC summary report: {area.name}", author="OOBC – OBCMS",
    )  # fmt: skip
    width = doc.width
    totals = communities.aggregate(
        communities=Count("pk"), population=Sum("estimated_obc_population"), households=Sum("households"),
        families=Sum("families"), municipalities=Count("municipality", distinct=True),
        barangays=Count("barangay", distinct=True),
    )  # fmt: skip
    total = totals["communities"]
    if progress:
        progress(0, total)
    level = "Region" if isinstance(area, Region) else "Province / HUC"
    parent = "" if isinstance(area, Region) else f" · {area.region.name}"
    story = [
        _p(f"OBC summary report: {area.name}", s["title"]),
        _p(f"{level}{parent} · prepared {display_date(timezone.now())} for {user} · figures from barangay OBC "
           "profiles in the areas assigned to this user", s["subtitle"]),
        Spacer(1, 4 * mm),
        _p("Key figures", s["h2"]),
        _grid([["Communities", "Estimated OBC population", "Households", "Families", "Cities/municipalities",
                "Barangays"],
               [_figure(totals["communities"]), _figure(totals["population"]), _figure(totals["households"]),
                _figure(totals["families"]), _figure(totals["municipalities"]), _figure(totals["barangays"])]],
              [width / 6] * 6),
    ]  # fmt: skip
    if total == 0:
        story.append(_p("No barangay OBC profiles are recorded for this area yet.", s["body"]))
    else:
        group_by = (
            ("province__name", "Province / HUC")
            if isinstance(area, Region)
            else ("municipality__name", "City/municipality")
        )
        rows = [[group_by[1], "Communities", "OBC population", "Households"]]
        for row in (
            communities.values(group_by[0])
            .annotate(n=Count("pk"), pop=Sum("estimated_obc_population"), hh=Sum("households"))
            .order_by("-pop", group_by[0])
        ):
            rows.append([row[group_by[0]], _figure(row["n"]), _figure(row["pop"]), _figure(row["hh"])])
        story += [
            _p(f"By {group_by[1].lower()}", s["h2"]),
            _grid(rows, [width * 0.4, width * 0.2, width * 0.2, width * 0.2]),
        ]
        labels = dict(EthnolinguisticGroup.choices)
        rows = [["Primary ethnolinguistic group", "Communities", "OBC population"]]
        for row in (
            communities.values("primary_ethnolinguistic_group")
            .annotate(n=Count("pk"), pop=Sum("estimated_obc_population"))
            .order_by("-pop")
        ):
            rows.append(
                [str(labels.get(row["primary_ethnolinguistic_group"], "—")), _figure(row["n"]), _figure(row["pop"])]
            )
        story += [_p("By ethnolinguistic group", s["h2"]), _grid(rows, [width * 0.5, width * 0.25, width * 0.25])]
        averages = communities.aggregate(**{field: Avg(field) for field, _ in ACCESS_FIELDS})
        rows = [["Access to services (1 = none … 5 = very good)", "Average rating"]]
        rows += [
            [label, f"{averages[field]:.1f}" if averages[field] is not None else "not rated"]
            for field, label in ACCESS_FIELDS
        ]
        story += [_p("Access to services", s["h2"]), _grid(rows, [width * 0.6, width * 0.2])]
        rows = [["OBC ID", "Barangay", "Purok/sitio", "City/municipality", "Province", "OBC population", "Households",
                 "Primary group"]]  # fmt: skip
        listing = communities.select_related("barangay", "municipality", "province").order_by(
            "province__name", "municipality__name", "barangay__name", "purok_sitio"
        )
        for index, c in enumerate(listing.iterator(chunk_size=2000), start=1):
            rows.append([c.obc_id, _p(c.barangay.name, s["cell"]), _p(c.purok_sitio, s["cell"]),
                         _p(c.municipality.name, s["cell"]), _p(c.province.name, s["cell"]),
                         _figure(c.estimated_obc_population), _figure(c.households),
                         str(labels.get(c.primary_ethnolinguistic_group, ""))])  # fmt: skip
            if progress and index % 250 == 0:
                progress(index)
        story += [
            _p("Communities", s["h2"]),
            _grid(rows, [width * w for w in (0.12, 0.15, 0.13, 0.16, 0.15, 0.1, 0.08, 0.11)], long=True),
        ]
    footer = f"OBCMS · OBC summary report: {area.name} · printed by {user} on {display_datetime(timezone.now())}"
    doc.build(story, onFirstPage=_footer(footer), onLaterPages=_footer(footer))
    if progress:
        progress(total, force=True)
    slug = "".join(ch if ch.isalnum() else "-" for ch in area.name.lower()).strip("-")
    return f"obc-report-{slug}-{timezone.localtime():%Y%m%d}.pdf", out.getvalue()
