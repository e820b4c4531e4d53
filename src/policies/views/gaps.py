"""Unanswered needs (the gap list OOBC plans from) and the user's workflow notifications."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from mana.models import Need
from policies import selectors, services
from policies.filters import UnansweredNeedFilterSet
from policies.models import Notification, Recommendation, can_view_internal
from policies.tables import UnansweredNeedTable

from .base import require_permission


@login_required
def unanswered_needs(request):
    require_permission(request.user, Recommendation, "view")
    require_permission(request.user, Need, "view")
    if not can_view_internal(request.user):
        raise PermissionDenied
    filterset = UnansweredNeedFilterSet(request.GET or None, queryset=selectors.unanswered_needs(request.user),
                                        request=request)  # fmt: skip
    table = UnansweredNeedTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(request, "policies/unanswered_needs.html", {
        "filter": filterset, "table": table, "title": "Unanswered needs",
        "can_add": request.user.has_perm("policies.add_recommendation"),
    })  # fmt: skip


@login_required
def notifications(request):
    notices = Notification.objects.for_user(request.user).select_related("recommendation")[:100]
    return render(request, "policies/notifications.html", {"notices": notices, "title": "Notifications"})


@login_required
@require_POST
def notifications_read(request):
    services.mark_read(user=request.user)
    return redirect("policies:notifications")


@login_required
def dashboard(request):
    from policies.dashboard import dashboard_figures
    from policies.filters import RecommendationFilterSet

    require_permission(request.user, Recommendation, "view")
    params = request.GET.copy()
    figures = dashboard_figures(request.user, params, request=request)
    filterset = RecommendationFilterSet(params or None, queryset=Recommendation.objects.none(), request=request)
    return render(request, "policies/dashboard.html", {"figures": figures, "filter": filterset})
