"""The coordination overview: my open action items, my alerts, agreements expiring soon."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from common.access import permission_allows
from coordination import services
from coordination.models import ActionItem, Alert, Engagement, Organization, Partnership


def home_panel(user) -> dict:
    """What the start page shows of coordination for this user (a few indexed queries)."""
    if not (user.is_authenticated and permission_allows(user, ActionItem, "view")):
        return {}
    today = timezone.localdate()
    mine = ActionItem.objects.for_user(user).filter(owner=user).open()
    return {
        "my_open_actions": mine.count(),
        "my_overdue_actions": mine.filter(due_date__lt=today).count(),
        "alerts": list(
            Alert.objects.filter(
                recipient=user, dismissed_at__isnull=True, partnership__deleted_at__isnull=True
            ).select_related("partnership")[:10]
        ),
    }


@login_required
def overview(request):
    user = request.user
    if not permission_allows(user, Organization, "view"):
        raise PermissionDenied
    today = timezone.localdate()
    context = {"panel": home_panel(user), "organization_count": Organization.objects.for_user(user).count()}
    if permission_allows(user, Partnership, "view"):
        context["expiring"] = (
            Partnership.objects.for_user(user)
            .filter(
                status=Partnership.Status.ACTIVE, expiry_date__gte=today, expiry_date__lte=today + dt.timedelta(days=60)
            )
            .order_by("expiry_date")[:10]
        )
    if permission_allows(user, Engagement, "view"):
        context["upcoming"] = (
            Engagement.objects.for_user(user)
            .filter(starts_at__date__gte=today, status__in=(Engagement.Status.PLANNED, Engagement.Status.POSTPONED))
            .select_related("region", "province", "municipality", "barangay")
            .order_by("starts_at")[:10]
        )
    if permission_allows(user, ActionItem, "view"):
        context["my_actions"] = ActionItem.objects.for_user(user).filter(owner=user).open().order_by("due_date")[:10]
    return render(request, "coordination/overview.html", context)


@login_required
@require_POST
def alert_dismiss(request, pk):
    alert = get_object_or_404(Alert, pk=pk, recipient=request.user)
    services.dismiss_alert(user=request.user, alert=alert)
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("coordination:index")
