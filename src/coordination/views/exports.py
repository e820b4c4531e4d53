"""Excel/CSV export of each coordination list (the list's filters, through ``for_user``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseBadRequest

from coordination.exports import EXPORTS, ExportTooLarge, build_export

from .base import require_permission

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@login_required
def export_list(request, kind):
    if kind not in EXPORTS:
        raise Http404
    require_permission(request.user, EXPORTS[kind]["model"], "view")
    fmt = request.GET.get("format", "xlsx")
    if fmt not in CONTENT_TYPES:
        return HttpResponseBadRequest("Unknown export format; choose xlsx or csv.")
    params = request.GET.copy()
    params.pop("format", None)
    try:
        filename, file = build_export(user=request.user, kind=kind, params=params, fmt=fmt, request=request)
    except ExportTooLarge as error:
        return HttpResponseBadRequest(str(error))
    return FileResponse(file, as_attachment=True, filename=filename, content_type=CONTENT_TYPES[fmt])
