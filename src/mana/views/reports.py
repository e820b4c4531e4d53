from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from common.access import can_view_personal_data
from common.appkit.views import get_scoped_or_404
from mana import reports, selectors
from mana.models import Assessment


@login_required
def analysis(request, pk):
    assessment = get_scoped_or_404(
        Assessment.objects.select_related("region", "province", "municipality"), request, pk, "view"
    )
    blocks = selectors.analysis(assessment)
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
    response = HttpResponse(reports.report_pdf(assessment), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="mana-{assessment.pk}-report.pdf"'
    return response


@login_required
def report_xlsx(request, pk):
    assessment = get_scoped_or_404(
        Assessment.objects.select_related("region", "province", "municipality"), request, pk, "view"
    )
    content = reports.report_xlsx(assessment, personal_data=can_view_personal_data(request.user))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="mana-{assessment.pk}-data.xlsx"'
    return response
