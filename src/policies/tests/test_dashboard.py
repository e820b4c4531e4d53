"""The dashboard: the pipeline, category, sector and region counts as each persona may see them,
stage times, overdue figures and unanswered needs, filters and a bounded number of queries."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from policies import services
from policies.dashboard import dashboard_figures
from policies.models import Status

from .conftest import advance


def _count(rows, key):
    return next(r["count"] for r in rows if r["key"] == key)


def test_figures_follow_the_area_rule(rec_ix, rec_xii, rec_national, officer_ix, executive, partner_ix):
    mine = dashboard_figures(officer_ix)
    assert mine["total"] == 2 and _count(mine["by_status"], Status.DRAFT) == 2
    assert {r["label"] for r in mine["by_region"]} == {rec_ix.areas.get().region.name, "National (every area)"}
    assert dashboard_figures(executive)["total"] == 3
    partner = dashboard_figures(partner_ix)
    assert partner["total"] == 0 and "stage_days" not in partner and "unanswered_by_region" not in partner


def test_filters_narrow_the_figures(rec_ix, rec_xii, executive):
    figures = dashboard_figures(executive, {"sector": "infrastructure"})
    assert figures["total"] == 1 and _count(figures["by_sector"], "infrastructure") == 1


def test_stage_times_average_the_days_spent(rec_ix, officer_ix, executive, monkeypatch):
    start = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    clock = iter([start, start + dt.timedelta(days=4), start + dt.timedelta(days=5)])
    now = next(clock)
    monkeypatch.setattr("policies.services.workflow.timezone.now", lambda: now)
    services.transition_recommendation(user=officer_ix, recommendation=rec_ix, to_status=Status.UNDER_REVIEW)
    now = next(clock)
    services.transition_recommendation(user=executive, recommendation=rec_ix, to_status=Status.ENDORSED)
    now = next(clock)
    services.transition_recommendation(user=executive, recommendation=rec_ix, to_status=Status.SUBMITTED)
    stages = {r["key"]: r["days"] for r in dashboard_figures(executive)["stage_days"]}
    assert stages == {Status.UNDER_REVIEW: 4.0, Status.ENDORSED: 1.0}


def test_unanswered_needs_by_region(need_ix, need_xii, officer_ix, executive):
    assert [r["count"] for r in dashboard_figures(officer_ix)["unanswered_by_region"]] == [1]
    assert sum(r["count"] for r in dashboard_figures(executive)["unanswered_by_region"]) == 2


def test_dashboard_page_per_persona_with_drill_down(client, rec_ix, officer_ix, partner_ix, outsider, executive,
                                                    django_assert_max_num_queries):  # fmt: skip
    url = reverse("policies:dashboard")
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(partner_ix)
    assert client.get(url).status_code == 200
    client.force_login(officer_ix)
    with django_assert_max_num_queries(30):
        body = client.get(url).content.decode()
    assert 'href="/policies/?status=draft"' in body and 'id="policy-figures"' in body
    advance(rec_ix, officer_ix, executive, Status.APPROVED)
    services.set_reporting_plan(user=officer_ix, recommendation=rec_ix, frequency="monthly",
                                first_due=dt.date(2020, 1, 31))  # fmt: skip
    services.flag_overdue_reports()
    body = client.get(url).content.decode()
    assert 'data-figure="overdue-reports">1<' in body
