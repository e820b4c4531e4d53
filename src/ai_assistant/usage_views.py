"""The assistant's usage page for administrators: calls, tokens, estimated cost and failures per day
and per user. It shows usage, never content (no question, answer or record text is read here)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.shortcuts import render
from django.utils import timezone

from ai_assistant.models import ProviderCall
from common.appkit.views import permission_required

PERIODS = (7, 30, 90)
OK = ProviderCall.Outcome.OK
QUOTA = ProviderCall.Outcome.QUOTA

TOTALS = {
    "calls": Count("pk", filter=~Q(outcome=QUOTA)),
    "prompt_tokens": Sum("prompt_tokens"),
    "output_tokens": Sum("output_tokens"),
    "cost": Sum("estimated_cost"),
    "failures": Count("pk", filter=~Q(outcome__in=[OK, QUOTA])),
    "refused": Count("pk", filter=Q(outcome=QUOTA)),
}


def _period(request) -> int:
    try:
        days = int(request.GET.get("days", 30))
    except (TypeError, ValueError):
        days = 30
    return days if days in PERIODS else 30


@permission_required(ProviderCall, "view")
def usage_overview(request):
    days = _period(request)
    since = timezone.now() - timedelta(days=days)
    calls = ProviderCall.objects.for_user(request.user, "view").filter(created_at__gte=since)
    manila = ZoneInfo(settings.TIME_ZONE)
    labels = dict(ProviderCall.Outcome.choices)
    context = {
        "days": days,
        "periods": PERIODS,
        "totals": calls.aggregate(**TOTALS),
        "per_day": calls.annotate(day=TruncDate("created_at", tzinfo=manila))
        .values("day")
        .annotate(**TOTALS)
        .order_by("-day"),
        "per_user": calls.values("user__username").annotate(**TOTALS).order_by("-cost", "user__username")[:200],
        "per_outcome": [
            (labels.get(row["outcome"], row["outcome"]), row["count"])
            for row in calls.values("outcome").annotate(count=Count("pk")).order_by("-count")
        ],
        "model": settings.GEMINI_MODEL,
        "prices": (settings.AI_PRICE_INPUT_PER_MILLION_USD, settings.AI_PRICE_OUTPUT_PER_MILLION_USD),
        "quota": (settings.AI_DAILY_QUOTA, settings.AI_RATE_LIMIT_PER_MINUTE),
    }
    return render(request, "ai_assistant/usage.html", context)
