from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from common.appkit.views import get_scoped_or_404
from mana import reports, selectors
from mana.breakdowns import DIMENSION_CHOICES, DIMENSIONS, breakdown, breakdown_chart
from mana.models import Assessment


@login_required
def analysis(request, pk):
    assessment = get_scoped_or_404(
        Assessment.objects.select_related("region", "province", "municipality"), request, pk, "view"
    )
    blocks = selectors.analysis(assessment)
    by = request.GET.get("by", "")
    by = by if by in DIMENSIONS else ""
    breakdown_charts = []
    if by:
        tables = breakdown(selectors.submitted_answers(assessment), blocks, by)
        for block in blocks:
            for item in block["questions"]:
                item["breakdown"] = tables.get(item["question"].pk)
                if item["breakdown"] and item["breakdown"]["rows"]:
                    breakdown_charts.append(breakdown_chart(item))
    charts = []
    for block in blocks:
        for item in block["questions"]:
            if item.get("options"):
                charts.append(
                    {
                        "id": f"chart-q{item['question'].pk}",
                        "labels": [o["label"] for o in item["options"]],
                        "counts": [o["count"] for o in item["options"]],
                    }
                )
    categories = selectors.needs_by_category(assessment)
    return render(
        request,
        "mana/analysis.html",
        {
            "assessment": assessment,
            "blocks": blocks,
            "by": by,
            "by_label": DIMENSIONS[by][0] if by else "",
            "dimensions": DIMENSION_CHOICES,
            "breakdown_charts": breakdown_charts,
            "charts_json": charts,
            "counts": selectors.response_counts(assessment),
            "categories": categories,
            "categories_json": [{"category": c["category"], "n": c["n"]} for c in categories],
            "needs": list(selectors.ranked_needs(assessment.needs.filter(deleted_at__isnull=True))[:20]),
        },
    )


@login_required
def report_pdf(request, pk):
    assessment = get_scoped_or_404(
        Assessment.objects.select_related("region", "province", "municipality"), request, pk, "view"
    )
    by = request.GET.get("by") if request.GET.get("by") in DIMENSIONS else None
    response = HttpResponse(reports.report_pdf(assessment, by=by), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="mana-{assessment.pk}-report.pdf"'
    return response


@login_required
def report_xlsx(request, pk):
    assessment = get_scoped_or_404(
        Assessment.objects.select_related("region", "province", "municipality"), request, pk, "view"
    )
    content = reports.build_report_workbook(
        user=request.user, assessment=assessment, purpose=request.GET.get("purpose", "")
    )
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="mana-{assessment.pk}-data.xlsx"'
    return response
