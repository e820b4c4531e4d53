"""MANA API: the same services and the same ``for_user`` rule as the pages."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response as ApiResponse

from common.appkit.api import ScopedViewSetMixin
from mana import selectors
from mana.api import serializers as s
from mana.filters import AssessmentFilter, NeedFilter, ResponseFilter
from mana.models import (
    Assessment,
    AssessmentTransition,
    Instrument,
    InstrumentVersion,
    Need,
    Participant,
    Question,
    Response,
    Session,
)
from mana.services import assessments as assessment_service
from mana.services import instruments as instrument_service
from mana.services import needs as need_service
from mana.services import responses as response_service


class ScopedViewSet(ScopedViewSetMixin, viewsets.GenericViewSet):
    """The common scoped viewset (role × area, ETag/If-Match); MANA services add the team rule."""

    model = None

    @property
    def permission_model(self):
        return self.model

    def base_queryset(self):
        return self.model.objects.all()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        qs = self.base_queryset().for_user(self.request.user, "view")
        return qs.alive() if hasattr(qs, "alive") else qs


class AssessmentViewSet(
    ScopedViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
):
    model = Assessment
    serializer_class = s.AssessmentSerializer
    action_overrides = {"transition": "change"}
    filterset_class = AssessmentFilter

    def base_queryset(self):
        return (
            Assessment.objects.select_related("region", "province", "municipality")
            .prefetch_related(
                "communities",
                "community_profiles",
                "facilitators",
                Prefetch("transitions", queryset=AssessmentTransition.objects.select_related("actor")),
            )
            .order_by("-pk")
        )

    def perform_create(self, serializer):
        serializer.instance = assessment_service.create_assessment(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        assessment = assessment_service.update_assessment(
            user=self.request.user,
            assessment=serializer.instance,
            expected_revision=self.expected_revision(),
            communities=data.pop("communities", None),
            facilitators=data.pop("facilitators", None),
            **data,
        )
        self.versioned_result(serializer, assessment)

    def perform_destroy(self, instance):
        assessment_service.delete_assessment(user=self.request.user, assessment=instance)

    @extend_schema(request=s.StatusChangeSerializer, responses=s.AssessmentSerializer)
    @action(detail=True, methods=["post"], serializer_class=s.StatusChangeSerializer)
    def transition(self, request, pk=None):
        assessment = self.get_object()
        data = s.StatusChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assessment_service.transition_assessment(user=request.user, assessment=assessment, **data.validated_data)
        assessment.refresh_from_db()
        return ApiResponse(s.AssessmentSerializer(assessment).data)


class InstrumentViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    model = Instrument
    serializer_class = s.InstrumentSerializer
    action_overrides = {"questions": "change", "publish": "change", "new_draft": "change"}

    def base_queryset(self):
        qs = Instrument.objects.prefetch_related(
            Prefetch(
                "versions",
                queryset=InstrumentVersion.objects.prefetch_related(
                    "sections", Prefetch("questions", queryset=Question.objects.prefetch_related("choices"))
                ),
            )
        ).order_by("pk")
        assessment = self.request.query_params.get("assessment")
        return qs.filter(assessment_id=assessment) if assessment and assessment.isdigit() else qs

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        assessment = self.scoped_object(Assessment, data.pop("assessment").pk)
        serializer.instance = instrument_service.create_instrument(
            user=self.request.user, assessment=assessment, **data
        )

    def _draft(self, instrument):
        draft = instrument.versions.filter(status=InstrumentVersion.Status.DRAFT).first()
        if draft is None:
            raise ApiValidationError("No draft version: call new_draft first (published versions never change).")
        return draft

    @extend_schema(request=s.QuestionInputSerializer, responses={201: s.QuestionSerializer})
    @action(detail=True, methods=["post"], serializer_class=s.QuestionInputSerializer)
    def questions(self, request, pk=None):
        """Add a question to the instrument's draft version."""
        instrument = self.get_object()
        data = s.QuestionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        draft = self._draft(instrument)
        section = fields.pop("section", None)
        if section:
            fields["section"] = draft.sections.filter(pk=section).first()
            if fields["section"] is None:
                raise ApiValidationError({"section": "No such section in the draft version."})
        question = instrument_service.add_question(user=request.user, version=draft, **fields)
        return ApiResponse(s.QuestionSerializer(question).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.InstrumentSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        instrument = self.get_object()
        instrument_service.publish_version(user=request.user, version=self._draft(instrument))
        return ApiResponse(s.InstrumentSerializer(self.get_queryset().get(pk=instrument.pk)).data)

    @extend_schema(request=None, responses=s.InstrumentSerializer)
    @action(detail=True, methods=["post"])
    def new_draft(self, request, pk=None):
        instrument = self.get_object()
        instrument_service.start_new_draft(user=request.user, instrument=instrument)
        return ApiResponse(s.InstrumentSerializer(self.get_queryset().get(pk=instrument.pk)).data)


@extend_schema_view(
    create=extend_schema(request=s.ResponseCreateSerializer, responses={201: s.ResponseSerializer}),
    update=extend_schema(request=s.ResponseUpdateSerializer, responses=s.ResponseSerializer),
    partial_update=extend_schema(request=s.ResponseUpdateSerializer, responses=s.ResponseSerializer),
)
class ResponseViewSet(
    ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin
):
    model = Response
    serializer_class = s.ResponseSerializer
    filterset_class = ResponseFilter
    #: The write shapes differ from the read shape; writes answer with the read shape.
    input_serializers = {
        "create": s.ResponseCreateSerializer,
        "update": s.ResponseUpdateSerializer,
        "partial_update": s.ResponseUpdateSerializer,
    }

    def get_serializer_class(self):
        return self.input_serializers.get(self.action, self.serializer_class)

    def base_queryset(self):
        return Response.objects.prefetch_related("group_members").order_by("-pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        session = self.scoped_object(Session, data["session"].pk, "change")
        participant = data.get("participant")
        members = list(data.get("group_members") or [])
        if participant is not None:
            participant = self.scoped_object(Participant, participant.pk)
        serializer.instance = response_service.save_response(
            user=self.request.user,
            session=session,
            participant=participant,
            group_label=data.get("group_label", ""),
            group_members=members,
            answers=data.get("answers", {}),
            submit=data.get("submit", False),
        )

    def perform_update(self, serializer):
        data = serializer.validated_data
        # A PATCH without "answers" keeps the stored answers (it must not erase them).
        answers = data["answers"] if "answers" in self.request.data else None
        if answers is None:
            answers = response_service.answers_as_initial(serializer.instance)
        response = response_service.save_response(
            user=self.request.user,
            response=serializer.instance,
            answers=answers,
            group_label=data.get("group_label", ""),
            submit=data.get("submit", False),
            expected_revision=self.expected_revision(),
        )
        self.versioned_result(serializer, response)


class NeedViewSet(
    ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin
):
    model = Need
    serializer_class = s.NeedSerializer
    action_overrides = {"transition": "change", "vote": "view", "board": "view"}
    filterset_class = NeedFilter

    def base_queryset(self):
        return (
            Need.objects.select_related("region", "province")
            .prefetch_related("affected_communities", "affected_profiles", "evidence_responses")
            .order_by("-priority_score", "-vote_count", "pk")
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        if data.get("assessment") is not None:
            data["assessment"] = self.scoped_object(Assessment, data["assessment"].pk)
        serializer.instance = need_service.create_need(user=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("assessment", None)
        need = need_service.update_need(
            user=self.request.user,
            need=serializer.instance,
            affected_communities=data.pop("affected_communities", None),
            evidence_responses=data.pop("evidence_responses", None),
            expected_revision=self.expected_revision(),
            **data,
        )
        self.versioned_result(serializer, need)

    @extend_schema(request=s.NeedStatusChangeSerializer, responses=s.NeedSerializer)
    @action(detail=True, methods=["post"], serializer_class=s.NeedStatusChangeSerializer)
    def transition(self, request, pk=None):
        need = self.get_object()
        data = s.NeedStatusChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        need_service.transition_need(user=request.user, need=need, **data.validated_data)
        need.refresh_from_db()
        return ApiResponse(s.NeedSerializer(need).data)

    @extend_schema(request=s.VoteSerializer, responses={201: s.NeedSerializer})
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):
        need = self.get_object()
        data = s.VoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        participant = None
        if data.validated_data.get("participant"):
            participant = self.scoped_object(Participant, data.validated_data["participant"])
        need_service.cast_vote(user=request.user, need=need, participant=participant)
        need.refresh_from_db()
        return ApiResponse(s.NeedSerializer(need).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.NeedBoardSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def board(self, request):
        """The ranked prioritisation board (same order as the page): top 50 of the filtered needs."""
        qs = self.filter_queryset(self.get_queryset()).filter(status__in=need_service.VOTING_STATUSES)
        ranked = selectors.top_ranked(qs, 50)
        return ApiResponse(s.NeedBoardSerializer(ranked, many=True).data)
