"""Policies API under /api/v1/policies/: recommendations and their evidence, with the same services,
FilterSet and ``for_user`` rule as the pages.

The status is never a writable field: workflow steps are ``POST recommendations/<id>/transition/``
and changes to endorsed content are ``POST recommendations/<id>/revise/``. A detail answers
``ETag: "<revision>"``; PUT/PATCH must send it back as ``If-Match`` (428 without, 412 when stale:
``common.appkit.api``); ``revise`` checks it when sent.
"""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from common.appkit.api import ScopedViewSetMixin
from policies import services
from policies.filters import RecommendationFilterSet
from policies.models import EvidenceKind, Recommendation, RecommendationArea

from . import serializers as s

AREAS = ("region", "province", "municipality", "barangay")
TARGETS = ("need", "assessment", "community", "engagement", "feedback")


class RecommendationViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                            mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):  # fmt: skip
    permission_model = Recommendation
    filterset_class = RecommendationFilterSet
    lookup_value_regex = r"\d+"
    # A step is allowed per role by the service's transition table; viewing is enough to ask.
    action_overrides = {"transition": "view", "revise": "change"}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Recommendation.objects.none()
        return (
            self.scoped(Recommendation.objects)
            .prefetch_related(Prefetch("areas", RecommendationArea.objects.select_related(*AREAS)))
            .order_by("-created_at", "-pk")
        )

    def get_serializer_class(self):
        return {
            "list": s.RecommendationListSerializer, "create": s.RecommendationWriteSerializer,
            "update": s.RecommendationWriteSerializer, "partial_update": s.RecommendationWriteSerializer,
            "transition": s.RecommendationTransitionSerializer, "revise": s.RecommendationReviseSerializer,
        }.get(self.action, s.RecommendationSerializer)  # fmt: skip

    def _answer(self, pk, code=status.HTTP_200_OK):
        obj = Recommendation.objects.get(pk=pk)
        self._etag_instance = obj  # the ETag of the record as saved
        return Response(s.RecommendationSerializer(obj, context=self.get_serializer_context()).data, status=code)

    def _input(self, request, partial=False):
        serializer = self.get_serializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _optional_revision(self):
        """``If-Match`` when the client sends it (actions that are POSTs do not require it)."""
        return self.expected_revision() if self.request.headers.get("If-Match", "").strip() else None

    @extend_schema(request=s.RecommendationWriteSerializer, responses={201: s.RecommendationSerializer})
    def create(self, request, *args, **kwargs):
        rec = services.create_recommendation(user=request.user, **self._input(request))
        return self._answer(rec.pk, status.HTTP_201_CREATED)

    @extend_schema(request=s.RecommendationWriteSerializer, responses=s.RecommendationSerializer)
    def update(self, request, *args, **kwargs):
        rec = self.get_object()
        data = self._input(request, kwargs.pop("partial", False))
        services.update_recommendation(
            user=request.user, recommendation=rec, expected_revision=self.expected_revision(), **data
        )
        return self._answer(rec.pk)

    @extend_schema(request=s.RecommendationWriteSerializer, responses=s.RecommendationSerializer)
    def partial_update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    @extend_schema(request=s.RecommendationTransitionSerializer, responses=s.RecommendationSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Take one workflow step (``next_steps`` of the detail lists the ones you may take)."""
        rec = self.get_object()
        data = self._input(request)
        services.transition_recommendation(user=request.user, recommendation=rec, **data)
        return self._answer(rec.pk)

    @extend_schema(request=s.RecommendationReviseSerializer, responses=s.RecommendationSerializer)
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        """Change endorsed content: a new revision recording what changed (reviewers only)."""
        rec = self.get_object()
        data = self._input(request, partial=True)
        services.revise_recommendation(
            user=request.user, recommendation=rec, expected_revision=self._optional_revision(), **data
        )
        return self._answer(rec.pk)


class EvidenceViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):  # fmt: skip
    """Evidence cited by recommendations. ``?recommendation=<id>`` narrows the list."""

    permission_model = Recommendation
    lookup_value_regex = r"\d+"
    # Citing or removing evidence changes the recommendation.
    action_overrides = {"create": "change", "destroy": "change"}

    def get_queryset(self):
        from policies.models import Evidence, can_view_internal

        if getattr(self, "swagger_fake_view", False):
            return Evidence.objects.none()
        qs = Evidence.objects.for_user(self.request.user, self.required_action()).select_related("need")
        if not can_view_internal(self.request.user):
            qs = qs.exclude(kind__in=(EvidenceKind.ENGAGEMENT, EvidenceKind.FEEDBACK))
        rec = self.request.query_params.get("recommendation", "")
        if rec.isdigit():
            qs = qs.filter(recommendation_id=int(rec))
        return qs.order_by("recommendation_id", "kind", "pk")

    def get_serializer_class(self):
        return s.EvidenceWriteSerializer if self.action == "create" else s.EvidenceSerializer

    @extend_schema(request=s.EvidenceWriteSerializer, responses={201: s.EvidenceSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        kind = data["kind"]
        targets = {name: data.pop(name, None) for name in TARGETS}
        upload = data.pop("file", None)
        source = {k: data.pop(k) for k in ("source_title", "source_author", "source_year", "source_url")}
        evidence = services.add_evidence(
            user=request.user, recommendation=data["recommendation"], kind=kind, statement=data["statement"],
            reliability=data["reliability"], reason=data["reason"], target=targets.get(kind), upload=upload,
            **source,
        )  # fmt: skip
        return Response(s.EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        evidence = self.get_object()
        services.remove_evidence(user=request.user, evidence=evidence, reason=request.query_params.get("reason", ""))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MilestoneViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):  # fmt: skip
    """Implementation milestones of approved recommendations (``?recommendation=<id>`` narrows)."""

    permission_model = Recommendation
    lookup_value_regex = r"\d+"
    # Who records implementation is the service's rule (drafters of the area and executives).
    action_overrides = {"create": "view", "update": "view", "partial_update": "view"}

    def get_queryset(self):
        from policies.models import ImplementationMilestone

        if getattr(self, "swagger_fake_view", False):
            return ImplementationMilestone.objects.none()
        qs = ImplementationMilestone.objects.for_user(self.request.user)
        rec = self.request.query_params.get("recommendation", "")
        return (qs.filter(recommendation_id=int(rec)) if rec.isdigit() else qs).order_by("due_date", "pk")

    def get_serializer_class(self):
        return s.MilestoneWriteSerializer if self.action in ("create", "update", "partial_update") else (
            s.MilestoneSerializer
        )  # fmt: skip

    @extend_schema(request=s.MilestoneWriteSerializer, responses={201: s.MilestoneSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "recommendation" not in data:
            raise ValidationError({"recommendation": ["This field is required."]})
        milestone = services.add_milestone(user=request.user, **data)
        return Response(s.MilestoneSerializer(milestone).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.MilestoneWriteSerializer, responses=s.MilestoneSerializer)
    def update(self, request, *args, **kwargs):
        milestone = self.get_object()
        serializer = self.get_serializer(data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("recommendation", None)
        milestone = services.update_milestone(
            user=request.user, milestone=milestone, expected_revision=self.expected_revision(), **data
        )
        self._etag_instance = milestone
        return Response(s.MilestoneSerializer(milestone).data)


class IndicatorViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       mixins.CreateModelMixin, viewsets.GenericViewSet):  # fmt: skip
    """Implementation indicators (``?recommendation=<id>`` narrows); ``POST <id>/measure/`` records a value."""

    permission_model = Recommendation
    lookup_value_regex = r"\d+"
    action_overrides = {"create": "view", "measure": "view"}

    def get_queryset(self):
        from policies.models import Indicator

        if getattr(self, "swagger_fake_view", False):
            return Indicator.objects.none()
        qs = Indicator.objects.for_user(self.request.user)
        rec = self.request.query_params.get("recommendation", "")
        return (qs.filter(recommendation_id=int(rec)) if rec.isdigit() else qs).order_by("pk")

    def get_serializer_class(self):
        return {"create": s.IndicatorWriteSerializer, "measure": s.MeasureSerializer}.get(
            self.action, s.IndicatorSerializer
        )

    @extend_schema(request=s.IndicatorWriteSerializer, responses={201: s.IndicatorSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        indicator = services.add_indicator(user=request.user, **serializer.validated_data)
        return Response(s.IndicatorSerializer(indicator).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.MeasureSerializer, responses=s.IndicatorSerializer)
    @action(detail=True, methods=["post"])
    def measure(self, request, pk=None):
        indicator = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        indicator = services.record_measure(user=request.user, indicator=indicator, **serializer.validated_data)
        return Response(s.IndicatorSerializer(indicator).data)
