from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

from common.models import Municipality, Province, Region
from common.models.base import SoftDeleteModel, TimeStampedModel, VersionedModel
from common.models.search import FoldedSearchModel
from mana.community import COMMUNITY_MODEL, PROFILE_MODEL
from mana.models.querysets import AssessmentChildQuerySet, AssessmentQuerySet

#: MANA methods (DESIGN.md glossary).
METHOD_CHOICES = [
    ("desk_review", "Desk review"),
    ("survey", "Survey"),
    ("kii", "Key-informant interviews"),
    ("fgd", "Focus group discussions"),
    ("participatory_mapping", "Participatory mapping"),
    ("regional_workshop", "Regional workshops"),
]
METHOD_LABELS = dict(METHOD_CHOICES)


#: The fields a person fills in (page form and API alike); status and team history are the system's.
ASSESSMENT_INPUT_FIELDS = (
    "title", "purpose", "level", "region", "province", "municipality", "communities", "methods",
    "start_date", "end_date", "lead", "facilitators", "budget",
)  # fmt: skip


class Assessment(TimeStampedModel, SoftDeleteModel, FoldedSearchModel, VersionedModel):
    class Level(models.TextChoices):
        REGIONAL = "regional", "Regional"
        PROVINCIAL = "provincial", "Provincial"
        MUNICIPAL = "municipal", "City/municipal"
        COMMUNITY = "community", "Community"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        PREPARATION = "preparation", "Preparation"
        DATA_COLLECTION = "data_collection", "Data collection"
        ANALYSIS = "analysis", "Analysis"
        VALIDATION = "validation", "Validation"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    title = models.CharField(max_length=200)
    purpose = models.TextField(blank=True)
    level = models.CharField(max_length=12, choices=Level.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="mana_assessments")
    province = models.ForeignKey(
        Province, null=True, blank=True, on_delete=models.PROTECT, related_name="mana_assessments"
    )
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="mana_assessments"
    )
    communities = models.ManyToManyField(
        COMMUNITY_MODEL, blank=True, related_name="mana_assessments", verbose_name="communities covered"
    )
    community_profiles = models.ManyToManyField(
        PROFILE_MODEL,
        blank=True,
        related_name="mana_assessments",
        verbose_name="community profiles covered",
        help_text="The barangay OBC profiles in the communities covered (kept by mana.community).",
    )
    methods = models.JSONField(default=list, blank=True, help_text="MANA methods used (codes of METHOD_CHOICES).")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="mana_led"
    )
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="mana_facilitated")
    budget = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, help_text="PHP", validators=[MinValueValidator(0)]
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED, db_index=True)
    findings_summary = models.TextField(
        blank=True, help_text="Summary of findings (accepted from a reviewed draft; see ai_assistant.drafting)."
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["region", "status"]), models.Index(fields=["province", "status"])]

    def search_source(self) -> tuple:
        return (self.title, self.purpose)

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("mana:assessment-detail", args=[self.pk])

    @property
    def area(self):
        return self.municipality or self.province or self.region

    @property
    def area_label(self) -> str:
        parts = [p.name for p in (self.municipality, self.province, self.region) if p is not None]
        return ", ".join(parts)

    @property
    def method_labels(self) -> list[str]:
        return [METHOD_LABELS.get(m, m) for m in self.methods or []]

    @property
    def responses_locked(self) -> bool:
        """Responses are editable until the assessment is validated."""
        return self.status in (self.Status.VALIDATION, self.Status.COMPLETED, self.Status.CANCELLED)

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date is before the start date."
        bad = [m for m in self.methods or [] if m not in METHOD_LABELS]
        if bad:
            errors["methods"] = f"Unknown method(s): {', '.join(map(str, bad))}."
        if errors:
            raise ValidationError(errors)


class AssessmentTransition(models.Model):
    """One status change of an assessment: who, when, from → to, why."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=16, choices=Assessment.Status.choices)
    to_status = models.CharField(max_length=16, choices=Assessment.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    objects = AssessmentChildQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.from_status} → {self.to_status}"
