"""Serializers and filters of the records inside organizations, partnerships and engagements (the
viewsets are in ``children.py``): contacts, milestones, documents, feedback, signatories and commitments.
Related ids come only from the caller's ``for_user`` rows (``ScopedPrimaryKeyField``, ``StaffUserField``)."""

from __future__ import annotations

import base64
import binascii

import django_filters
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework import serializers

from common import personal_data
from common.api.fields import StrictCharField
from common.filters import IdFilter
from communities.models import BarangayOBC
from coordination import services
from coordination.models import (
    Commitment,
    Contact,
    Engagement,
    Feedback,
    Milestone,
    Organization,
    Partnership,
    PartnershipDocument,
    Signatory,
)

from .serializers import ScopedPrimaryKeyField, StaffUserField

# --- Serializers -------------------------------------------------------------------------------


class ContactSerializer(serializers.ModelSerializer):
    organization = ScopedPrimaryKeyField(Organization)

    class Meta:
        model = Contact
        fields = ["id", "organization", "name", "position", "phone", "email", "preferred_channel",
                  "is_focal_person", "consent_given", "notes", "revision", "updated_at"]  # fmt: skip
        read_only_fields = ["revision", "updated_at"]


class PartnershipMilestoneSerializer(serializers.ModelSerializer):
    partnership = ScopedPrimaryKeyField(Partnership)
    owner = StaffUserField(required=False, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Milestone
        fields = ["id", "partnership", "title", "due_date", "owner", "status", "completed_on", "is_overdue",
                  "revision", "updated_at"]  # fmt: skip
        read_only_fields = ["status", "completed_on", "revision", "updated_at"]


class PartnershipMilestoneTransitionSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=Milestone.Status.choices)


class DocumentSerializer(serializers.ModelSerializer):
    partnership = serializers.PrimaryKeyRelatedField(read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = PartnershipDocument
        fields = ["id", "partnership", "kind", "original_name", "content_type", "size", "uploaded_by",
                  "uploaded_at", "download_url"]  # fmt: skip
        read_only_fields = fields

    def get_download_url(self, obj) -> str:
        from django.urls import reverse

        return reverse("coordination-api:document-download", args=[obj.pk])


class DocumentUploadSerializer(serializers.Serializer):
    """A document sent in JSON: its file name and its bytes in base64 (the API takes only JSON)."""

    partnership = ScopedPrimaryKeyField(Partnership)
    kind = serializers.ChoiceField(choices=PartnershipDocument.Kind.choices, default=PartnershipDocument.Kind.SIGNED)
    name = serializers.CharField(max_length=255, help_text="The file name, e.g. Signed MOA.pdf.")
    content_base64 = serializers.CharField(
        help_text="The file's bytes, base64-encoded (PDF, Word .docx, Excel .xlsx, JPEG or PNG; 20 MB at most).",
        trim_whitespace=True,
    )

    def validate(self, data):
        limit = services.partnerships.max_document_bytes()
        text = data.pop("content_base64")
        if len(text) > (limit + 2) // 3 * 4 + 4:
            raise serializers.ValidationError({"content_base64": f"The file is larger than {limit // 1048576} MB."})
        try:
            content = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise serializers.ValidationError({"content_base64": "This is not base64 text."}) from None
        data["upload"] = SimpleUploadedFile(data.pop("name"), content)
        return data


class FeedbackSerializer(serializers.ModelSerializer):
    engagement = ScopedPrimaryKeyField(Engagement)
    raised_by_organization = ScopedPrimaryKeyField(Organization, required=False, allow_null=True)
    raised_by_community = ScopedPrimaryKeyField(BarangayOBC, required=False, allow_null=True)

    class Meta:
        model = Feedback
        fields = ["id", "engagement", "topic", "details", "sector", "sentiment", "raised_by_organization",
                  "raised_by_community", "raised_by_person", "revision", "updated_at"]  # fmt: skip
        read_only_fields = ["revision", "updated_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if not personal_data.can_view(getattr(request, "user", None), Feedback):
            data.pop("raised_by_person", None)  # a person's name: personal-data roles only
        return data


class SignatorySerializer(serializers.ModelSerializer):
    """Who signed an agreement for which party (the organization must be a party to it)."""

    partnership = ScopedPrimaryKeyField(Partnership)
    organization = ScopedPrimaryKeyField(Organization)
    name = StrictCharField(max_length=150)
    position = StrictCharField(max_length=150, required=False, allow_blank=True, default="")

    class Meta:
        model = Signatory
        fields = ["id", "partnership", "name", "position", "organization", "signed_on", "revision"]
        read_only_fields = ["revision"]


class CommitmentSerializer(serializers.ModelSerializer):
    """What OOBC (no organization) or a partner (``organization``) committed to in an engagement."""

    engagement = ScopedPrimaryKeyField(Engagement)
    organization = ScopedPrimaryKeyField(Organization, required=False, allow_null=True)
    description = StrictCharField()
    committed_by = serializers.CharField(read_only=True)

    class Meta:
        model = Commitment
        fields = ["id", "engagement", "description", "organization", "committed_by", "due_date", "revision",
                  "updated_at"]  # fmt: skip
        read_only_fields = ["revision", "updated_at"]


# --- Filters -----------------------------------------------------------------------------------


class ContactFilterSet(django_filters.FilterSet):
    organization = IdFilter(field_name="organization_id", label="Organization id")

    class Meta:
        model = Contact
        fields = ["organization"]


class PartnershipChildFilterSet(django_filters.FilterSet):
    partnership = IdFilter(field_name="partnership_id", label="Partnership id")


class MilestoneFilterSet(PartnershipChildFilterSet):
    class Meta:
        model = Milestone
        fields = ["partnership"]


class DocumentFilterSet(PartnershipChildFilterSet):
    class Meta:
        model = PartnershipDocument
        fields = ["partnership"]


class SignatoryFilterSet(PartnershipChildFilterSet):
    class Meta:
        model = Signatory
        fields = ["partnership"]


class EngagementChildFilterSet(django_filters.FilterSet):
    engagement = IdFilter(field_name="engagement_id", label="Engagement id")


class FeedbackFilterSet(EngagementChildFilterSet):
    class Meta:
        model = Feedback
        fields = ["engagement"]


class CommitmentFilterSet(EngagementChildFilterSet):
    class Meta:
        model = Commitment
        fields = ["engagement"]
