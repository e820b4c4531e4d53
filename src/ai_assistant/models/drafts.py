"""Drafts awaiting review: text or proposed action items written for a record (a policy
recommendation, a MANA assessment, an engagement) that reach the record only when their user
accepts them. A draft belongs to one user; it is shown to that user only while they can open its
record."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse


class DraftKind(models.TextChoices):
    BRIEF_NARRATIVE = "brief_narrative", "Policy brief narrative"
    FINDINGS_SUMMARY = "findings_summary", "MANA summary of findings"
    ACTION_ITEMS = "action_items", "Action items from the minutes"


class DraftStatus(models.TextChoices):
    PENDING = "pending", "Awaiting review"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class DraftProvider(models.TextChoices):
    OFFLINE = "offline", "Offline (built from the record's own data)"
    GEMINI = "gemini", "Gemini"


class ItemStatus(models.TextChoices):
    PENDING = "pending", "Awaiting review"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class DraftQuerySet(models.QuerySet):
    def for_user(self, user, action: str = "view"):
        """The user's own drafts whose record the user can still open (the record's ``for_user``)."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        from ai_assistant.drafting.targets import TARGETS

        visible = models.Q(pk__in=[])
        for spec in TARGETS.values():
            visible |= models.Q(kind=spec.kind, object_id__in=spec.model.objects.for_user(user, "view").values("pk"))
        return self.filter(user=user).filter(visible)


class Draft(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ai_drafts")
    kind = models.CharField(max_length=20, choices=DraftKind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    status = models.CharField(max_length=10, choices=DraftStatus.choices, default=DraftStatus.PENDING)
    provider = models.CharField(max_length=10, choices=DraftProvider.choices, default=DraftProvider.OFFLINE)
    model = models.CharField(max_length=100, blank=True, help_text="The online model that wrote it, if any.")
    text = models.TextField(blank=True)
    #: Action items: [{"title", "owner", "owner_label", "organization", "due_date", "source", "status",
    #: "action_item"}], decided one by one.
    items = models.JSONField(default=list, blank=True)
    #: Why the online text was not used (no provider, quota, failure) — shown with an offline draft.
    note = models.CharField(max_length=300, blank=True)
    job = models.ForeignKey("common.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    ready = models.BooleanField(default=False, help_text="False while a background job is still writing it.")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = DraftQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="ai_draft_user_idx"),
            models.Index(fields=["content_type", "object_id"], name="ai_draft_target_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("ai-drafts:draft-detail", args=[self.pk])

    @property
    def is_online(self) -> bool:
        return self.provider != DraftProvider.OFFLINE

    @property
    def is_pending(self) -> bool:
        return self.status == DraftStatus.PENDING
