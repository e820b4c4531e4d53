"""Per-user limits on online questions: a daily quota and a per-minute rate limit.

    from ai_assistant import limits
    try:
        limits.check_and_count(request.user, "chat")       # before each online question or draft
    except ProviderError as refusal:                        # QuotaExceeded or RateLimited
        ... refusal.user_message ...                        # e.g. "You have used your 50 questions for today; ..."

Counters live in Django's cache (local memory or Redis: ``add`` + ``incr`` are atomic in both),
keyed by the user and the Asia/Manila day or minute, so the quota resets at local midnight. The
minute window is a fixed calendar minute. If the cache fails (Redis down), the counts are taken
from the audit log (``ProviderCall``) instead, so a cache outage neither blocks nor frees anyone.
A refusal is recorded as a ``ProviderCall`` with outcome "quota". ``AI_DAILY_QUOTA`` or
``AI_RATE_LIMIT_PER_MINUTE`` set to 0 turns that limit off.
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from ai_assistant.providers.base import QuotaExceeded, RateLimited

logger = logging.getLogger(__name__)


def _local_now() -> datetime:
    return timezone.localtime(timezone.now())


def _next_midnight(now: datetime) -> datetime:
    return datetime.combine(now.date() + timedelta(days=1), time.min, tzinfo=now.tzinfo)


def _keys(user, now: datetime) -> tuple[str, str]:
    return f"ai:day:{user.pk}:{now:%Y%m%d}", f"ai:minute:{user.pk}:{now:%Y%m%d%H%M}"


def _count(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def _count_from_log(user, since: datetime) -> int:
    from ai_assistant.models import ProviderCall

    return (
        ProviderCall.objects.filter(user=user, created_at__gte=since)
        .exclude(outcome=ProviderCall.Outcome.QUOTA)
        .count()
        + 1
    )


def _used(user, key: str, timeout: int, since: datetime) -> int:
    try:
        return _count(key, timeout)
    except Exception as exc:  # a cache outage: count from the audit log instead
        logger.warning("AI limits: cache unavailable (%s); counting from the audit log", exc)
        return _count_from_log(user, since)


def quota_message(limit: int) -> str:
    noun = "question" if limit == 1 else "questions"
    return f"You have used your {limit} {noun} for today; the quota resets at midnight (Asia/Manila)."


def rate_message(limit: int) -> str:
    noun = "question" if limit == 1 else "questions"
    return f"You can ask {limit} {noun} a minute; wait a minute and ask again."


def check_and_count(user, purpose: str) -> None:
    """Count one online question (or draft) of ``user``; raise ``RateLimited`` / ``QuotaExceeded``
    (ProviderError subclasses with a ``user_message``) when a limit is reached."""
    now = _local_now()
    day_key, minute_key = _keys(user, now)
    per_minute = settings.AI_RATE_LIMIT_PER_MINUTE
    daily = settings.AI_DAILY_QUOTA
    if per_minute > 0:
        used = _used(user, minute_key, 90, now.replace(second=0, microsecond=0))
        if used > per_minute:
            error = RateLimited(f"{used} questions this minute", user_message=rate_message(per_minute))
            _record_refusal(user, purpose, error)
            raise error
    if daily > 0:
        until_midnight = int((_next_midnight(now) - now).total_seconds()) + 60
        used = _used(user, day_key, until_midnight, now.replace(hour=0, minute=0, second=0, microsecond=0))
        if used > daily:
            error = QuotaExceeded(f"{used} questions today", user_message=quota_message(daily))
            _record_refusal(user, purpose, error)
            raise error


def usage_today(user) -> dict[str, int]:
    """``{"used": n, "quota": q}`` for a page that shows what is left (no counting)."""
    day_key, _ = _keys(user, _local_now())
    try:
        used = int(cache.get(day_key) or 0)
    except Exception:
        used = 0
    return {"used": used, "quota": settings.AI_DAILY_QUOTA}


def _record_refusal(user, purpose: str, error) -> None:
    from ai_assistant.models import ProviderCall

    ProviderCall.objects.create(
        user=user if getattr(user, "pk", None) else None,
        purpose=purpose[:60],
        provider="",
        model="",
        outcome=ProviderCall.Outcome.QUOTA,
        error_code=error.code,
    )
