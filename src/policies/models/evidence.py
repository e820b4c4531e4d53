"""The evidence a recommendation stands on: MANA needs, assessments, community profiles,
engagements and their feedback, uploaded documents and external sources."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .choices import EvidenceKind, Reliability
from .recommendations import Recommendation, RecommendationChildQuerySet


def _document_path(instance, filename: str) -> str:
    """Stored under a random name, outside any public URL (served by an access-checked view)."""
    suffix = PurePath(filename).suffix.lower()
    return f"private/policies/evidence/{instance.recommendation_id}/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField("type", max_length=12, choices=EvidenceKind.choices, db_index=True)
    need = models.ForeignKey(
        "mana.Need", null=True, blank=True, on_delete=models.SET_NULL, related_name="policy_evidence"
    )
    assessment = models.ForeignKey(
        "mana.Assessment", null=True, blank=True, on_delete=models.SET_NULL, related_name="policy_evidence"
    )
    community = models.ForeignKey(
        "communities.BarangayOBC", null=True, blank=True, on_delete=models.SET_NULL, related_name="policy_evidence"
    )
    engagement = models.ForeignKey(
        "coordination.Engagement", null=True, blank=True, on_delete=models.SET_NULL, related_name="policy_evidence"
    )
    feedback = models.ForeignKey(
        "coordination.Feedback", null=True, blank=True, on_delete=models.SET_NULL, related_name="policy_evidence"
    )
    # An uploaded document.
    file = models.FileField(upload_to=_document_path, max_length=255, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    # An external source (documents use the title, author and year too).
    source_title = models.CharField("title", max_length=300, blank=True)
    source_author = models.CharField("author or publisher", max_length=200, blank=True)
    source_year = models.PositiveSmallIntegerField(
        "year", null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    source_url = models.URLField("link", max_length=500, blank=True)
    reliability = models.CharField(max_length=1, choices=Reliability.choices, default=Reliability.B)
    statement = models.CharField(
        "what it shows", max_length=500, help_text="One sentence on what this evidence shows for the recommendation."
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    added_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = RecommendationChildQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "need"], condition=Q(need__isnull=False), name="pol_evidence_need_once"
            ),
            models.UniqueConstraint(
                fields=["recommendation", "community"], condition=Q(community__isnull=False),
                name="pol_evidence_community_once",
            ),
        ]  # fmt: skip
        indexes = [models.Index(fields=["recommendation", "kind"], name="pol_evidence_rec_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label}"

    @property
    def target(self):
        return self.need or self.assessment or self.community or self.engagement or self.feedback

    @property
    def label(self) -> str:
        if self.kind == "document":
            return self.source_title or self.original_name
        if self.kind == "external":
            parts = [self.source_author, f"({self.source_year})" if self.source_year else "", self.source_title]
            return " ".join(p for p in parts if p)
        target = self.target
        return str(target) if target is not None else "(the record was removed)"

    @property
    def citation(self) -> str:
        """A short citation for briefs and exports."""
        if self.kind in ("document", "external"):
            return self.label + (f". {self.source_url}" if self.source_url else "")
        return f"{self.get_kind_display()}: {self.label}"

    def get_download_url(self) -> str:
        return reverse("policies:evidence-download", args=[self.pk])
