"""Per-user daily quota and per-minute rate limit (Django's cache), with a clear message."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from ai_assistant import limits
from ai_assistant.models import ProviderCall
from ai_assistant.providers.base import ProviderError, QuotaExceeded, RateLimited

pytestmark = pytest.mark.django_db
MANILA = ZoneInfo("Asia/Manila")


@pytest.fixture
def small_limits(settings):
    settings.AI_DAILY_QUOTA = 3
    settings.AI_RATE_LIMIT_PER_MINUTE = 100


def test_daily_quota_refuses_the_question_after_the_last_one(small_limits, officer_ix, officer_xii):
    with time_machine.travel(datetime(2026, 12, 2, 9, 0, tzinfo=MANILA), tick=False):
        for _ in range(3):
            limits.check_and_count(officer_ix, "chat")
        with pytest.raises(QuotaExceeded) as raised:
            limits.check_and_count(officer_ix, "chat")
        limits.check_and_count(officer_xii, "chat")  # another user's quota is their own
    assert isinstance(raised.value, ProviderError)
    assert raised.value.user_message == (
        "You have used your 3 questions for today; the quota resets at midnight (Asia/Manila)."
    )
    refusal = ProviderCall.objects.get()
    assert (refusal.user, refusal.outcome, refusal.error_code) == (officer_ix, "quota", "daily_quota")


def test_the_quota_resets_at_midnight_in_manila(small_limits, officer_ix):
    # 23:59 in Manila is 15:59 UTC: still the same Manila day until 16:00 UTC
    with time_machine.travel(datetime(2026, 12, 2, 23, 58, tzinfo=MANILA), tick=False):
        for _ in range(3):
            limits.check_and_count(officer_ix, "chat")
        with pytest.raises(QuotaExceeded):
            limits.check_and_count(officer_ix, "chat")
    with time_machine.travel(datetime(2026, 12, 3, 0, 0, 30, tzinfo=MANILA), tick=False):
        limits.check_and_count(officer_ix, "chat")
        assert limits.usage_today(officer_ix) == {"used": 1, "quota": 3}


def test_rate_limit_per_minute(settings, officer_ix):
    settings.AI_DAILY_QUOTA = 100
    settings.AI_RATE_LIMIT_PER_MINUTE = 2
    with time_machine.travel(datetime(2026, 12, 2, 9, 0, 5, tzinfo=MANILA), tick=False):
        limits.check_and_count(officer_ix, "chat")
        limits.check_and_count(officer_ix, "brief-narrative")  # drafts count too
        with pytest.raises(RateLimited) as raised:
            limits.check_and_count(officer_ix, "chat")
    assert raised.value.user_message == "You can ask 2 questions a minute; wait a minute and ask again."
    with time_machine.travel(datetime(2026, 12, 2, 9, 1, 1, tzinfo=MANILA), tick=False):
        limits.check_and_count(officer_ix, "chat")
    assert ProviderCall.objects.get().error_code == "rate_limit"


def test_zero_turns_a_limit_off(settings, officer_ix):
    settings.AI_DAILY_QUOTA = 0
    settings.AI_RATE_LIMIT_PER_MINUTE = 0
    for _ in range(20):
        limits.check_and_count(officer_ix, "chat")
    assert not ProviderCall.objects.exists()


def test_a_cache_outage_counts_from_the_audit_log(small_limits, officer_ix, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(limits.cache, "add", broken)
    for _ in range(3):
        ProviderCall.objects.create(user=officer_ix, purpose="chat", provider="gemini", outcome="ok")
    with pytest.raises(QuotaExceeded):
        limits.check_and_count(officer_ix, "chat")
