"""Communities API: the same FilterSets, services and ``for_user`` rule as the pages.

* ``/api/v1/communities/`` — barangay OBC profiles: list, retrieve, create, update, soft delete
  (``DELETE``), ``POST <id>/restore/``, ``GET deleted/``, ``GET statistics/`` and ``GET map/``;
* ``/api/v1/communities/municipal-coverage/`` and ``provincial-coverage/`` — list, retrieve and
  update of the curated fields (the rolled-up figures are read-only);
* ``/api/v1/communities/leaders/`` — contacts and leaders, only for roles with personal-data access.
"""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from common import personal_data
from common.appkit.api import ScopedModelPermission, ScopedViewSetMixin
from communities import selectors, services
from communities.filters import (
    BarangayOBCFilterSet,
    CommunityLeaderFilterSet,
    MunicipalCoverageFilterSet,
    ProvincialCoverageFilterSet,
)
from communities.models import BarangayOBC, CommunityLeader, MunicipalCoverage, ProvincialCoverage

from . import serializers as s


class BarangayOBCViewSet(
    personal_data.PersonalDataAPIMixin,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    permission_model = BarangayOBC
    filterset_class = BarangayOBCFilterSet
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["obc_id", "estimated_obc_population", "households", "updated_at", "barangay__name"]
    ordering = ["obc_id"]
    lookup_value_regex = r"\d+"
    action_overrides = {"restore": "delete", "deleted": "delete", "statistics": "view", "map": "view"}
    personal_data_model = CommunityLeader
    personal_data_actions = ("retrieve",)  # list rows carry no leaders

    def personal_data_rows(self, data) -> int:
        return len(data.get("leaders") or ())

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return BarangayOBC.objects.none()
        if self.action in ("restore", "deleted"):
            queryset = BarangayOBC.all_objects.deleted().for_user(self.request.user, "delete")
        else:
            queryset = self.scoped(BarangayOBC.objects)
        return queryset.select_related("barangay", "municipality", "province__region")

    def get_serializer_class(self):
        return s.BarangayOBCListSerializer if self.action in ("list", "deleted") else s.BarangayOBCSerializer

    def perform_create(self, serializer):
        serializer.instance = services.create_community(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        community = services.update_community(
            user=self.request.user,
            community=serializer.instance,
            expected_revision=self.expected_revision(),
            **serializer.validated_data,
        )
        self.versioned_result(serializer, community)

    def perform_destroy(self, instance):
        """Soft delete: the record can be restored with ``POST <id>/restore/``."""
        services.soft_delete_community(user=self.request.user, community=instance)

    @extend_schema(request=None, responses=s.BarangayOBCSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        """Restore a soft-deleted record."""
        community = self.get_object()
        services.restore_community(user=request.user, community=community)
        return Response(s.BarangayOBCSerializer(community, context=self.get_serializer_context()).data)

    @extend_schema(responses=s.BarangayOBCListSerializer(many=True))
    @action(detail=False, methods=["get"])
    def deleted(self, request):
        """Soft-deleted records the user may restore."""
        return self.list(request)

    @extend_schema(responses=s.StatisticsSerializer, filters=True)
    @action(detail=False, methods=["get"])
    def statistics(self, request):
        """Dashboard figures for the user's areas; accepts the list's filters."""
        if not any(value for key, value in request.query_params.items() if key not in ("format", "page")):
            # No filter: the provincial roll-ups give the same figures without reading every profile.
            return Response(selectors.dashboard_statistics(request.user))
        queryset = self.filter_queryset(self.get_queryset())
        return Response(selectors.dashboard_statistics(request.user, queryset))

    @extend_schema(responses=s.MapPointSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def map(self, request):
        """Marker data (id, OBC id, name, lat, lng, population) for maps; accepts the list's filters."""
        queryset = self.filter_queryset(self.get_queryset())
        return Response(selectors.map_points(request.user, queryset))


class _CoverageViewSet(
    personal_data.PersonalDataAPIMixin,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    related: tuple = ()
    service = None

    @property
    def personal_data_model(self):
        return self.permission_model

    def personal_data_rows(self, data) -> int:
        items = data["results"] if isinstance(data, dict) and "results" in data else data
        items = items if isinstance(items, list) else [items]
        return sum(1 for item in items if (item.get("focal_persons") or "").strip())

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.permission_model.objects.none()
        return self.scoped(self.permission_model.objects).select_related(*self.related)

    def perform_update(self, serializer):
        coverage = type(self).service(
            user=self.request.user,
            coverage=serializer.instance,
            expected_revision=self.expected_revision(),
            **serializer.validated_data,
        )
        self.versioned_result(serializer, coverage)


class MunicipalCoverageViewSet(_CoverageViewSet):
    """Municipal coverage: rolled-up figures (read-only) and curated fields (editable)."""

    permission_model = MunicipalCoverage
    serializer_class = s.MunicipalCoverageSerializer
    filterset_class = MunicipalCoverageFilterSet
    ordering_fields = ["municipality__name", "attributed_obc_population", "community_count"]
    ordering = ["municipality__name"]
    related = ("municipality__province",)
    service = staticmethod(services.update_municipal_coverage)


class ProvincialCoverageViewSet(_CoverageViewSet):
    """Provincial coverage: rolled-up figures (read-only) and curated fields (editable)."""

    permission_model = ProvincialCoverage
    serializer_class = s.ProvincialCoverageSerializer
    filterset_class = ProvincialCoverageFilterSet
    ordering_fields = ["province__name", "attributed_obc_population", "community_count"]
    ordering = ["province__name"]
    related = ("province__region",)
    service = staticmethod(services.update_provincial_coverage)


class PersonalDataPermission(permissions.BasePermission):
    message = "Your role cannot see personal data."

    def has_permission(self, request, view):
        return personal_data.can_view(request.user, CommunityLeader)


class CommunityLeaderViewSet(personal_data.PersonalDataAPIMixin, ScopedViewSetMixin, viewsets.ModelViewSet):
    """Contacts and community leaders (personal data)."""

    permission_classes = [ScopedModelPermission, PersonalDataPermission]
    permission_model = CommunityLeader
    serializer_class = s.CommunityLeaderSerializer
    filterset_class = CommunityLeaderFilterSet
    personal_data_model = CommunityLeader

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CommunityLeader.objects.none()
        return self.scoped(CommunityLeader.objects).filter(community__deleted_at__isnull=True).order_by("pk")

    def perform_create(self, serializer):
        serializer.instance = services.create_leader(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("community", None)
        leader = services.update_leader(
            user=self.request.user, leader=serializer.instance, expected_revision=self.expected_revision(), **data
        )
        self.versioned_result(serializer, leader)

    def perform_destroy(self, instance):
        services.delete_leader(user=self.request.user, leader=instance)


__all__ = ["BarangayOBCViewSet", "CommunityLeaderViewSet", "MunicipalCoverageViewSet", "ProvincialCoverageViewSet"]
