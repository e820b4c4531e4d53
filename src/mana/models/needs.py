"""Needs register, priority weights and votes.

Priority score (documented in docs/mana.md) — ONE formula, weights per category:

    score = 100 × (w_s·S + w_u·U + w_f·F + w_p·P) / (5 × (w_s + w_u + w_f + w_p))

S = severity, U = urgency, F = feasibility (1–5 each), P = population band (1–5, from the
affected population, see ``population_band``). Scores run 0–100 (20 when everything is 1).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from common.models import Province, Region
from common.models.base import SoftDeleteModel, TimeStampedModel, VersionedModel
from common.models.search import FoldedSearchModel
from mana.community import COMMUNITY_MODEL, PROFILE_MODEL
from mana.models.assessments import Assessment
from mana.models.querysets import ManaQuerySet, NeedQuerySet
from mana.models.responses import Response


class NeedCategory(models.TextChoices):
    EDUCATION = "education", "Education"
    LIVELIHOOD = "livelihood", "Livelihood and economy"
    HEALTH = "health", "Health"
    WASH = "wash", "Water and sanitation"
    INFRASTRUCTURE = "infrastructure", "Infrastructure"
    SOCIAL_PROTECTION = "social_protection", "Social protection"
    CULTURE = "culture", "Culture and religion"
    GOVERNANCE = "governance", "Governance and peace"
    ENVIRONMENT = "environment", "Environment and disaster risk"


RATING = [MinValueValidator(1), MaxValueValidator(5)]
RATING_CHOICES = [(i, str(i)) for i in range(1, 6)]


class PriorityWeights(TimeStampedModel):
    """Weights of the priority formula for one category; categories without a row use
    ``DEFAULT_WEIGHTS``. Saving through ``services.set_priority_weights`` rescores the category."""

    DEFAULT_WEIGHTS = {"severity": 3, "urgency": 3, "feasibility": 2, "population": 2}

    category = models.CharField(max_length=20, choices=NeedCategory.choices, unique=True)
    severity = models.DecimalField(max_digits=5, decimal_places=2, default=3, validators=[MinValueValidator(0)])
    urgency = models.DecimalField(max_digits=5, decimal_places=2, default=3, validators=[MinValueValidator(0)])
    feasibility = models.DecimalField(max_digits=5, decimal_places=2, default=2, validators=[MinValueValidator(0)])
    population = models.DecimalField(max_digits=5, decimal_places=2, default=2, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name_plural = "priority weights"
        ordering = ["category"]

    def __str__(self) -> str:
        return f"Weights: {self.get_category_display()}"

    def as_dict(self) -> dict[str, Decimal]:
        return {k: Decimal(getattr(self, k)) for k in self.DEFAULT_WEIGHTS}


#: The fields a person fills in for a need (page form and API alike).
NEED_INPUT_FIELDS = (
    "category", "title", "description", "affected_communities", "affected_population", "evidence_responses",
    "evidence_sources", "severity", "urgency", "feasibility", "cost_estimate",
)  # fmt: skip


class Need(TimeStampedModel, SoftDeleteModel, FoldedSearchModel, VersionedModel):
    class Status(models.TextChoices):
        IDENTIFIED = "identified", "Identified"
        VALIDATED = "validated", "Validated"
        PRIORITISED = "prioritised", "Prioritised"
        FORWARDED = "forwarded", "Forwarded"
        ADDRESSED = "addressed", "Addressed"
        REJECTED = "rejected", "Rejected"

    assessment = models.ForeignKey(Assessment, null=True, blank=True, on_delete=models.PROTECT, related_name="needs")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="mana_needs", editable=False)
    province = models.ForeignKey(
        Province, null=True, blank=True, on_delete=models.PROTECT, related_name="mana_needs", editable=False
    )
    category = models.CharField(max_length=20, choices=NeedCategory.choices, db_index=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    affected_communities = models.ManyToManyField(COMMUNITY_MODEL, blank=True, related_name="mana_needs")
    affected_profiles = models.ManyToManyField(
        PROFILE_MODEL,
        blank=True,
        related_name="mana_needs",
        editable=False,
        help_text="The barangay OBC profiles in the affected communities (kept by mana.community).",
    )
    affected_population = models.PositiveIntegerField(null=True, blank=True)
    evidence_responses = models.ManyToManyField(Response, blank=True, related_name="evidence_for")
    evidence_sources = models.TextField(blank=True, help_text="Documents, reports or data the need rests on.")
    severity = models.PositiveSmallIntegerField(choices=RATING_CHOICES, validators=RATING)
    urgency = models.PositiveSmallIntegerField(choices=RATING_CHOICES, validators=RATING)
    feasibility = models.PositiveSmallIntegerField(choices=RATING_CHOICES, validators=RATING)
    cost_estimate = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, help_text="PHP", validators=[MinValueValidator(0)]
    )
    priority_score = models.DecimalField(max_digits=6, decimal_places=2, default=0, db_index=True, editable=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IDENTIFIED, db_index=True)
    forwarded_to = models.CharField(
        max_length=200, blank=True, help_text="As typed (needs forwarded before organizations were linked keep it)."
    )
    forwarded_to_organization = models.ForeignKey(
        "coordination.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="forwarded_needs",
        editable=False, help_text="The organization the need was forwarded to.",
    )  # fmt: skip
    forwarded_at = models.DateTimeField(null=True, blank=True)
    agency_response = models.TextField(blank=True)
    vote_count = models.PositiveIntegerField(default=0, editable=False)

    objects = NeedQuerySet.as_manager()

    class Meta:
        ordering = ["-priority_score", "-vote_count", "pk"]
        indexes = [models.Index(fields=["assessment", "-priority_score"]), models.Index(fields=["region", "status"])]

    def search_source(self) -> tuple:
        return (self.title, self.description)

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("mana:need-detail", args=[self.pk])


class NeedTransitionQuerySet(ManaQuerySet):
    province_lookup = "need__province"
    region_lookup = "need__region"
    assessment_path = None


class NeedTransition(models.Model):
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=Need.Status.choices)
    to_status = models.CharField(max_length=12, choices=Need.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    objects = NeedTransitionQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.need}: {self.from_status} → {self.to_status}"


class NeedVote(models.Model):
    """One vote per person per need: an officer (``voter``) or a participant (``participant``),
    recorded by ``recorded_by``. Enforced by database constraints and by ``services.cast_vote``."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="mana_votes"
    )
    participant = models.ForeignKey(
        "mana.Participant", null=True, blank=True, on_delete=models.CASCADE, related_name="votes"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["need", "voter"], condition=models.Q(voter__isnull=False), name="mana_one_vote_per_user"
            ),
            models.UniqueConstraint(
                fields=["need", "participant"],
                condition=models.Q(participant__isnull=False),
                name="mana_one_vote_per_participant",
            ),
            models.CheckConstraint(
                condition=models.Q(voter__isnull=False, participant__isnull=True)
                | models.Q(voter__isnull=True, participant__isnull=False),
                name="mana_vote_has_one_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Vote on {self.need_id}"
