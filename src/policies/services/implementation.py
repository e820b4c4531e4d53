"""Writes of implementation tracking: the reporting plan, milestones, indicators and progress
updates of an approved recommendation, and the daily overdue check (the beat task calls it).

Who: whoever may take the implementation steps of the workflow (officers of the area, executives);
when: once the recommendation is approved or in implementation.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from common.appkit.concurrency import apply_changes, lock_for_edit, save_changes
from common.uploads import check_upload
from coordination.models import Organization
from policies.models import (
    ImplementationDocument,
    ImplementationMilestone,
    ImplementationPlan,
    Indicator,
    Notification,
    ProgressUpdate,
    Recommendation,
    Status,
    add_months,
)
from policies.models.implementation import MONTHS

from .recommendations import locked
from .workflow import DECIDER, DRAFTER, _capacities

TRACKED = (Status.APPROVED, Status.IN_IMPLEMENTATION)
MILESTONE_FIELDS = frozenset({"title", "due_date", "owner_organization", "status", "percent_complete"})


def _tracked(user, recommendation: Recommendation) -> Recommendation:
    rec = locked(user, recommendation, "view")
    if not ({DRAFTER, DECIDER} & _capacities(user, rec)):
        raise PermissionDenied("Your role cannot record the implementation of this recommendation.")
    if rec.status not in TRACKED:
        raise ValidationError("Implementation is tracked once the recommendation is approved.")
    return rec


def _check_org(user, org) -> None:
    if org is not None and not Organization.objects.for_user(user).filter(pk=org.pk).exists():
        raise ValidationError({"owner_organization": "Choose an organization you can see."})


@transaction.atomic
def set_reporting_plan(*, user, recommendation: Recommendation, frequency: str,
                       first_due: dt.date | None = None) -> ImplementationPlan:  # fmt: skip
    rec = _tracked(user, recommendation)
    if frequency not in MONTHS:
        raise ValidationError({"frequency": f"Unknown reporting frequency {frequency!r}."})
    due = first_due or add_months(timezone.localdate(), MONTHS[frequency])
    plan, _ = ImplementationPlan.objects.update_or_create(
        recommendation=rec, defaults={"frequency": frequency, "next_report_due": due}
    )
    return plan


@transaction.atomic
def add_milestone(*, user, recommendation: Recommendation, title: str, due_date: dt.date, owner_organization=None,
                  status: str = ImplementationMilestone.Status.PENDING, percent_complete: int = 0):  # fmt: skip
    rec = _tracked(user, recommendation)
    _check_org(user, owner_organization)
    milestone = ImplementationMilestone(
        recommendation=rec, title=title, due_date=due_date, owner_organization=owner_organization, status=status,
        percent_complete=percent_complete, created_by=user, updated_by=user,
    )  # fmt: skip
    _finish(milestone)
    milestone.full_clean()
    milestone.save()
    return milestone


def _finish(milestone: ImplementationMilestone) -> None:
    if milestone.status == ImplementationMilestone.Status.DONE:
        milestone.percent_complete = 100
        milestone.completed_on = milestone.completed_on or timezone.localdate()


@transaction.atomic
def update_milestone(
    *, user, milestone: ImplementationMilestone, expected_revision=None, **fields
) -> ImplementationMilestone:
    _tracked(user, milestone.recommendation)
    lock_for_edit(milestone, expected_revision=expected_revision)
    changed = set(apply_changes(milestone, fields, allowed=MILESTONE_FIELDS))
    if "owner_organization" in changed:
        _check_org(user, milestone.owner_organization)
    before = (milestone.percent_complete, milestone.completed_on)
    _finish(milestone)
    if (milestone.percent_complete, milestone.completed_on) != before:
        changed |= {"percent_complete", "completed_on"}
    milestone.full_clean()
    if changed:
        save_changes(milestone, changed, user=user)
    return milestone


@transaction.atomic
def add_indicator(*, user, recommendation: Recommendation, name: str, unit: str, target, baseline=0) -> Indicator:
    rec = _tracked(user, recommendation)
    indicator = Indicator(recommendation=rec, name=name, unit=unit, baseline=baseline, target=target,
                          created_by=user, updated_by=user)  # fmt: skip
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def record_measure(*, user, indicator: Indicator, actual, measured_on: dt.date) -> Indicator:
    _tracked(user, indicator.recommendation)
    if measured_on > timezone.localdate():
        raise ValidationError({"measured_on": "The date of measure is in the future."})
    indicator.actual, indicator.measured_on, indicator.updated_by = actual, measured_on, user
    indicator.full_clean()
    indicator.save(update_fields=["actual", "measured_on", "updated_by", "updated_at"])
    return indicator


@transaction.atomic
def add_progress_update(*, user, recommendation: Recommendation, period_end: dt.date, summary: str) -> ProgressUpdate:
    """Record a report; the next report falls due one period after the one this report covers."""
    rec = _tracked(user, recommendation)
    if not (summary or "").strip():
        raise ValidationError({"summary": "Say what progress was made."})
    update = ProgressUpdate.objects.create(
        recommendation=rec, period_end=period_end, summary=summary.strip(), reported_by=user
    )
    plan = ImplementationPlan.objects.select_for_update().filter(recommendation=rec).first()
    if plan is not None:
        months = MONTHS[plan.frequency]
        while plan.next_report_due <= period_end:
            plan.next_report_due = add_months(plan.next_report_due, months)
        plan.is_overdue, plan.overdue_since = plan.next_report_due < timezone.localdate(), None
        if plan.is_overdue:
            plan.overdue_since = plan.next_report_due
        plan.save(update_fields=["next_report_due", "is_overdue", "overdue_since"])
    return update


def flag_overdue_reports(today: dt.date | None = None) -> int:
    """The daily check: flag plans whose report is past due (notifying the drafter once), clear the
    others. Returns how many plans were newly flagged."""
    today = today or timezone.localdate()
    live = ImplementationPlan.objects.filter(
        recommendation__status__in=TRACKED, recommendation__deleted_at__isnull=True
    )
    ImplementationPlan.objects.filter(is_overdue=True).exclude(
        pk__in=live.filter(next_report_due__lt=today).values("pk")
    ).update(is_overdue=False, overdue_since=None)
    newly = list(live.filter(next_report_due__lt=today, is_overdue=False).select_related("recommendation"))
    with transaction.atomic():
        for plan in newly:
            plan.is_overdue, plan.overdue_since = True, plan.next_report_due
            plan.save(update_fields=["is_overdue", "overdue_since"])
            rec = plan.recommendation
            if rec.created_by_id:
                Notification.objects.create(
                    recipient_id=rec.created_by_id, recommendation=rec,
                    message=f"{rec.reference}: the implementation report due {plan.next_report_due:%d %b %Y} "
                    "is overdue.",
                )  # fmt: skip
    return len(newly)


@transaction.atomic
def upload_implementation_document(
    *, user, recommendation: Recommendation, upload, kind: str = ImplementationDocument.Kind.REPORT, milestone=None
) -> ImplementationDocument:
    """A document of the implementation: type and size checked (``common.uploads``, the limit of
    ``POLICIES_DOCUMENT_MAX_BYTES``), stored under a random private name."""
    from .evidence import max_document_bytes

    rec = _tracked(user, recommendation)
    if milestone is not None and milestone.recommendation_id != rec.pk:
        raise ValidationError({"milestone": "The milestone belongs to another recommendation."})
    checked = check_upload(upload, max_bytes=max_document_bytes())
    document = ImplementationDocument(recommendation=rec, milestone=milestone, kind=kind)
    document.set_upload(checked, user=user)
    document.full_clean(exclude=["file"])
    document.file.save(checked.name, upload, save=False)
    document.save()
    return document
