"""Survey/workshop instruments, versioned.

An instrument has versions. Only a *draft* version can be edited; publishing freezes it. Responses
always point at the published version they answered, so editing an instrument after responses
exist means creating a new draft (a copy of the latest version) — the old version, and what its
responses meant, never change.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from common.models.base import SoftDeleteModel, TimeStampedModel, VersionedModel
from common.validators import plausible_datetime
from mana.community import COMMUNITY_MODEL
from mana.models.assessments import Assessment
from mana.models.querysets import AssessmentChildQuerySet, InstrumentVersionQuerySet, ManaQuerySet


class Instrument(TimeStampedModel, SoftDeleteModel):
    class Kind(models.TextChoices):
        SURVEY = "survey", "Survey"
        WORKSHOP = "workshop", "Workshop"
        KII = "kii", "Key-informant interview"
        FGD = "fgd", "Focus group discussion"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="instruments")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SURVEY)
    description = models.TextField(blank=True)

    objects = AssessmentChildQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("mana:instrument-detail", args=[self.pk])


class InstrumentVersion(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = InstrumentVersionQuerySet.as_manager()

    class Meta:
        ordering = ["instrument", "number"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="mana_version_number_unique"),
            models.UniqueConstraint(
                fields=["instrument"], condition=models.Q(status="draft"), name="mana_one_draft_per_instrument"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class VersionChildQuerySet(ManaQuerySet):
    province_lookup = "version__instrument__assessment__province"
    region_lookup = "version__instrument__assessment__region"
    assessment_path = "version__instrument__assessment"


class Section(models.Model):
    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    objects = VersionChildQuerySet.as_manager()

    class Meta:
        ordering = ["version", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(VersionedModel):
    class Type(models.TextChoices):
        SHORT_TEXT = "short_text", "Short text"
        LONG_TEXT = "long_text", "Long text"
        NUMBER = "number", "Number"
        SINGLE_CHOICE = "single_choice", "Single choice"
        MULTIPLE_CHOICE = "multiple_choice", "Multiple choice"
        RATING = "rating", "Rating scale"
        DATE = "date", "Date"
        YES_NO = "yes_no", "Yes / no"

    CHOICE_TYPES = (Type.SINGLE_CHOICE, Type.MULTIPLE_CHOICE)
    TEXT_TYPES = (Type.SHORT_TEXT, Type.LONG_TEXT)
    NUMERIC_TYPES = (Type.NUMBER, Type.RATING)

    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions")
    order = models.PositiveIntegerField(default=0)
    text = models.CharField(max_length=500)
    help_text = models.CharField(max_length=500, blank=True)
    qtype = models.CharField("type", max_length=16, choices=Type.choices)
    required = models.BooleanField(default=False)
    scale_min = models.PositiveSmallIntegerField(default=1, help_text="Rating scale: lowest value.")
    scale_max = models.PositiveSmallIntegerField(default=5, help_text="Rating scale: highest value.")
    min_value = models.FloatField(null=True, blank=True, help_text="Number: smallest accepted value.")
    max_value = models.FloatField(null=True, blank=True, help_text="Number: largest accepted value.")

    objects = VersionChildQuerySet.as_manager()

    class Meta:
        ordering = ["version", "section__order", "order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"

    @property
    def has_choices(self) -> bool:
        return self.qtype in self.CHOICE_TYPES

    @property
    def scale_values(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    label = models.CharField(max_length=200)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["question", "order", "pk"]

    def __str__(self) -> str:
        return self.label


class Session(TimeStampedModel):
    """A workshop, survey round, interview or focus group run with one instrument version.
    Facilitators open it to collect responses and close it when done."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="sessions")
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="sessions")
    title = models.CharField(max_length=200)
    venue = models.CharField(max_length=200, blank=True)
    community = models.ForeignKey(COMMUNITY_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    scheduled_at = models.DateTimeField(null=True, blank=True, validators=[plausible_datetime])
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PLANNED)
    opened_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AssessmentChildQuerySet.as_manager()

    class Meta:
        ordering = ["-scheduled_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
