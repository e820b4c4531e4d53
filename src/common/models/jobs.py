"""Background jobs: one row per long-running task (large export, import, report, AI summary).

The row records who asked, what (``kind`` + ``params``: ids and filters only, never secrets),
how far it got (``done``/``total``) and the outcome: a result file for the owner to download, or
an error in plain words. The UI polls the row to draw a progress bar; see ``common.services.jobs``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


def job_result_path(job: Job, filename: str) -> str:
    # The stored name never reuses the user's text; the download gives the friendly ``filename``.
    return f"jobs/{job.created_at:%Y/%m}/job-{job.pk}-{timezone.now():%H%M%S%f}"


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Finished"
        FAILED = "failed", "Failed"

    FINISHED = (Status.SUCCEEDED, Status.FAILED)

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=100, db_index=True, help_text="Handler name, e.g. communities.export_list.")
    params = models.JSONField(default=dict, blank=True, help_text="Ids and filters only; never secrets.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    result = models.FileField(upload_to=job_result_path, max_length=255, blank=True)
    filename = models.CharField(max_length=200, blank=True, help_text="Name the download is saved as.")
    error = models.TextField(blank=True)
    message = models.TextField(blank=True, help_text="Outcome in plain words, e.g. what an import wrote.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent(self) -> int | None:
        """Progress in percent, or None while the total is unknown."""
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.total:
            return None
        return min(100, int(self.done * 100 / self.total))

    @property
    def title(self) -> str:
        from common.services.jobs import describe

        return describe(self.kind)
