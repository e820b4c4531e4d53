"""Excel/CSV export of each coordination list (the list's filters, through ``for_user``), as a background job.

GET shows how many rows match and asks to prepare the file; the POST starts ``coordination.export_list``
(``coordination.jobs``) and goes to the job's progress page, whose download only the owner may open.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from common.export_jobs import FORMATS, confirm_or_start, filter_params
from coordination.exports import EXPORTS, MAX_ROWS, filtered_rows

from .base import require_permission

LIST_URLS = {
    "organizations": "coordination:organization-list",
    "partnerships": "coordination:partnership-list",
    "engagements": "coordination:engagement-list",
    "action-items": "coordination:action-list",
}


@login_required
@require_http_methods(["GET", "POST"])
def export_list(request, kind):
    if kind not in EXPORTS:
        raise Http404
    require_permission(request.user, EXPORTS[kind]["model"], "view")
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        return HttpResponseBadRequest("Unknown export format; choose xlsx or csv.")
    params = filter_params(request.GET)
    count = filtered_rows(user=request.user, kind=kind, params=request.GET, request=request).count()
    if count > MAX_ROWS:
        return HttpResponseBadRequest(f"{count:,} rows match; narrow the filters to at most {MAX_ROWS:,} rows.")
    return confirm_or_start(
        request,
        job_kind="coordination.export_list",
        job_params={"list": kind, "format": fmt, "filters": params},
        count=count,
        title=EXPORTS[kind]["title"].lower(),
        fmt=fmt,
        back_url=reverse(LIST_URLS[kind]),
    )
