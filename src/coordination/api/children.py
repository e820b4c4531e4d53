"""API of the records inside organizations, partnerships and engagements: contacts (personal data),
milestones (with their status steps), signatories, documents (uploaded with the shared type/size
check and downloaded only through an access-checked action), feedback and commitments.

Same rules as the pages: roles per HTTP method, ``for_user`` querysets, related ids limited to the
caller's areas, writes through the services; editable rows answer an ETag and PUT/PATCH need
``If-Match`` (``common.appkit.api``)."""

from __future__ import annotations

import base64
import binascii

import django_filters
from django.core.files.uploadedfile import SimpleUploadedFile
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from common import personal_data
from common.api.fields import StrictCharField
from common.appkit.api import ScopedViewSetMixin
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


# --- Viewsets ----------------------------------------------------------------------------------


class ContactPermission(permissions.BasePermission):
    message = "Your role cannot see personal data."

    def has_permission(self, request, view):
        return personal_data.can_view(request.user, Contact)


def _without(data: dict, *names) -> dict:
    return {k: v for k, v in data.items() if k not in names}


class ContactViewSet(personal_data.PersonalDataAPIMixin, ScopedViewSetMixin, viewsets.ModelViewSet):
    """Focal persons and contacts of organizations (personal data: personal-data roles only; reads are logged)."""

    permission_classes = [*ScopedViewSetMixin.permission_classes, ContactPermission]
    permission_model = Contact
    personal_data_model = Contact
    serializer_class = ContactSerializer
    filterset_class = ContactFilterSet

    def get_queryset(self):
        return self.scoped(Contact.objects).select_related("organization").order_by("organization_id", "pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.create_contact(
            user=self.request.user, organization=data["organization"], **_without(data, "organization")
        )

    def perform_update(self, serializer):
        contact = services.update_contact(
            user=self.request.user, contact=serializer.instance, expected_revision=self.expected_revision(),
            **_without(serializer.validated_data, "organization"),
        )  # fmt: skip
        self.versioned_result(serializer, contact)

    def perform_destroy(self, instance):
        services.delete_contact(user=self.request.user, contact=instance)


class MilestoneViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       mixins.UpdateModelMixin, viewsets.GenericViewSet):  # fmt: skip
    """Milestones and deliverables of agreements. Status steps are ``POST <id>/transition/``."""

    permission_model = Milestone
    serializer_class = PartnershipMilestoneSerializer
    filterset_class = MilestoneFilterSet
    action_overrides = {"transition": "change"}

    def get_queryset(self):
        return self.scoped(Milestone.objects).select_related("partnership").order_by("due_date", "pk")

    def get_serializer_class(self):
        return (
            PartnershipMilestoneTransitionSerializer if self.action == "transition" else PartnershipMilestoneSerializer
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.add_milestone(
            user=self.request.user, partnership=data["partnership"], **_without(data, "partnership")
        )

    def perform_update(self, serializer):
        milestone = services.update_milestone(
            user=self.request.user, milestone=serializer.instance, expected_revision=self.expected_revision(),
            **_without(serializer.validated_data, "partnership"),
        )  # fmt: skip
        self.versioned_result(serializer, milestone)

    @extend_schema(request=PartnershipMilestoneTransitionSerializer, responses=PartnershipMilestoneSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        milestone = self.get_object()
        serializer = PartnershipMilestoneTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        saved = services.transition_milestone(user=request.user, milestone=milestone, **serializer.validated_data)
        self._etag_instance = saved
        return Response(PartnershipMilestoneSerializer(saved, context=self.get_serializer_context()).data)


class DocumentViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      viewsets.GenericViewSet):  # fmt: skip
    """Agreement documents: uploaded (multipart) with the shared type/size check, downloaded only
    through ``<id>/download/`` after the role and area checks (never a media URL)."""

    permission_model = PartnershipDocument
    filterset_class = DocumentFilterSet
    action_overrides = {"download": "view"}

    def get_serializer_class(self):
        return DocumentUploadSerializer if self.action == "create" else DocumentSerializer

    def get_queryset(self):
        return self.scoped(PartnershipDocument.objects).select_related("partnership").order_by("-uploaded_at", "-pk")

    @extend_schema(request=DocumentUploadSerializer, responses={201: DocumentSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = services.upload_document(user=request.user, **serializer.validated_data)
        return Response(DocumentSerializer(document, context=self.get_serializer_context()).data, status=201)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        document = self.get_object()
        return document.download_response()


class FeedbackViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      mixins.UpdateModelMixin, viewsets.GenericViewSet):  # fmt: skip
    """What participants raised in engagements (a person's name only for personal-data roles)."""

    permission_model = Feedback
    serializer_class = FeedbackSerializer
    filterset_class = FeedbackFilterSet

    def get_queryset(self):
        return self.scoped(Feedback.objects).select_related("engagement").order_by("engagement_id", "pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.add_feedback(
            user=self.request.user, engagement=data["engagement"], **_without(data, "engagement")
        )

    def perform_update(self, serializer):
        feedback = services.update_feedback(
            user=self.request.user, feedback=serializer.instance, expected_revision=self.expected_revision(),
            **_without(serializer.validated_data, "engagement"),
        )  # fmt: skip
        self.versioned_result(serializer, feedback)


class SignatoryViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       mixins.UpdateModelMixin, viewsets.GenericViewSet):  # fmt: skip
    """Signatories of agreements (person, organization, date signed), as on the partnership page."""

    permission_model = Signatory
    serializer_class = SignatorySerializer
    filterset_class = SignatoryFilterSet

    def get_queryset(self):
        return (
            self.scoped(Signatory.objects)
            .select_related("partnership", "organization")
            .order_by("partnership_id", "pk")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.add_signatory(
            user=self.request.user, partnership=data["partnership"], **_without(data, "partnership")
        )

    def perform_update(self, serializer):
        signatory = services.update_signatory(
            user=self.request.user, signatory=serializer.instance, expected_revision=self.expected_revision(),
            **_without(serializer.validated_data, "partnership"),
        )  # fmt: skip
        self.versioned_result(serializer, signatory)


class CommitmentViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        mixins.UpdateModelMixin, viewsets.GenericViewSet):  # fmt: skip
    """Commitments made in engagements, by OOBC or a partner organization."""

    permission_model = Commitment
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilterSet

    def get_queryset(self):
        return (
            self.scoped(Commitment.objects).select_related("engagement", "organization").order_by("engagement_id", "pk")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.add_commitment(
            user=self.request.user, engagement=data["engagement"], **_without(data, "engagement")
        )

    def perform_update(self, serializer):
        commitment = services.update_commitment(
            user=self.request.user, commitment=serializer.instance, expected_revision=self.expected_revision(),
            **_without(serializer.validated_data, "engagement"),
        )  # fmt: skip
        self.versioned_result(serializer, commitment)


__all__ = [
    "CommitmentViewSet",
    "ContactViewSet",
    "DocumentViewSet",
    "FeedbackViewSet",
    "MilestoneViewSet",
    "SignatoryViewSet",
]
