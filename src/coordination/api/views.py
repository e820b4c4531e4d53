"""Coordination API under /api/v1/coordination/: organizations, partnerships, engagements and action
items, with the same services, FilterSets and ``for_user`` rule as the pages.

A detail answers ``ETag: "<revision>"``; PUT/PATCH must send it back as ``If-Match`` (428 without,
412 with who changed what when stale: ``common.appkit.api``).
Status changes are ``POST <id>/transition/`` (never a writable status field).
"""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from common.appkit.api import ScopedViewSetMixin
from coordination import services
from coordination.filters import ActionItemFilterSet, EngagementFilterSet, OrganizationFilterSet, PartnershipFilterSet
from coordination.models import (
    ActionItem,
    Engagement,
    Organization,
    OrganizationArea,
    Partnership,
    PartnershipArea,
    PartnershipParty,
)

from . import serializers as s

AREAS = ("region", "province", "municipality", "barangay")


class CoordinationViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    action_overrides = {"transition": "change"}
    read_serializer = None
    write_serializer = None

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return self.write_serializer
        if self.action == "transition":
            return s.CoordinationTransitionSerializer
        return self.read_serializer

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()  # sets the ETag (common.appkit.api)
        return Response(self.read_serializer(obj, context=self.get_serializer_context()).data)

    def _answer(self, obj, code=status.HTTP_200_OK):
        obj = self.get_queryset().model.objects.get(pk=obj.pk)
        self._etag_instance = obj  # the ETag of the record as saved
        return Response(self.read_serializer(obj, context=self.get_serializer_context()).data, status=code)

    def _input(self, request, partial=False):
        serializer = self.get_serializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


def answers_the_read_shape(viewset):
    """Document what the writes answer: the record as read (``read_serializer``), not the write body."""
    read = viewset.read_serializer
    return extend_schema_view(
        create=extend_schema(responses={201: read}),
        update=extend_schema(responses=read),
        partial_update=extend_schema(responses=read),
    )(viewset)


@answers_the_read_shape
class OrganizationViewSet(CoordinationViewSet, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                          mixins.DestroyModelMixin):  # fmt: skip
    permission_model = Organization
    filterset_class = OrganizationFilterSet
    read_serializer = s.OrganizationSerializer
    write_serializer = s.OrganizationWriteSerializer

    def get_queryset(self):
        return (
            self.scoped(Organization.objects)
            .prefetch_related(
                Prefetch(
                    "areas", OrganizationArea.objects.select_related("region", "province", "municipality", "barangay")
                ),
                "sector_rows",
            )
            .order_by("name")
        )

    def create(self, request, *args, **kwargs):
        org = services.create_organization(user=request.user, **self._input(request))
        return self._answer(org, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        org = self.get_object()
        partial = kwargs.pop("partial", False)
        data = self._input(request, partial)
        org = services.update_organization(
            user=request.user, organization=org, expected_revision=self.expected_revision(), **data
        )
        return self._answer(org)

    def destroy(self, request, *args, **kwargs):
        services.delete_organization(user=request.user, organization=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@answers_the_read_shape
class PartnershipViewSet(CoordinationViewSet, mixins.CreateModelMixin, mixins.UpdateModelMixin):
    permission_model = Partnership
    filterset_class = PartnershipFilterSet
    read_serializer = s.PartnershipSerializer
    write_serializer = s.PartnershipWriteSerializer

    def get_queryset(self):
        if self.action == "transition":
            base = Partnership.objects.for_user(self.request.user, "view")
        else:
            base = self.scoped(Partnership.objects)
        return base.prefetch_related(
            Prefetch("parties", PartnershipParty.objects.select_related("organization")),
            Prefetch("areas", PartnershipArea.objects.select_related("region", "province", "municipality", "barangay")),
        ).order_by("-effective_date", "title")

    def required_action(self):
        # Closing an agreement is checked in the service (close permission); viewing is enough to ask.
        return "view" if self.action == "transition" else super().required_action()

    def _data(self, data):
        if "parties" in data:
            data["parties"] = [(p["organization"], p["role"]) for p in data["parties"]]
        return data

    def create(self, request, *args, **kwargs):
        p = services.create_partnership(user=request.user, **self._data(self._input(request)))
        return self._answer(p, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        p = self.get_object()
        data = self._data(self._input(request, kwargs.pop("partial", False)))
        p = services.update_partnership(
            user=request.user, partnership=p, expected_revision=self.expected_revision(), **data
        )
        return self._answer(p)

    @extend_schema(request=s.CoordinationTransitionSerializer, responses=s.PartnershipSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        p = self.get_object()
        data = self._input(request)
        services.transition_partnership(
            user=request.user, partnership=p, to_status=data["to_status"], comment=data["comment"]
        )
        return self._answer(p)


@answers_the_read_shape
class EngagementViewSet(CoordinationViewSet, mixins.CreateModelMixin, mixins.UpdateModelMixin):
    permission_model = Engagement
    filterset_class = EngagementFilterSet
    read_serializer = s.EngagementSerializer
    write_serializer = s.EngagementWriteSerializer

    def get_queryset(self):
        return (
            self.scoped(Engagement.objects)
            .select_related(*AREAS)
            .prefetch_related("organizations", "communities")
            .order_by("-starts_at", "-pk")
        )

    def create(self, request, *args, **kwargs):
        e = services.create_engagement(user=request.user, **self._input(request))
        return self._answer(e, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        e = self.get_object()
        data = self._input(request, kwargs.pop("partial", False))
        e = services.update_engagement(
            user=request.user, engagement=e, expected_revision=self.expected_revision(), **data
        )
        return self._answer(e)

    @extend_schema(request=s.CoordinationTransitionSerializer, responses=s.EngagementSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        e = self.get_object()
        data = self._input(request)
        services.transition_engagement(user=request.user, engagement=e, **data)
        return self._answer(e)


@answers_the_read_shape
class ActionItemViewSet(CoordinationViewSet, mixins.CreateModelMixin, mixins.UpdateModelMixin):
    permission_model = ActionItem
    filterset_class = ActionItemFilterSet
    read_serializer = s.ActionItemSerializer
    write_serializer = s.ActionItemWriteSerializer

    def get_queryset(self):
        return self.scoped(ActionItem.objects).select_related(*AREAS).order_by("due_date", "pk")

    def create(self, request, *args, **kwargs):
        item = services.create_action_item(user=request.user, **self._input(request))
        return self._answer(item, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        item = self.get_object()
        data = self._input(request, kwargs.pop("partial", False))
        data.pop("engagement", None)
        data.pop("place", None)
        item = services.update_action_item(
            user=request.user, item=item, expected_revision=self.expected_revision(), **data
        )
        return self._answer(item)

    @extend_schema(request=s.CoordinationTransitionSerializer, responses=s.ActionItemSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        item = self.get_object()
        data = self._input(request)
        services.transition_action_item(
            user=request.user, item=item, to_status=data["to_status"], comment=data["comment"]
        )
        return self._answer(item)
