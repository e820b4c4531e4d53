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


class ChildRecordViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                         mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):  # fmt: skip
    """A record inside a parent (``parent``: the organization, partnership or engagement): listed and
    read through ``for_user``; created by ``create_service(user=, <parent>=, **fields)``; edited by
    ``update_service(user=, <record>=, expected_revision=, **fields)`` with If-Match (the parent is
    fixed once created)."""

    parent = ""
    record = ""
    create_service = None
    update_service = None
    related = ()
    ordering = ("pk",)

    def get_queryset(self):
        return (
            self.scoped(self.permission_model.objects)
            .select_related(self.parent, *self.related)
            .order_by(*self.ordering)
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = type(self).create_service(
            user=self.request.user, **{self.parent: data[self.parent]}, **_without(data, self.parent)
        )

    def perform_update(self, serializer):
        saved = type(self).update_service(
            user=self.request.user, **{self.record: serializer.instance}, expected_revision=self.expected_revision(),
            **_without(serializer.validated_data, self.parent),
        )  # fmt: skip
        self.versioned_result(serializer, saved)


class ContactViewSet(personal_data.PersonalDataAPIMixin, mixins.DestroyModelMixin, ChildRecordViewSet):
    """Focal persons and contacts of organizations (personal data: personal-data roles only; reads are logged)."""

    permission_classes = [*ScopedViewSetMixin.permission_classes, ContactPermission]
    permission_model = personal_data_model = Contact
    serializer_class = ContactSerializer
    filterset_class = ContactFilterSet
    parent, record = "organization", "contact"
    create_service = staticmethod(services.create_contact)
    update_service = staticmethod(services.update_contact)
    ordering = ("organization_id", "pk")

    def perform_destroy(self, instance):
        services.delete_contact(user=self.request.user, contact=instance)


class MilestoneViewSet(ChildRecordViewSet):
    """Milestones and deliverables of agreements. Status steps are ``POST <id>/transition/``."""

    permission_model = Milestone
    serializer_class = PartnershipMilestoneSerializer
    filterset_class = MilestoneFilterSet
    action_overrides = {"transition": "change"}
    parent, record = "partnership", "milestone"
    create_service = staticmethod(services.add_milestone)
    update_service = staticmethod(services.update_milestone)
    ordering = ("due_date", "pk")

    def get_serializer_class(self):
        return (
            PartnershipMilestoneTransitionSerializer if self.action == "transition" else PartnershipMilestoneSerializer
        )

    @extend_schema(request=PartnershipMilestoneTransitionSerializer, responses=PartnershipMilestoneSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        milestone = self.get_object()
        serializer = PartnershipMilestoneTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        saved = services.transition_milestone(user=request.user, milestone=milestone, **serializer.validated_data)
        self._etag_instance = saved
        return Response(PartnershipMilestoneSerializer(saved, context=self.get_serializer_context()).data)


class SignatoryViewSet(ChildRecordViewSet):
    """Signatories of agreements (person, organization, date signed), as on the partnership page."""

    permission_model = Signatory
    serializer_class = SignatorySerializer
    filterset_class = SignatoryFilterSet
    parent, record, related = "partnership", "signatory", ("organization",)
    create_service = staticmethod(services.add_signatory)
    update_service = staticmethod(services.update_signatory)
    ordering = ("partnership_id", "pk")


class FeedbackViewSet(ChildRecordViewSet):
    """What participants raised in engagements (a person's name only for personal-data roles)."""

    permission_model = Feedback
    serializer_class = FeedbackSerializer
    filterset_class = FeedbackFilterSet
    parent, record = "engagement", "feedback"
    create_service = staticmethod(services.add_feedback)
    update_service = staticmethod(services.update_feedback)
    ordering = ("engagement_id", "pk")


class CommitmentViewSet(ChildRecordViewSet):
    """Commitments made in engagements, by OOBC or a partner organization."""

    permission_model = Commitment
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilterSet
    parent, record, related = "engagement", "commitment", ("organization",)
    create_service = staticmethod(services.add_commitment)
    update_service = staticmethod(services.update_commitment)
    ordering = ("engagement_id", "pk")


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


__all__ = [
    "CommitmentViewSet",
    "ContactViewSet",
    "DocumentViewSet",
    "FeedbackViewSet",
    "MilestoneViewSet",
    "SignatoryViewSet",
]
