"""API shapes. Serializers validate the request's shape only; rules live in the services."""

from rest_framework import serializers

from common.api.fields import (
    ContractModelSerializer,
    StrictBooleanField,
    StrictCharField,
    StrictFloatField,
    StrictIntegerField,
    StrictSlugRelatedField,
)
from common.models import Municipality, Province, Region
from mana.community import community_queryset
from mana.models import (
    METHOD_CHOICES,
    Assessment,
    AssessmentTransition,
    Choice,
    Instrument,
    InstrumentVersion,
    Need,
    NeedCategory,
    Question,
    Response,
    Section,
)
from mana.models.assessments import ASSESSMENT_INPUT_FIELDS
from mana.models.needs import NEED_INPUT_FIELDS


def code_field(queryset, **kwargs):
    return StrictSlugRelatedField(slug_field="code", queryset=queryset, **kwargs)


# Status-like fields are plain read-only strings here (values listed in docs/mana.md), so the
# OpenAPI schema has no colliding enum names ("status" exists on several models).
READ_ONLY_TEXT = {"read_only": True}


class TransitionSerializer(ContractModelSerializer):
    actor = serializers.StringRelatedField()
    from_status = serializers.CharField(**READ_ONLY_TEXT)
    to_status = serializers.CharField(**READ_ONLY_TEXT)

    class Meta:
        model = AssessmentTransition
        fields = ["from_status", "to_status", "actor", "at", "comment"]


class AssessmentSerializer(ContractModelSerializer):
    region = code_field(Region.objects.all(), required=False, allow_null=True)
    province = code_field(Province.objects.all(), required=False, allow_null=True)
    municipality = code_field(Municipality.objects.all(), required=False, allow_null=True)
    communities = code_field(community_queryset(), many=True, required=False)
    community_profiles = serializers.SlugRelatedField(
        slug_field="obc_id", many=True, read_only=True, help_text="OBC IDs of the profiles in the communities covered."
    )
    methods = serializers.ListField(child=serializers.ChoiceField(choices=METHOD_CHOICES), required=False)
    transitions = TransitionSerializer(many=True, read_only=True)
    status = serializers.CharField(**READ_ONLY_TEXT)

    class Meta:
        model = Assessment
        fields = [
            "id",
            *ASSESSMENT_INPUT_FIELDS,
            "community_profiles",
            "status",
            "transitions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "created_at", "updated_at"]
        extra_kwargs = {"facilitators": {"required": False}}


class StatusChangeSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=Assessment.Status.choices)
    comment = StrictCharField(required=False, allow_blank=True, default="")


class ChoiceSerializer(ContractModelSerializer):
    class Meta:
        model = Choice
        fields = ["id", "label", "order"]


class QuestionSerializer(ContractModelSerializer):
    choices = ChoiceSerializer(many=True, read_only=True)

    class Meta:
        model = Question
        fields = [
            "id",
            "section",
            "order",
            "text",
            "help_text",
            "qtype",
            "required",
            "scale_min",
            "scale_max",
            "min_value",
            "max_value",
            "choices",
        ]


class QuestionInputSerializer(serializers.Serializer):
    text = StrictCharField(max_length=500)
    qtype = serializers.ChoiceField(choices=Question.Type.choices)
    required = StrictBooleanField(default=False)
    help_text = StrictCharField(required=False, allow_blank=True, default="")
    section = StrictIntegerField(required=False, allow_null=True)
    order = StrictIntegerField(required=False, allow_null=True)
    scale_min = StrictIntegerField(required=False)
    scale_max = StrictIntegerField(required=False)
    min_value = StrictFloatField(required=False, allow_null=True)
    max_value = StrictFloatField(required=False, allow_null=True)
    choices = serializers.ListField(child=StrictCharField(max_length=200), required=False, default=list)


class SectionSerializer(ContractModelSerializer):
    class Meta:
        model = Section
        fields = ["id", "title", "description", "order"]


class VersionSerializer(ContractModelSerializer):
    sections = SectionSerializer(many=True, read_only=True)
    status = serializers.CharField(**READ_ONLY_TEXT)
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = InstrumentVersion
        fields = ["id", "number", "status", "published_at", "sections", "questions"]


class InstrumentSerializer(ContractModelSerializer):
    versions = VersionSerializer(many=True, read_only=True)

    class Meta:
        model = Instrument
        fields = ["id", "assessment", "title", "kind", "description", "versions"]


class ResponseSerializer(ContractModelSerializer):
    """``answers``: {question id (or "q<id>"): value}. Values: text, number, "YYYY-MM-DD", true/false,
    a choice id (single) or a list of choice ids (multiple)."""

    answers = serializers.DictField(child=serializers.JSONField(), write_only=True, required=False, default=dict)
    submit = StrictBooleanField(write_only=True, default=False)
    values = serializers.SerializerMethodField()
    status = serializers.CharField(**READ_ONLY_TEXT)

    class Meta:
        model = Response
        fields = [
            "id",
            "assessment",
            "session",
            "version",
            "participant",
            "group_label",
            "group_members",
            "status",
            "submitted_at",
            "answers",
            "submit",
            "values",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["assessment", "version", "status", "submitted_at", "created_at", "updated_at"]
        extra_kwargs = {"group_members": {"required": False}, "session": {"required": True}}

    def get_values(self, obj) -> dict:
        from mana.services.responses import answers_as_initial

        return answers_as_initial(obj)


class NeedSerializer(ContractModelSerializer):
    affected_communities = code_field(community_queryset(), many=True, required=False)
    affected_profiles = serializers.SlugRelatedField(
        slug_field="obc_id", many=True, read_only=True, help_text="OBC IDs of the profiles in the affected communities."
    )
    category = serializers.ChoiceField(choices=NeedCategory.choices)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    province = serializers.SlugRelatedField(slug_field="code", read_only=True)
    severity = StrictIntegerField(min_value=1, max_value=5, help_text="1 (low) to 5 (high)")
    urgency = StrictIntegerField(min_value=1, max_value=5, help_text="1 (low) to 5 (high)")
    feasibility = StrictIntegerField(min_value=1, max_value=5, help_text="1 (low) to 5 (high)")
    status = serializers.CharField(**READ_ONLY_TEXT)

    class Meta:
        model = Need
        fields = [
            "id",
            "assessment",
            "region",
            "province",
            *NEED_INPUT_FIELDS,
            "affected_profiles",
            "priority_score",
            "vote_count",
            "status",
            "forwarded_to",
            "forwarded_to_organization",
            "forwarded_at",
            "agency_response",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["priority_score", "vote_count", "status", "forwarded_at", "created_at", "updated_at"]
        extra_kwargs = {"evidence_responses": {"required": False}}


class NeedBoardSerializer(NeedSerializer):
    """A row of the prioritisation board: the need and its rank (1 = highest priority)."""

    rank = serializers.IntegerField(read_only=True)

    class Meta(NeedSerializer.Meta):
        fields = [*NeedSerializer.Meta.fields, "rank"]


class VoteSerializer(serializers.Serializer):
    participant = StrictIntegerField(
        required=False, allow_null=True, min_value=1, help_text="The participant voting (else the signed-in user)."
    )


class NeedStatusChangeSerializer(StatusChangeSerializer):
    to_status = serializers.ChoiceField(choices=Need.Status.choices)
    forwarded_to = StrictCharField(
        required=False, allow_blank=True, default="", help_text="Name or acronym of a known organization."
    )
    forwarded_to_organization = StrictIntegerField(
        required=False, allow_null=True, default=None, help_text="Id of the organization (coordination API)."
    )
    agency_response = StrictCharField(required=False, allow_blank=True, default="")
