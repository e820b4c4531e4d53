"""The calendar page (FullCalendar, vendored), its JSON events, and the private iCalendar feed."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from common.models import Province, Region
from coordination import calendar, services
from coordination.forms import AreaFilterForm
from coordination.ics import feed_ics

#: The longest window one JSON request may ask for (FullCalendar asks for ~6 weeks).
MAX_DAYS = 400
FEED_PAST_DAYS, FEED_FUTURE_DAYS = 30, 365
#: A built feed is reused this long (calendar apps poll every few hours; the token is in the key,
#: so a regenerated token never serves the old feed).
FEED_CACHE_SECONDS = 600


def _can_use_calendar(user) -> bool:
    return any(
        user.has_perm(f"coordination.view_{m}") for m in ("engagement", "actionitem", "partnership", "milestone")
    ) or user.has_perm("mana.view_session")


def _parse_date(value: str | None, default: dt.date) -> dt.date:
    if not value:
        return default
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError as error:
        raise Http404("Bad date.") from error


def _filters(request):
    user = request.user
    types = [t for t in request.GET.getlist("type") if t in calendar.TYPES] or None
    region = province = None
    if request.GET.get("region"):
        region = Region.objects.for_user(user).filter(code=request.GET["region"]).first()
    if request.GET.get("province"):
        province = Province.objects.for_user(user).filter(code=request.GET["province"]).first()
    return {"types": types, "region": region, "province": province, "mine": request.GET.get("mine") in ("1", "true")}


@login_required
def calendar_page(request):
    if not _can_use_calendar(request.user):
        raise PermissionDenied
    token = services.feed_token(user=request.user)
    context = {
        "types": calendar.TYPES,
        "place_form": AreaFilterForm(user=request.user),
        "feed_url": request.build_absolute_uri(f"/calendar/feed/{token.token}.ics"),
    }
    return render(request, "coordination/calendar.html", context)


@login_required
def calendar_events(request):
    if not _can_use_calendar(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    start = _parse_date(request.GET.get("start"), today.replace(day=1))
    end = _parse_date(request.GET.get("end"), start + dt.timedelta(days=42))
    if end <= start or (end - start).days > MAX_DAYS:
        return JsonResponse({"error": f"Ask for at most {MAX_DAYS} days, end after start."}, status=400)
    found = calendar.events(request.user, start, end, **_filters(request))
    return JsonResponse([e.as_json() for e in found], safe=False)


def calendar_feed(request, token):
    """The private feed: the secret in the URL stands for the user (calendar apps cannot sign in).
    Read-only; only what that user may see; a regenerated token revokes the old URL (404)."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    user = services.user_for_token(token)
    if user is None or not _can_use_calendar(user):
        raise Http404("Unknown or revoked calendar feed.")
    cache_key = f"coordination:feed:{user.pk}:{token}"
    body = cache.get(cache_key)
    if body is None:
        today = timezone.localdate()
        window = (today - dt.timedelta(days=FEED_PAST_DAYS), today + dt.timedelta(days=FEED_FUTURE_DAYS))
        # Everything the user may see in the window; action items only the user's own (a personal feed).
        found = calendar.events(user, *window, types=set(calendar.TYPES) - {"action"})
        found += calendar.events(user, *window, types={"action"}, mine=True)
        body = feed_ics(found, name=f"OBCMS · {user}")
        cache.set(cache_key, body, FEED_CACHE_SECONDS)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def calendar_token_regenerate(request):
    services.regenerate_feed_token(user=request.user)
    messages.success(request, "A new feed address was made; the old one no longer works.")
    return redirect("calendar")
