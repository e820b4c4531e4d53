"""The who-does-what-where page (3W), its drill-down links, presence map, and its Excel export (a background job)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from common.access import permission_allows
from common.export_jobs import confirm_or_start, filter_params
from coordination.forms import AreaFilterForm
from coordination.matrix import LEVELS, build_matrix, matrix_params
from coordination.models import Engagement, Organization, Partnership, Sector

#: Rows of the organizations × areas table per page (the export has them all).
ROWS_PER_PAGE = 100


def _require(user):
    if not (permission_allows(user, Organization, "view") or user.has_perm("coordination.view_aggregates")):
        raise PermissionDenied


def _params(request):
    return matrix_params(request.user, request.GET)


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
@require_http_methods(["GET", "POST"])
def matrix_export(request):
    """GET: how many rows the matrix has and a button; POST: the ``coordination.export_matrix`` job."""
    _require(request.user)
    filters = filter_params(request.GET)
    return confirm_or_start(
        request,
        job_kind="coordination.export_matrix",
        job_params={"filters": filters},
        count=len(build_matrix(request.user, **_params(request)).rows),
        title="who does what where (3W)",
        fmt="xlsx",
        back_url=reverse("coordination:matrix"),
    )
