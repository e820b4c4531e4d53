"""The log of personal data leaving the system (RA 10173): one row per export, download, API answer or
page that shows personal data. Written only by ``common.personal_data.log_export``."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from common.models.owned import OwnRowsQuerySet


class PersonalDataExportQuerySet(OwnRowsQuerySet):
    """Administrators (national scope) read the whole log; anyone else with the permission, their own."""


class PersonalDataExport(models.Model):
    class Channel(models.TextChoices):
        PAGE = "page", "Web page"
        API = "api", "API"
        DOWNLOAD = "download", "File download"
        JOB = "job", "Background job"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150, help_text="Kept if the user is later deleted.")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    what = models.CharField(max_length=100, db_index=True, help_text="Registered personal-data model, app.model.")
    description = models.CharField(max_length=300, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    file_format = models.CharField(max_length=8, blank=True, help_text="csv, xlsx, pdf, json or html.")
    row_count = models.PositiveIntegerField(help_text="Rows of personal data in the output.")
    purpose = models.CharField(max_length=300, blank=True)
    filters = models.CharField(max_length=500, blank=True)
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    target_id = models.CharField(max_length=64, blank=True, help_text="The record the output is about.")
    target_label = models.CharField(max_length=300, blank=True)
    job = models.ForeignKey("common.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = PersonalDataExportQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id", "-at"])]
        verbose_name = "personal-data export"

    def __str__(self) -> str:
        channel = self.get_channel_display()
        return f"{self.username} · {self.what} · {self.row_count} rows · {channel} ({self.at:%Y-%m-%d %H:%M})"
