"""Policy recommendations: the record, where it applies, its readable reference, its status history,
its revisions after endorsement and the notifications its workflow sends."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from common.access import has_national_scope, permission_allows
from common.models import FoldedSearchModel, SoftDeleteModel, TimeStampedModel, VersionedModel
from coordination.models.areas import PlaceFields, user_area_q

from .choices import (
    EDITABLE_STATUSES,
    PUBLIC_STATUSES,
    RATING_CHOICES,
    Category,
    RecommendationType,
    ScopeLevel,
    Sector,
    Status,
    quadrant_of,
)

COMMUNITY_MODEL = "communities.BarangayOBC"
ORGANIZATION_MODEL = "coordination.Organization"
RATING = [MinValueValidator(1), MaxValueValidator(5)]
#: Custom permissions (granted in common.roles).
VIEW_INTERNAL = "policies.view_internal"
REVIEW = "policies.review_recommendation"
DECIDE = "policies.decide_recommendation"


def can_view_internal(user) -> bool:
    """Staff who see recommendations in preparation and the internal review comments."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(VIEW_INTERNAL))


class RecommendationQuerySet(models.QuerySet):
    """The area rule of recommendations (see docs/policies.md).

    A user sees a recommendation when one of its areas lies in the user's regions or provinces (one
    ``EXISTS`` on the area table's indexed region/province columns) or, for reading, when it is
    national in scope. Writing a national one needs a national role. Roles without
    ``policies.view_internal`` (partner viewers) see only approved recommendations, never drafts.
    """

    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def in_areas_of(self, user):
        return Exists(RecommendationArea.objects.filter(Q(recommendation=OuterRef("pk")) & user_area_q(user)))

    def for_user(self, user, action: str = "view"):
        qs = self.alive()
        if not permission_allows(user, self.model, action):
            return qs.none()
        if not can_view_internal(user):
            if action != "view":
                return qs.none()
            qs = qs.filter(status__in=PUBLIC_STATUSES)
        if has_national_scope(user):
            return qs
        condition = self.in_areas_of(user)
        if action == "view":
            condition |= Q(is_national=True)
        return qs.filter(condition)


class ReferenceCounter(models.Model):
    """The last number given in a year: ``PR-<year>-<nnnn>`` (the row is locked while numbering)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Recommendation(TimeStampedModel, SoftDeleteModel, VersionedModel, FoldedSearchModel):
    reference = models.CharField(max_length=20, unique=True, editable=False, help_text="e.g. PR-2027-0014")
    title = models.CharField(max_length=255)
    rec_type = models.CharField("type", max_length=10, choices=RecommendationType.choices, db_index=True)
    category = models.CharField(max_length=16, choices=Category.choices, db_index=True)
    sector = models.CharField(max_length=20, choices=Sector.choices, db_index=True)
    scope_level = models.CharField(max_length=12, choices=ScopeLevel.choices, default=ScopeLevel.REGIONAL)
    is_national = models.BooleanField(default=False, editable=False, help_text="Derived from the scope level.")
    communities = models.ManyToManyField(
        COMMUNITY_MODEL, blank=True, related_name="policy_recommendations", verbose_name="OBC communities targeted"
    )
    problem = models.TextField("problem statement")
    proposed_action = models.TextField()
    expected_outcomes = models.TextField(blank=True)
    brief_summary = models.TextField(
        "brief narrative", blank=True,
        help_text="The narrative of the policy brief (written or accepted from an AI-assisted draft).",
    )  # fmt: skip
    beneficiaries_count = models.PositiveIntegerField("number of beneficiaries", null=True, blank=True)
    beneficiary_groups = models.CharField(max_length=255, blank=True, help_text="e.g. women, youth, fisherfolk")
    budget_amount = models.DecimalField(
        "budget (PHP)", max_digits=16, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    funding_source = models.CharField(max_length=200, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    responsible_organizations = models.ManyToManyField(
        ORGANIZATION_MODEL, blank=True, related_name="responsible_for_recommendations"
    )
    partner_organizations = models.ManyToManyField(
        ORGANIZATION_MODEL, blank=True, related_name="partner_in_recommendations"
    )
    importance = models.PositiveSmallIntegerField(choices=RATING_CHOICES, validators=RATING, default=3)
    urgency = models.PositiveSmallIntegerField(choices=RATING_CHOICES, validators=RATING, default=3)
    priority_score = models.DecimalField(
        max_digits=6, decimal_places=2, default=0, editable=False, db_index=True,
        help_text="Derived: the highest priority score of the MANA needs it answers (0 when none).",
    )  # fmt: skip
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False)
    held_from = models.CharField(max_length=20, choices=Status.choices, blank=True, editable=False)
    content_revision = models.PositiveIntegerField(
        default=1, editable=False, help_text="The content's revision: one more for each change after endorsement."
    )
    status_changed_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("view_internal", "Can view recommendations in preparation and internal review comments"),
            ("review_recommendation", "Can return recommendations for revision or endorse them"),
            ("decide_recommendation", "Can submit recommendations to the Chief Minister, record decisions and close"),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="pol_rec_status_idx"),
            models.Index(fields=["is_national", "status"], name="pol_rec_national_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_amount__isnull=True) | Q(budget_amount__gte=0), name="pol_rec_budget_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("policies:recommendation-detail", args=[self.pk])

    def search_source(self) -> tuple:
        return (self.reference, self.title)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def quadrant(self) -> str:
        return quadrant_of(self.importance, self.urgency)


class RecommendationArea(PlaceFields):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="areas")

    class Meta:
        indexes = [
            models.Index(fields=["region", "recommendation"], name="pol_area_region_idx"),
            models.Index(fields=["province", "recommendation"], name="pol_area_province_idx"),
        ]

    def __str__(self) -> str:
        return self.place_label


class RecommendationChildQuerySet(models.QuerySet):
    """Rows of a recommendation: visible with the recommendation (its role and area rule)."""

    def for_user(self, user, action: str = "view"):
        if not permission_allows(user, Recommendation, "view"):
            return self.none()
        parent_action = "view" if action == "view" else "change"
        return self.filter(recommendation__in=Recommendation.objects.for_user(user, parent_action).values("pk"))


class RecommendationTransition(models.Model):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    comment = models.TextField(blank=True, help_text="Internal: never shown to partner viewers.")
    seconds_in_stage = models.PositiveIntegerField(
        null=True, blank=True, editable=False,
        help_text="How long the recommendation stayed in the status this step entered (set by the next step).",
    )  # fmt: skip

    objects = RecommendationChildQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["recommendation", "at"], name="pol_transition_rec_idx")]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class RecommendationRevision(models.Model):
    """A change to frozen (endorsed or later) content: what changed, from what to what, by whom, why."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(help_text="The revision this change created (the first content is 1).")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField()
    #: {field label: {"from": text, "to": text}}
    changes = models.JSONField(default=dict)

    objects = RecommendationChildQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "number"], name="pol_revision_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation.reference} revision {self.number}"


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user, action: str = "view"):
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app notice of a workflow step for one person (also e-mailed once by a task)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_notifications"
    )
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="notifications")
    transition = models.ForeignKey(
        RecommendationTransition, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="pol_notice_recipient_idx")]

    def __str__(self) -> str:
        return self.message
