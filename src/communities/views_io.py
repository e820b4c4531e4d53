"""Export pages of the communities app: list export (Excel/CSV), profile PDF, area report PDF.

Thin views: the rows come from ``communities.exports`` / ``communities.reports`` (always through
``for_user``), and long work goes to a background job (``common.services.jobs``).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from common.access import permission_allows
from common.services.jobs import start_job
from communities.coverage_exports import KINDS as COVERAGE_KINDS
from communities.coverage_exports import build_coverage_export
from communities.exports import (
    DIRECT_EXPORT_MAX_ROWS,
    FORMATS,
    ExportError,
    build_list_export,
    filter_params,
    filtered_communities,
)
from communities.forms import AreaReportForm
from communities.models import BarangayOBC
from communities.reports import AreaNotFound, build_profile_pdf, resolve_area

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _require_view(user):
    if not permission_allows(user, BarangayOBC, "view"):
        raise PermissionDenied("Your role cannot see barangay OBC records.")


@login_required
@require_http_methods(["GET", "POST"])
def export_list(request):
    """Small lists download at once; larger ones ask to run as a background job (POST starts it)."""
    _require_view(request.user)
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        return HttpResponseBadRequest("Unknown export format; choose xlsx or csv.")
    params = filter_params(request.GET)
    purpose = request.POST.get("purpose") or request.GET.get("purpose", "")
    try:
        count = filtered_communities(request.user, params).count()
    except ExportError as exc:
        return render(request, "communities/export_error.html", {"error": str(exc)}, status=400)
    if count <= DIRECT_EXPORT_MAX_ROWS:
        filename, file = build_list_export(user=request.user, params=params, fmt=fmt, purpose=purpose)
        return FileResponse(file, as_attachment=True, filename=filename, content_type=CONTENT_TYPES[fmt])
    if request.method == "POST":
        job_params = {"format": fmt, "filters": params} | ({"purpose": purpose[:300]} if purpose else {})
        job = start_job(owner=request.user, kind="communities.export_list", params=job_params)
        return redirect("jobs:detail", pk=job.pk)
    return render(
        request,
        "communities/export_confirm.html",
        {"count": count, "format_label": FORMATS[fmt], "params": params, "query": request.GET.urlencode()},
    )


@login_required
def export_coverage(request, kind):
    """The municipal or provincial coverage list, with the page's filters, as Excel or CSV (small: at once)."""
    if not permission_allows(request.user, COVERAGE_KINDS[kind][0], "view"):
        raise PermissionDenied("Your role cannot see coverage records.")
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        return HttpResponseBadRequest("Unknown export format; choose xlsx or csv.")
    try:
        filename, file = build_coverage_export(user=request.user, kind=kind, params=filter_params(request.GET), fmt=fmt)
    except ExportError as exc:
        return render(request, "communities/export_error.html", {"error": str(exc)}, status=400)
    return FileResponse(file, as_attachment=True, filename=filename, content_type=CONTENT_TYPES[fmt])


@login_required
def profile_pdf(request, pk):
    _require_view(request.user)
    community = get_object_or_404(
        BarangayOBC.objects.for_user(request.user, "view").select_related(
            "barangay", "municipality", "province__region"
        ),
        pk=pk,
    )
    response = HttpResponse(
        build_profile_pdf(community, user=request.user, purpose=request.GET.get("purpose", "")),
        content_type="application/pdf",
    )
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{community.obc_id}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def area_report(request):
    """Choose a region (then, optionally, a province); the PDF is built by a background job.
    Opened from a list, the list's current region/province filters are chosen already."""
    _require_view(request.user)
    error = ""
    form = AreaReportForm(request.POST or None, user=request.user, initial={"place": request.GET.dict()})
    if request.method == "POST" and form.is_valid():
        place = form.cleaned_data["place"]
        params = {"province": place.province.code} if place.province else {"region": place.region.code}
        try:
            resolve_area(request.user, **params)
        except AreaNotFound as exc:
            error = str(exc)
        else:
            job = start_job(owner=request.user, kind="communities.area_report", params=params)
            return redirect("jobs:detail", pk=job.pk)
    status = 400 if error or form.errors else 200
    return render(request, "communities/area_report.html", {"form": form, "error": error}, status=status)
