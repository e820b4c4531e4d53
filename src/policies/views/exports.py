"""Excel/CSV export of the recommendation list (the list's filters, through ``for_user``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponseBadRequest

from policies.exports import ExportTooLarge, build_export, build_history_export
from policies.models import Recommendation

from .base import require_permission

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@login_required
def export_recommendations(request, history=False):
    require_permission(request.user, Recommendation, "view")
    fmt = request.GET.get("format", "xlsx")
    if fmt not in CONTENT_TYPES:
        return HttpResponseBadRequest("Unknown export format; choose xlsx or csv.")
    params = request.GET.copy()
    params.pop("format", None)
    try:
        build = build_history_export if history else build_export
        filename, file = build(user=request.user, params=params, fmt=fmt, request=request)
    except ExportTooLarge as error:
        return HttpResponseBadRequest(str(error))
    return FileResponse(file, as_attachment=True, filename=filename, content_type=CONTENT_TYPES[fmt])
