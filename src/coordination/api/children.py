"""API of the records inside organizations, partnerships and engagements: contacts (personal data),
milestones (with their status steps), signatories, documents (uploaded with the shared type/size
check and downloaded only through an access-checked action), feedback and commitments.

Same rules as the pages: roles per HTTP method, ``for_user`` querysets, related ids limited to the
caller's areas, writes through the services; editable rows answer an ETag and PUT/PATCH need
``If-Match`` (``common.appkit.api``)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from common import personal_data
from common.appkit.api import ScopedViewSetMixin
from coordination import services
from coordination.models import Commitment, Contact, Feedback, Milestone, PartnershipDocument, Signatory

from .child_serializers import (
    CommitmentFilterSet,
    CommitmentSerializer,
    ContactFilterSet,
    ContactSerializer,
    DocumentFilterSet,
    DocumentSerializer,
    DocumentUploadSerializer,
    FeedbackFilterSet,
    FeedbackSerializer,
    MilestoneFilterSet,
    PartnershipMilestoneSerializer,
    PartnershipMilestoneTransitionSerializer,
    SignatoryFilterSet,
    SignatorySerializer,
)

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
