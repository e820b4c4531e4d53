"""Policies API serializers: read shapes (list, detail) and write shapes (places as PSGC codes,
related records as ids limited by ``for_user``). The status is never writable: it changes only
through the ``transition`` action."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api.fields import ContractDecimalField, StrictCharField, StrictIntegerField, StrictPrimaryKeyRelatedField
from communities.models import BarangayOBC
from coordination.models import Engagement, Feedback, Organization, resolve_place
from mana.models import Assessment, Need
from policies.models import (
    Category,
    Evidence,
    EvidenceKind,
    ImplementationMilestone,
    Indicator,
    Quadrant,
    Recommendation,
    RecommendationType,
    Reliability,
    ScopeLevel,
    Sector,
    Status,
    can_view_internal,
)
from policies.services import available_steps


class PlaceCodesField(serializers.ListField):
    child = serializers.CharField(max_length=10)

    def to_internal_value(self, data):
        codes = super().to_internal_value(data)
        try:
            return [resolve_place(c) for c in codes]
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error


@extend_schema_field(OpenApiTypes.INT)
class ScopedPrimaryKeyField(StrictPrimaryKeyRelatedField):
    """A related record by id, offered and accepted only from ``model.objects.for_user(user)``."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.model.objects.for_user(request.user) if request else self.model.objects.none()


class RecommendationListSerializer(serializers.ModelSerializer):
    type = serializers.CharField(source="rec_type", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    quadrant = serializers.ChoiceField(choices=Quadrant.choices, read_only=True)
    areas = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = [
            "id", "reference", "title", "type", "category", "sector", "scope_level", "is_national", "areas",
            "status", "status_label", "importance", "urgency", "quadrant", "priority_score", "fiscal_year",
            "budget_amount", "content_revision", "revision", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_areas(self, obj) -> list[dict]:
        return [{"code": a.place_code, "label": a.place_label} for a in obj.areas.all()]


class EvidenceSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    # Null for evidence that is not a MANA need; the link is "" when there is none (not a URI then).
    need_priority_score = serializers.DecimalField(
        source="need.priority_score", max_digits=6, decimal_places=2, read_only=True, default=None, allow_null=True
    )
    need_votes = serializers.IntegerField(source="need.vote_count", read_only=True, default=None, allow_null=True)
    source_url = serializers.CharField(read_only=True, help_text="A link to the source, or empty.")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "id", "recommendation", "kind", "label", "need", "need_priority_score", "need_votes", "assessment",
            "community", "engagement", "feedback", "source_title", "source_author", "source_year", "source_url",
            "original_name", "download_url", "reliability", "statement", "added_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_download_url(self, obj) -> str | None:
        return obj.get_download_url() if obj.file else None


class RecommendationStepRecordSerializer(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    actor = serializers.CharField(allow_null=True)
    at = serializers.DateTimeField()
    comment = serializers.CharField(required=False, help_text="Internal: absent for partner viewers.")


class RecommendationSerializer(RecommendationListSerializer):
    communities = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    responsible_organizations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    partner_organizations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    evidence = serializers.SerializerMethodField()
    transitions = serializers.SerializerMethodField()
    next_steps = serializers.SerializerMethodField()

    class Meta(RecommendationListSerializer.Meta):
        fields = [
            *RecommendationListSerializer.Meta.fields, "problem", "proposed_action", "expected_outcomes",
            "brief_summary", "beneficiaries_count", "beneficiary_groups", "funding_source", "communities",
            "responsible_organizations", "partner_organizations", "evidence", "transitions", "next_steps",
        ]  # fmt: skip
        read_only_fields = fields

    def _user(self):
        request = self.context.get("request")
        return request.user if request else None

    def get_evidence(self, obj) -> list[dict]:
        rows = obj.evidence.select_related("need", "assessment", "community", "engagement", "feedback")
        if not can_view_internal(self._user()):
            rows = rows.exclude(kind__in=(EvidenceKind.ENGAGEMENT, EvidenceKind.FEEDBACK))
        return EvidenceSerializer(rows, many=True).data

    def get_transitions(self, obj) -> list[dict]:
        internal = can_view_internal(self._user())
        out = []
        for t in obj.transitions.select_related("actor"):
            row = {"from_status": t.from_status, "to_status": t.to_status, "at": t.at,
                   "actor": str(t.actor) if t.actor_id else None}  # fmt: skip
            if internal:
                row["comment"] = t.comment
            out.append(row)
        return RecommendationStepRecordSerializer(out, many=True).data

    def get_next_steps(self, obj) -> list[dict]:
        user = self._user()
        return [
            {"to_status": status, "label": step.label, "comment_required": step.comment_required}
            for status, step in available_steps(user, obj)
        ]


class RecommendationWriteSerializer(serializers.Serializer):
    title = StrictCharField(max_length=255)
    rec_type = serializers.ChoiceField(choices=RecommendationType.choices)
    category = serializers.ChoiceField(choices=Category.choices)
    sector = serializers.ChoiceField(choices=Sector.choices)
    scope_level = serializers.ChoiceField(choices=ScopeLevel.choices)
    areas = PlaceCodesField(required=False)
    communities = ScopedPrimaryKeyField(BarangayOBC, many=True, required=False)
    problem = StrictCharField()
    proposed_action = StrictCharField()
    expected_outcomes = StrictCharField(required=False, allow_blank=True)
    beneficiaries_count = StrictIntegerField(required=False, allow_null=True, min_value=0)
    beneficiary_groups = StrictCharField(required=False, allow_blank=True, max_length=255)
    budget_amount = ContractDecimalField(max_digits=16, decimal_places=2, required=False, allow_null=True,
                                             min_value=0)  # fmt: skip
    funding_source = StrictCharField(required=False, allow_blank=True, max_length=200)
    fiscal_year = StrictIntegerField(required=False, allow_null=True, min_value=2000, max_value=2100)
    responsible_organizations = ScopedPrimaryKeyField(Organization, many=True, required=False)
    partner_organizations = ScopedPrimaryKeyField(Organization, many=True, required=False)
    importance = StrictIntegerField(min_value=1, max_value=5, required=False)
    urgency = StrictIntegerField(min_value=1, max_value=5, required=False)


class RecommendationReviseSerializer(RecommendationWriteSerializer):
    reason = StrictCharField(help_text="Why the endorsed content changes.")


class RecommendationTransitionSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=Status.choices)
    comment = StrictCharField(required=False, allow_blank=True, default="")


class EvidenceWriteSerializer(serializers.Serializer):
    recommendation = ScopedPrimaryKeyField(Recommendation)
    kind = serializers.ChoiceField(choices=EvidenceKind.choices)
    need = ScopedPrimaryKeyField(Need, required=False, allow_null=True)
    assessment = ScopedPrimaryKeyField(Assessment, required=False, allow_null=True)
    community = ScopedPrimaryKeyField(BarangayOBC, required=False, allow_null=True)
    engagement = ScopedPrimaryKeyField(Engagement, required=False, allow_null=True)
    feedback = ScopedPrimaryKeyField(Feedback, required=False, allow_null=True)
    file = serializers.FileField(required=False, allow_null=True)
    source_title = StrictCharField(required=False, allow_blank=True, max_length=300, default="")
    source_author = StrictCharField(required=False, allow_blank=True, max_length=200, default="")
    source_year = StrictIntegerField(required=False, allow_null=True, min_value=1900, max_value=2100,
                                           default=None)  # fmt: skip
    source_url = serializers.URLField(required=False, allow_blank=True, max_length=500, default="")
    reliability = serializers.ChoiceField(choices=Reliability.choices, default=Reliability.B)
    statement = StrictCharField(max_length=500)
    reason = StrictCharField(
        required=False, allow_blank=True, default="",
        help_text="Required when the recommendation is endorsed or later (a revision).",
    )  # fmt: skip


class MilestoneSerializer(serializers.ModelSerializer):
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = ImplementationMilestone
        fields = ["id", "recommendation", "title", "due_date", "owner_organization", "status", "percent_complete",
                  "completed_on", "is_overdue", "revision"]  # fmt: skip
        read_only_fields = fields


class MilestoneWriteSerializer(serializers.Serializer):
    recommendation = ScopedPrimaryKeyField(Recommendation, required=False)
    title = StrictCharField(max_length=200)
    due_date = serializers.DateField()
    owner_organization = ScopedPrimaryKeyField(Organization, required=False, allow_null=True)
    status = serializers.ChoiceField(choices=ImplementationMilestone.Status.choices, required=False)
    percent_complete = StrictIntegerField(min_value=0, max_value=100, required=False)


class IndicatorSerializer(serializers.ModelSerializer):
    progress = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Indicator
        fields = ["id", "recommendation", "name", "unit", "baseline", "target", "actual", "measured_on", "progress"]
        read_only_fields = fields


class IndicatorWriteSerializer(serializers.Serializer):
    recommendation = ScopedPrimaryKeyField(Recommendation)
    name = StrictCharField(max_length=200)
    unit = StrictCharField(max_length=40)
    baseline = ContractDecimalField(max_digits=14, decimal_places=2, default=0)
    target = ContractDecimalField(max_digits=14, decimal_places=2)


class MeasureSerializer(serializers.Serializer):
    actual = ContractDecimalField(max_digits=14, decimal_places=2)
    measured_on = serializers.DateField()
