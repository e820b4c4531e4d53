"""Implementation tracking: only approved recommendations, only implementers; milestones, indicators,
progress updates on a schedule, and the overdue check with a frozen clock."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from obc_management.celery import app
from policies import services
from policies.models import ImplementationMilestone, Notification, Status, add_months

from .conftest import advance

TODAY = dt.date(2027, 3, 10)


@pytest.fixture
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def approved_ix(rec_ix, officer_ix, executive):
    return advance(rec_ix, officer_ix, executive, Status.APPROVED)


def test_tracking_starts_only_after_approval(rec_ix, officer_ix):
    with pytest.raises(ValidationError, match="once the recommendation is approved"):
        services.add_milestone(user=officer_ix, recommendation=rec_ix, title="x", due_date=TODAY)


def test_only_implementers_of_the_area_record_progress(
    approved_ix, officer_ix, officer_xii, partner_ix, facilitator_ix
):
    for user in (officer_xii, partner_ix, facilitator_ix):
        with pytest.raises(PermissionDenied):
            services.add_milestone(user=user, recommendation=approved_ix, title="x", due_date=TODAY)
    milestone = services.add_milestone(user=officer_ix, recommendation=approved_ix, title="Hire asatidz",
                                       due_date=TODAY)  # fmt: skip
    assert milestone.created_by == officer_ix


def test_milestone_done_is_complete_and_overdue_follows_the_clock(approved_ix, officer_ix, frozen_today):
    late = services.add_milestone(user=officer_ix, recommendation=approved_ix, title="Sign the MOA",
                                  due_date=TODAY - dt.timedelta(days=1))  # fmt: skip
    assert late.is_overdue
    services.update_milestone(user=officer_ix, milestone=late, status=ImplementationMilestone.Status.DONE)
    late.refresh_from_db()
    assert (late.percent_complete, late.completed_on, late.is_overdue) == (100, TODAY, False)
    with pytest.raises(ValidationError):
        services.add_milestone(user=officer_ix, recommendation=approved_ix, title="x", due_date=TODAY,
                               percent_complete=120)  # fmt: skip


def test_indicator_progress_from_baseline_to_target(approved_ix, officer_ix, frozen_today):
    indicator = services.add_indicator(user=officer_ix, recommendation=approved_ix, name="Asatidz hired",
                                       unit="teachers", baseline=2, target=8)  # fmt: skip
    assert indicator.progress is None
    services.record_measure(user=officer_ix, indicator=indicator, actual=Decimal(5), measured_on=TODAY)
    assert indicator.progress == 50
    with pytest.raises(ValidationError):
        services.record_measure(user=officer_ix, indicator=indicator, actual=6, measured_on=TODAY + dt.timedelta(1))


def test_overdue_report_is_flagged_once_and_cleared_by_a_report(approved_ix, officer_ix, frozen_today):
    plan = services.set_reporting_plan(user=officer_ix, recommendation=approved_ix, frequency="quarterly",
                                       first_due=dt.date(2027, 3, 31))  # fmt: skip
    assert services.flag_overdue_reports(today=dt.date(2027, 3, 31)) == 0
    assert services.flag_overdue_reports(today=dt.date(2027, 4, 1)) == 1
    assert services.flag_overdue_reports(today=dt.date(2027, 4, 2)) == 0  # already flagged
    plan.refresh_from_db()
    assert plan.is_overdue and plan.overdue_since == dt.date(2027, 3, 31)
    assert Notification.objects.filter(recipient=officer_ix, message__contains="overdue").count() == 1
    services.add_progress_update(user=officer_ix, recommendation=approved_ix, period_end=dt.date(2027, 3, 31),
                                 summary="Two asatidz hired; MOA signed.")  # fmt: skip
    plan.refresh_from_db()
    assert (plan.next_report_due, plan.is_overdue) == (dt.date(2027, 6, 30), False)


def test_beat_task_runs_the_overdue_check(approved_ix, officer_ix):
    services.set_reporting_plan(user=officer_ix, recommendation=approved_ix, frequency="monthly",
                                first_due=dt.date(2020, 1, 31))  # fmt: skip
    assert app.tasks["policies.flag_overdue_reports"].delay().get() == 1


def test_beat_schedule_names_the_policies_task(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["policies-overdue-reports"]
    assert entry["task"] in app.tasks


def test_add_months_keeps_month_ends():
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 11, 30), 3) == dt.date(2028, 2, 29)


def test_implementation_pages_per_persona(client, approved_ix, officer_ix, officer_xii, partner_ix, executive):
    from django.urls import reverse

    url = reverse("policies:milestone-add", args=[approved_ix.pk])
    for user, expected in ((officer_xii, 404), (partner_ix, 403), (officer_ix, 200), (executive, 200)):
        client.force_login(user)
        assert client.get(url).status_code == expected, user
    client.force_login(officer_ix)
    saved = client.post(url, {"title": "Hire asatidz", "due_date": "2027-06-30", "status": "pending",
                              "percent_complete": "20"})  # fmt: skip
    assert saved.status_code == 302
    page = client.get(approved_ix.get_absolute_url()).content.decode()
    assert "Hire asatidz" in page and 'data-section="implementation"' in page
    client.force_login(partner_ix)
    partner_page = client.get(approved_ix.get_absolute_url()).content.decode()
    assert "Hire asatidz" in partner_page and "+ Milestone" not in partner_page
