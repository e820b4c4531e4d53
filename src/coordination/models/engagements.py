"""Engagements (meetings, consultations, visits), what was raised and committed, and action items."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from common.access import AreaScopedQuerySet, has_national_scope, permission_allows
from common.models import FoldedSearchModel, SoftDeleteModel, TimeStampedModel, VersionedModel
from common.validators import plausible_datetime
from mana.models.participants import Participant

from .areas import PlaceFields, user_area_q

COMMUNITY_MODEL = "communities.BarangayOBC"

#: Attendance counts: (field, label). Sex first, then sectors.
ATTENDANCE_FIELDS = (
    ("attendance_male", "Male"),
    ("attendance_female", "Female"),
    ("attendance_youth", "Youth"),
    ("attendance_women", "Women"),
    ("attendance_elders", "Elders"),
    ("attendance_religious", "Religious leaders"),
    ("attendance_pwd", "Persons with disability"),
)


class EngagementQuerySet(AreaScopedQuerySet):
    province_lookup = "province"
    region_lookup = "region"

    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        return self.filter(deleted_at__isnull=False)

    def for_user(self, user, action: str = "view"):
        return self.alive().in_scope_of(user, action)

    def in_scope_of(self, user, action: str = "view"):
        """The area and role rule without the "alive" filter (see ``MultiAreaQuerySet.in_scope_of``)."""
        if not permission_allows(user, self.model, action):
            return self.none()
        if has_national_scope(user):
            return self
        return self.filter(user_area_q(user))

    def for_counts(self, user):
        if permission_allows(user, self.model, "view"):
            return self.for_user(user, "view")
        if not (user and user.is_active and user.has_perm("coordination.view_aggregates")):
            return self.none()
        if has_national_scope(user):
            return self.alive()
        return self.alive().filter(user_area_q(user))


class Engagement(TimeStampedModel, SoftDeleteModel, VersionedModel, FoldedSearchModel, PlaceFields):
    class Kind(models.TextChoices):
        CONSULTATION = "consultation", "Consultation"
        MEETING = "meeting", "Coordination meeting"
        WORKSHOP = "workshop", "Workshop"
        FIELD_VISIT = "field_visit", "Field visit"
        COURTESY_CALL = "courtesy_call", "Courtesy call"
        CAMPAIGN = "campaign", "Information campaign"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"
        DOCUMENTED = "documented", "Documented"
        POSTPONED = "postponed", "Postponed"
        CANCELLED = "cancelled", "Cancelled"

    kind = models.CharField("type", max_length=16, choices=Kind.choices, db_index=True)
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField("starts", db_index=True, validators=[plausible_datetime])
    ends_at = models.DateTimeField("ends", null=True, blank=True, validators=[plausible_datetime])
    venue = models.CharField(max_length=255, blank=True)
    communities = models.ManyToManyField(COMMUNITY_MODEL, blank=True, related_name="engagements")
    organizations = models.ManyToManyField("coordination.Organization", blank=True, related_name="engagements")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="led_engagements",
        verbose_name="OOBC lead",
    )  # fmt: skip
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="engagements", verbose_name="other OOBC staff"
    )
    attendance_male = models.PositiveIntegerField(default=0)
    attendance_female = models.PositiveIntegerField(default=0)
    attendance_youth = models.PositiveIntegerField(default=0)
    attendance_women = models.PositiveIntegerField(default=0)
    attendance_elders = models.PositiveIntegerField(default=0)
    attendance_religious = models.PositiveIntegerField(default=0)
    attendance_pwd = models.PositiveIntegerField(default=0)
    agenda = models.TextField(blank=True)
    minutes = models.TextField(blank=True)
    outcomes = models.TextField(blank=True)
    assessment = models.ForeignKey(
        "mana.Assessment", null=True, blank=True, on_delete=models.SET_NULL, related_name="engagements",
        verbose_name="MANA assessment",
    )  # fmt: skip
    partnership = models.ForeignKey(
        "coordination.Partnership", null=True, blank=True, on_delete=models.SET_NULL, related_name="engagements"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED, editable=False)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["region", "starts_at"], name="coord_eng_region_start_idx"),
            models.Index(fields=["province", "starts_at"], name="coord_eng_prov_start_idx"),
            models.Index(fields=["status", "starts_at"], name="coord_eng_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("coordination:engagement-detail", args=[self.pk])

    def search_source(self) -> tuple:
        return (self.title, self.venue)

    @property
    def attendance_total(self) -> int:
        return self.attendance_male + self.attendance_female


class EngagementTransition(models.Model):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=Engagement.Status.choices)
    to_status = models.CharField(max_length=10, choices=Engagement.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)
    previous_starts_at = models.DateTimeField(null=True, blank=True, help_text="The date before a postponement.")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class EngagementChildQuerySet(AreaScopedQuerySet):
    province_lookup = "engagement__province"
    region_lookup = "engagement__region"

    def for_user(self, user, action: str = "view"):
        return super().for_user(user, action).filter(engagement__deleted_at__isnull=True)


class Feedback(TimeStampedModel, VersionedModel):
    """What participants raised. Who raised it is an organization or community; a person's name is
    personal data, shown only to roles with personal-data access."""

    class Sentiment(models.TextChoices):
        POSITIVE = "positive", "Positive"
        NEUTRAL = "neutral", "Neutral"
        CONCERN = "concern", "Concern"
        NEGATIVE = "negative", "Negative"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="feedback")
    topic = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    sector = models.CharField(max_length=12, choices=Participant.Sector.choices, blank=True)
    sentiment = models.CharField(max_length=10, choices=Sentiment.choices, default=Sentiment.NEUTRAL)
    raised_by_organization = models.ForeignKey(
        "coordination.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_by_community = models.ForeignKey(
        COMMUNITY_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_by_person = models.CharField(
        "raised by (person)", max_length=150, blank=True, help_text="Personal data: only if the person agreed."
    )

    objects = EngagementChildQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "feedback"

    def __str__(self) -> str:
        return self.topic


class Commitment(TimeStampedModel, VersionedModel):
    """What OOBC or a partner committed to in an engagement."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="commitments")
    description = models.TextField()
    organization = models.ForeignKey(
        "coordination.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="commitments",
        help_text="The partner that committed; empty when OOBC committed.",
    )  # fmt: skip
    due_date = models.DateField(null=True, blank=True)

    objects = EngagementChildQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def committed_by(self) -> str:
        return self.organization.short_name if self.organization_id else "OOBC"


class ActionItemQuerySet(AreaScopedQuerySet):
    province_lookup = "province"
    region_lookup = "region"

    def for_user(self, user, action: str = "view"):
        """Action items in the user's areas, and always the user's own ones (given the role)."""
        if not permission_allows(user, self.model, action):
            return self.none()
        if has_national_scope(user):
            return self.all()
        return self.filter(user_area_q(user) | Q(owner=user))

    def open(self):
        return self.filter(status__in=(ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS))


class ActionItem(TimeStampedModel, VersionedModel, FoldedSearchModel, PlaceFields):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    engagement = models.ForeignKey(
        Engagement, null=True, blank=True, on_delete=models.CASCADE, related_name="action_items"
    )
    commitment = models.ForeignKey(
        Commitment, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    title = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="action_items")
    due_date = models.DateField(db_index=True)
    responsible_organization = models.ForeignKey(
        "coordination.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items",
        help_text="When it is a partner's commitment: the organization that must act.",
    )  # fmt: skip
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN, editable=False)
    drop_reason = models.TextField(blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["owner", "status", "due_date"], name="coord_action_owner_idx"),
            models.Index(fields=["region", "due_date"], name="coord_action_region_idx"),
            models.Index(fields=["province", "due_date"], name="coord_action_prov_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("coordination:action-detail", args=[self.pk])

    def search_source(self) -> tuple:
        return (self.title,)

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.IN_PROGRESS)

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()


class ActionItemTransition(models.Model):
    action_item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=ActionItem.Status.choices)
    to_status = models.CharField(max_length=12, choices=ActionItem.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
