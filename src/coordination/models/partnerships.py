"""Partnerships and agreements: parties, signatories, milestones, documents and the status history."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from common.models import FoldedSearchModel, SoftDeleteModel, TimeStampedModel, VersionedModel
from common.uploads import StoredDocument

from .areas import MultiAreaQuerySet, PlaceFields

COMMUNITY_MODEL = "communities.BarangayOBC"


class PartnershipQuerySet(MultiAreaQuerySet):
    area_model = "PartnershipArea"
    area_fk = "partnership"


class Partnership(TimeStampedModel, SoftDeleteModel, VersionedModel, FoldedSearchModel):
    class Kind(models.TextChoices):
        MOA = "moa", "Memorandum of agreement (MOA)"
        MOU = "mou", "Memorandum of understanding (MOU)"
        JOINT_CIRCULAR = "joint_circular", "Joint circular"
        LOI = "loi", "Letter of intent"
        DATA_SHARING = "data_sharing", "Data-sharing agreement"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        NEGOTIATION = "negotiation", "Negotiation"
        FOR_SIGNATURE = "for_signature", "For signature"
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"
        EXPIRED = "expired", "Expired"
        TERMINATED = "terminated", "Terminated"

    kind = models.CharField("type", max_length=16, choices=Kind.choices, db_index=True)
    reference_no = models.CharField("reference no.", max_length=60, blank=True)
    title = models.CharField(max_length=255)
    purpose = models.TextField(blank=True)
    is_nationwide = models.BooleanField("covers every OOBC area", default=False)
    communities = models.ManyToManyField(COMMUNITY_MODEL, blank=True, related_name="partnerships")
    effective_date = models.DateField(null=True, blank=True)
    expiry_date = models.DateField(null=True, blank=True, db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_partnerships",
        verbose_name="OOBC focal staff", help_text="Receives expiry and milestone alerts.",
    )  # fmt: skip
    predecessor = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="successor", editable=False,
        help_text="The agreement this one renews.",
    )  # fmt: skip
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.DRAFT, editable=False)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_date", "title"]
        indexes = [models.Index(fields=["status", "expiry_date"], name="coord_partner_status_exp_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("coordination:partnership-detail", args=[self.pk])

    def search_source(self) -> tuple:
        return (self.title, self.reference_no)


class PartnershipArea(PlaceFields):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="areas")

    class Meta:
        indexes = [
            models.Index(fields=["region", "partnership"], name="coord_parea_region_idx"),
            models.Index(fields=["province", "partnership"], name="coord_parea_province_idx"),
        ]

    def __str__(self) -> str:
        return self.place_label


class PartnershipChildQuerySet(models.QuerySet):
    def for_user(self, user, action: str = "view"):
        parent_action = "view" if action == "view" else "change"
        visible = Partnership.objects.for_user(user, parent_action).values("pk")
        from common.access import permission_allows

        if not permission_allows(user, self.model, action):
            return self.none()
        return self.filter(partnership__in=visible)


class PartnershipParty(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "Lead party"
        PARTNER = "partner", "Partner"
        IMPLEMENTING = "implementing", "Implementing partner"
        FUNDING = "funding", "Funding partner"
        TECHNICAL = "technical", "Technical partner"
        WITNESS = "witness", "Witness"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="parties")
    organization = models.ForeignKey(
        "coordination.Organization", on_delete=models.PROTECT, related_name="partnership_roles"
    )
    role = models.CharField(max_length=14, choices=Role.choices, default=Role.PARTNER)

    objects = PartnershipChildQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "organization"], name="coord_party_unique"),
        ]
        indexes = [models.Index(fields=["organization", "partnership"], name="coord_party_org_idx")]
        verbose_name_plural = "partnership parties"

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


class Signatory(VersionedModel):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="signatories")
    name = models.CharField(max_length=150)
    position = models.CharField(max_length=150, blank=True)
    organization = models.ForeignKey("coordination.Organization", on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField(null=True, blank=True)

    objects = PartnershipChildQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "signatories"

    def __str__(self) -> str:
        return f"{self.name}, {self.organization.short_name}"


class Milestone(TimeStampedModel, VersionedModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField("milestone or deliverable", max_length=200)
    due_date = models.DateField(db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="milestones"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    completed_on = models.DateField(null=True, blank=True)

    objects = PartnershipChildQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.IN_PROGRESS) and self.due_date < timezone.localdate()


def _document_path(instance, filename: str) -> str:
    """Stored under a random name, outside any public URL (served by an access-checked view)."""
    suffix = PurePath(filename).suffix.lower()
    return f"private/coordination/partnerships/{instance.partnership_id}/{uuid.uuid4().hex}{suffix}"


class PartnershipDocument(StoredDocument):
    class Kind(models.TextChoices):
        SIGNED = "signed", "Signed agreement"
        ANNEX = "annex", "Annex"
        DRAFT = "draft", "Draft"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("type", max_length=8, choices=Kind.choices, default=Kind.SIGNED)
    file = models.FileField(upload_to=_document_path, max_length=255)

    objects = PartnershipChildQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at"]

    def get_absolute_url(self) -> str:
        return reverse("coordination:document-download", args=[self.pk])


class PartnershipTransition(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=14, choices=Partnership.Status.choices)
    to_status = models.CharField(max_length=14, choices=Partnership.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class Alert(models.Model):
    """An alert raised by the daily check for one recipient: shown on the start page, e-mailed once."""

    class Kind(models.TextChoices):
        EXPIRES_60 = "expires_60", "Agreement expires within 60 days"
        EXPIRES_30 = "expires_30", "Agreement expires within 30 days"
        MILESTONE_OVERDUE = "milestone_overdue", "Milestone past due"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="alerts")
    milestone = models.ForeignKey(Milestone, null=True, blank=True, on_delete=models.CASCADE, related_name="alerts")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordination_alerts"
    )
    message = models.CharField(max_length=300)
    raised_on = models.DateField()
    emailed_at = models.DateTimeField(null=True, blank=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "partnership", "recipient"], condition=models.Q(milestone__isnull=True),
                name="coord_alert_once",
            ),
            models.UniqueConstraint(
                fields=["kind", "milestone", "recipient"], condition=models.Q(milestone__isnull=False),
                name="coord_alert_milestone_once",
            ),
        ]  # fmt: skip
        indexes = [models.Index(fields=["recipient", "dismissed_at"], name="coord_alert_recipient_idx")]

    def __str__(self) -> str:
        return self.message


class CalendarFeedToken(models.Model):
    """The secret of a user's private iCalendar feed; regenerating it revokes the old URL."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
