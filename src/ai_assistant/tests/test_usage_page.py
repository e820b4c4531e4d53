"""The usage page and the admin of provider calls: administrators see usage, never content."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.urls import reverse

from ai_assistant.models import ProviderCall
from common.appkit.admin import ScopedModelAdmin

pytestmark = pytest.mark.django_db
URL = "/assistant/usage/"
SECRET_QUESTION = "How many OBCs does Barangay Secret have?"


@pytest.fixture
def calls(officer_ix, officer_xii):
    day = datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Manila"))
    content = {"sent": [SECRET_QUESTION], "received": ["A secret answer"]}
    rows = [
        ProviderCall(
            user=officer_ix,
            purpose="chat",
            provider="gemini",
            model="m",
            prompt_tokens=1000,
            output_tokens=100,
            estimated_cost=Decimal("0.000550"),
            outcome="ok",
            content=content,
        ),
        ProviderCall(user=officer_ix, purpose="chat", provider="gemini", model="m", outcome="timeout"),
        ProviderCall(
            user=officer_xii,
            purpose="brief-narrative",
            provider="gemini",
            model="m",
            prompt_tokens=2000,
            output_tokens=300,
            estimated_cost=Decimal("0.001350"),
            outcome="ok",
            content=content,
        ),
        ProviderCall(user=officer_xii, purpose="chat", outcome="quota", error_code="daily_quota"),
    ]
    for row in rows:
        row.created_at = day
    return ProviderCall.objects.bulk_create(rows)


def test_url_name():
    assert reverse("ai-usage:usage-overview") == URL


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_officer_is_refused(client, officer_ix, calls):
    client.force_login(officer_ix)
    assert client.get(URL).status_code == 403


def test_administrator_sees_totals_per_day_and_per_user_without_content(client, administrator, calls, settings):
    settings.AI_DAILY_QUOTA = 50
    client.force_login(administrator)
    response = client.get(URL, {"days": 90})
    assert response.status_code == 200
    html = response.content.decode()
    totals = response.context["totals"]
    assert (totals["calls"], totals["failures"], totals["refused"]) == (3, 1, 1)
    assert (totals["prompt_tokens"], totals["output_tokens"], totals["cost"]) == (3000, 400, Decimal("0.0019"))
    per_user = {row["user__username"]: row for row in response.context["per_user"]}
    assert per_user["officer_ix"]["calls"] == 2 and per_user["officer_xii"]["refused"] == 1
    (day,) = response.context["per_day"]
    assert str(day["day"]) == "2026-12-01" and day["calls"] == 3
    assert "officer_ix" in html and "1 Dec 2026" in html
    assert SECRET_QUESTION not in html and "secret answer" not in html.lower()


def test_an_unknown_period_falls_back_to_30_days(client, administrator):
    client.force_login(administrator)
    assert client.get(URL, {"days": "-5"}).context["days"] == 30


def test_provider_calls_have_a_scoped_read_only_admin():
    model_admin = admin.site._registry[ProviderCall]
    assert isinstance(model_admin, ScopedModelAdmin) and model_admin.read_only


def test_for_user_gives_others_their_own_calls_only(officer_ix, officer_xii, calls, administrator):
    assert ProviderCall.objects.for_user(administrator).count() == 4
    assert not ProviderCall.objects.for_user(officer_ix).exists()  # no permission on the audit log


def test_admin_shows_no_content_without_the_audit_permission(client, calls, region_ix):
    from common.access import ADMINISTRATOR
    from common.tests.factories import UserFactory

    staff_admin = UserFactory(username="admin_role", is_staff=True, roles=[ADMINISTRATOR], regions=[region_ix])
    client.force_login(staff_admin)
    listing = client.get(reverse("admin:ai_assistant_providercall_changelist"))
    assert listing.status_code == 200 and "brief-narrative" in listing.content.decode()
    detail = client.get(reverse("admin:ai_assistant_providercall_change", args=[calls[0].pk])).content.decode()
    assert "1000" in detail or "1,000" in detail
    assert SECRET_QUESTION not in detail
