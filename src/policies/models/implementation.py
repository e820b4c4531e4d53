"""Implementation tracking of approved recommendations: milestones, indicators and progress reports
on a reporting schedule (the daily beat task flags overdue reports)."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from common.models import TimeStampedModel, VersionedModel
from common.uploads import StoredDocument

from .recommendations import Recommendation, RecommendationChildQuerySet


class ReportingFrequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    SEMI_ANNUAL = "semi_annual", "Semi-annual"
    ANNUAL = "annual", "Annual"


MONTHS = {"monthly": 1, "quarterly": 3, "semi_annual": 6, "annual": 12}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    import calendar

    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class ImplementationPlan(models.Model):
    """How often implementation is reported, when the next report is due, and the overdue flag."""

    recommendation = models.OneToOneField(Recommendation, on_delete=models.CASCADE, related_name="plan")
    frequency = models.CharField(
        max_length=12, choices=ReportingFrequency.choices, default=ReportingFrequency.QUARTERLY
    )
    next_report_due = models.DateField(db_index=True)
    is_overdue = models.BooleanField(default=False, db_index=True, editable=False, help_text="Set by the daily check.")
    overdue_since = models.DateField(null=True, blank=True, editable=False)

    objects = RecommendationChildQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.recommendation.reference}: {self.get_frequency_display().lower()} reports"


class ImplementationMilestone(TimeStampedModel, VersionedModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_date = models.DateField(db_index=True)
    owner_organization = models.ForeignKey(
        "coordination.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="owner organization",
    )  # fmt: skip
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    percent_complete = models.PositiveSmallIntegerField(
        "% complete", default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    completed_on = models.DateField(null=True, blank=True)

    objects = RecommendationChildQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        open_ = self.status in (self.Status.PENDING, self.Status.IN_PROGRESS)
        return open_ and self.due_date < timezone.localdate()


class Indicator(TimeStampedModel):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=40, help_text="e.g. teachers, households, %")
    baseline = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    target = models.DecimalField(max_digits=14, decimal_places=2)
    actual = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    measured_on = models.DateField("date of measure", null=True, blank=True)

    objects = RecommendationChildQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def progress(self) -> int | None:
        """Share of the way from baseline to target, 0–100 (None before a measure)."""
        if self.actual is None or self.target == self.baseline:
            return None
        share = (self.actual - self.baseline) / (self.target - self.baseline) * 100
        return max(0, min(100, round(share)))


class ProgressUpdate(models.Model):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="progress_updates")
    period_end = models.DateField(help_text="The last day of the period reported on.")
    summary = models.TextField()
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reported_at = models.DateTimeField(default=timezone.now)

    objects = RecommendationChildQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "-pk"]

    def __str__(self) -> str:
        return f"{self.recommendation.reference} to {self.period_end:%d %b %Y}"


def _implementation_document_path(instance, filename: str) -> str:
    """Stored under a random name, outside any public URL (served by an access-checked view)."""
    suffix = PurePath(filename).suffix.lower()
    return f"private/policies/implementation/{instance.recommendation_id}/{uuid.uuid4().hex}{suffix}"


class ImplementationDocument(StoredDocument):
    """A document of an approved recommendation's implementation (an order, a report, a photo),
    type- and size-checked on upload (``common.uploads``) and served only by an access-checked view."""

    class Kind(models.TextChoices):
        REPORT = "report", "Progress or completion report"
        ISSUANCE = "issuance", "Order, circular or agreement"
        PHOTO = "photo", "Photo"
        OTHER = "other", "Other"

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="implementation_documents"
    )
    milestone = models.ForeignKey(
        ImplementationMilestone, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    kind = models.CharField("type", max_length=10, choices=Kind.choices, default=Kind.REPORT)
    file = models.FileField(upload_to=_implementation_document_path, max_length=255)

    objects = RecommendationChildQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("policies:implementation-document-download", args=[self.pk])
