"""The drafting gateway: None without a provider or on failure (recorded), text on success."""

from __future__ import annotations

import pytest

from ai_assistant.gateway import Generation, generate_text
from ai_assistant.models import ProviderCall

pytestmark = pytest.mark.django_db

FACTS = {"recommendation": {"title": "Madrasah teachers for Aliguay", "teachers_needed": 4}}


def draft(user):
    return generate_text(user=user, purpose="brief-narrative", instructions="Write the narrative.", data=FACTS)


def test_no_provider_no_call(no_online_provider, officer_ix):
    assert draft(officer_ix) is None
    assert not ProviderCall.objects.exists()


def test_success_gives_the_text_and_records_the_call(fake_gemini, officer_ix):
    fake_gemini.script(fake_gemini.text("Aliguay needs 4 madrasah teachers.", prompt_tokens=300, output_tokens=40))
    assert draft(officer_ix) == Generation("Aliguay needs 4 madrasah teachers.", "gemini", "gemini-test")
    body = fake_gemini.requests[0].body
    assert "tools" not in body  # drafting never calls tools
    assert '"teachers_needed": 4' in body["contents"][0]["parts"][0]["text"]
    row = ProviderCall.objects.get()
    assert (row.purpose, row.outcome, row.prompt_tokens, row.output_tokens) == ("brief-narrative", "ok", 300, 40)


@pytest.mark.parametrize(
    ("reply", "outcome"),
    [("status_500", "unavailable"), ("malformed", "malformed"), ("blocked", "blocked"), ("status_429", "rate_limited")],
)
def test_failure_gives_none_after_recording_it(fake_gemini, officer_ix, reply, outcome):
    make = {
        "status_500": lambda: fake_gemini.status(500),
        "status_429": lambda: fake_gemini.status(429),
        "malformed": fake_gemini.malformed,
        "blocked": fake_gemini.blocked,
    }[reply]
    fake_gemini.script(*[make() for _ in range(3)])
    assert draft(officer_ix) is None
    assert ProviderCall.objects.get().outcome == outcome


def test_timeout_gives_none(fake_gemini, officer_ix, settings):
    settings.AI_TIMEOUT_SECONDS = 0.5
    fake_gemini.script(fake_gemini.delayed(2))
    assert draft(officer_ix) is None
    assert ProviderCall.objects.get().outcome == "timeout"


def test_quota_gives_none_without_calling_the_provider(fake_gemini, officer_ix, settings):
    settings.AI_DAILY_QUOTA = 1
    fake_gemini.script(fake_gemini.text("First."))
    assert draft(officer_ix).text == "First."
    assert draft(officer_ix) is None
    assert len(fake_gemini.requests) == 1
    assert list(ProviderCall.objects.order_by("pk").values_list("outcome", flat=True)) == ["ok", "quota"]
