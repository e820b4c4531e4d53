"""The who-does-what-where page (3W), its drill-down links, presence map, and Excel export."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone

from common.access import permission_allows
from common.exports import INTEGER, ExportColumn, export_filename, write_xlsx
from common.models import Province, Region
from coordination.forms import AreaFilterForm
from coordination.matrix import LEVELS, build_matrix
from coordination.models import Engagement, Organization, Partnership, Sector

#: Rows of the organizations × areas table per page (the export has them all).
ROWS_PER_PAGE = 100


def _require(user):
    if not (permission_allows(user, Organization, "view") or user.has_perm("coordination.view_aggregates")):
        raise PermissionDenied


def _params(request):
    today = timezone.localdate()
    try:
        start = dt.date.fromisoformat(request.GET.get("start") or "")
    except ValueError:
        start = today.replace(month=1, day=1)
    try:
        end = dt.date.fromisoformat(request.GET.get("end") or "")
    except ValueError:
        end = today.replace(month=12, day=31)
    level = request.GET.get("level") if request.GET.get("level") in LEVELS else "province"
    user = request.user
    region = Region.objects.for_user(user).filter(code=request.GET.get("region") or "-").first()
    province = Province.objects.for_user(user).filter(code=request.GET.get("province") or "-").first()
    sector = request.GET.get("sector") if request.GET.get("sector") in Sector.values else ""
    return {"start": start, "end": min(end, start + dt.timedelta(days=3660)), "level": level, "region": region,
            "province": province, "sector": sector}  # fmt: skip


@login_required
def matrix_page(request):
    _require(request.user)
    params = _params(request)
    matrix = build_matrix(request.user, **params)
    points = [
        {"name": area.name, "lat": area.latitude, "lng": area.longitude, "organizations": n}
        for area, n in matrix.presence
    ]
    areas = sorted({a for cells in matrix.by_sector.values() for a in cells})
    page = Paginator(matrix.rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "matrix": matrix,
        "page": page,
        "page_query": query.urlencode(),
        "params": params,
        "levels": LEVELS,
        "sectors": Sector.choices,
        "place_form": AreaFilterForm(
            {k: request.GET[k] for k in ("region", "province") if request.GET.get(k)} or None, user=request.user
        ),
        "sector_areas": areas,
        "sector_table": [(s, [cells.get(a, 0) for a in areas]) for s, cells in matrix.by_sector.items()],
        "points": points,
        "can_drill_partnerships": permission_allows(request.user, Partnership, "view"),
        "can_drill_engagements": permission_allows(request.user, Engagement, "view"),
        "query": request.GET.urlencode(),
    }
    return render(request, "coordination/matrix.html", context)


@login_required
def matrix_export(request):
    _require(request.user)
    params = _params(request)
    matrix = build_matrix(request.user, **params)
    columns = [
        ExportColumn("Organization", lambda r: r.organization.name, width=40),
        ExportColumn("Acronym", lambda r: r.organization.acronym),
        ExportColumn("Type", lambda r: r.organization.get_org_type_display()),
        ExportColumn("Sectors", lambda r: "; ".join(r.sectors), width=35),
        ExportColumn(LEVELS[matrix.level]._meta.verbose_name.title(), lambda r: r.area.name if r.area else "—"),
        ExportColumn("Active partnerships", lambda r: r.partnerships, INTEGER),
        ExportColumn("Engagements", lambda r: r.engagements, INTEGER),
    ]
    about = {"Export": "Who does what where (3W)", "Period": f"{matrix.start} to {matrix.end}",
             "Exported by": str(request.user), "Filters": request.GET.urlencode()}  # fmt: skip
    file = write_xlsx(columns, matrix.rows, sheet_name="3W", about=about)
    return FileResponse(
        file, as_attachment=True, filename=export_filename("obcms-3w", "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )  # fmt: skip
