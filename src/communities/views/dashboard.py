"""The communities dashboard (``communities:index``) and its map data."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from common.access import permission_allows
from common.appkit.views import require_permission
from communities import selectors
from communities.models import BarangayOBC


@login_required
def dashboard(request):
    require_permission(request.user, BarangayOBC, "view")
    context = {
        "stats": selectors.dashboard_statistics(request.user),
        "can_add": permission_allows(request.user, BarangayOBC, "add"),
        "tiles_url": settings.MAP_TILES_URL,
    }
    return render(request, "communities/dashboard.html", context)


@login_required
def map_points(request):
    require_permission(request.user, BarangayOBC, "view")
    response = JsonResponse({"points": selectors.map_points(request.user)})
    patch_cache_control(response, private=True, max_age=60)
    return response
