"""Excel/CSV exports of the recommendation list (the list's filters, through ``for_user``), as background jobs.

The list, its status history, or the portfolio workbook (both, as two sheets). GET shows how many rows
match and asks to prepare the file; the POST starts ``policies.export`` (``policies.jobs``) and goes to
the job's progress page, whose download only the owner may open.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from common.export_jobs import FORMATS, confirm_or_start, filter_params
from policies.exports import MAX_BRIEFS, MAX_ROWS, filtered_recommendations
from policies.models import Recommendation

from .base import require_permission

TITLES = {
    "list": "policy recommendations",
    "history": "status history of policy recommendations",
    "portfolio": "portfolio workbook of policy recommendations",
}


@login_required
@require_http_methods(["GET", "POST"])
def export_recommendations(request, what="list"):
    require_permission(request.user, Recommendation, "view")
    fmt = "xlsx" if what == "portfolio" else request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        return HttpResponseBadRequest("Unknown export format; choose xlsx or csv.")
    count = filtered_recommendations(request.user, request.GET, request).count()
    if count > MAX_ROWS:
        return HttpResponseBadRequest(f"{count:,} rows match; narrow the filters to at most {MAX_ROWS:,} rows.")
    return confirm_or_start(
        request,
        job_kind="policies.export",
        job_params={"what": what, "format": fmt, "filters": filter_params(request.GET)},
        count=count,
        title=TITLES[what],
        fmt=fmt,
        back_url=reverse("policies:index"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def export_briefs(request):
    """The policy briefs of the filtered recommendations, one PDF each in a ZIP, prepared by a job."""
    require_permission(request.user, Recommendation, "view")
    count = filtered_recommendations(request.user, request.GET, request).count()
    if count > MAX_BRIEFS:
        return HttpResponseBadRequest(f"{count:,} recommendations match; narrow the filters to at most {MAX_BRIEFS}.")
    return confirm_or_start(
        request,
        job_kind="policies.briefs",
        job_params={"filters": filter_params(request.GET)},
        count=count,
        title="policy briefs",
        fmt="xlsx",
        format_label="ZIP of PDF briefs",
        back_url=reverse("policies:index"),
    )
