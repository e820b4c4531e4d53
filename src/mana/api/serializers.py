"""API shapes. Serializers validate the request's shape only; rules live in the services."""

from rest_framework import serializers

from common.api.fields import (
    ContractModelSerializer,
    StrictBooleanField,
    StrictCharField,
    StrictFloatField,
    StrictIntegerField,
    StrictPrimaryKeyRelatedField,
    StrictSlugRelatedField,
)
from common.appkit.api import ScopedRelatedFieldsMixin
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
    Participant,
    Question,
    Response,
    Section,
    Session,
)
from mana.models.assessments import ASSESSMENT_INPUT_FIELDS
from mana.models.needs import NEED_INPUT_FIELDS
from mana.services.access import staff_users


def _visible_communities(user):
    return community_queryset().for_user(user) if user is not None else community_queryset().none()


def _visible_responses(user):
    return Response.objects.for_user(user).alive() if user is not None else Response.objects.none()


def code_field(queryset, **kwargs):
    messages = {"does_not_exist": "Nothing with code {value} in your assigned areas."}
    return StrictSlugRelatedField(slug_field="code", queryset=queryset, error_messages=messages, **kwargs)


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


class AssessmentSerializer(ScopedRelatedFieldsMixin, ContractModelSerializer):
    region = code_field(Region.objects.none(), required=False, allow_null=True)
    province = code_field(Province.objects.none(), required=False, allow_null=True)
    municipality = code_field(Municipality.objects.none(), required=False, allow_null=True)
    communities = code_field(community_queryset().none(), many=True, required=False)
    community_profiles = serializers.SlugRelatedField(
        slug_field="obc_id", many=True, read_only=True, help_text="OBC IDs of the profiles in the communities covered."
    )
    scoped_fields = {
        "region": (Region, "view"),
        "province": (Province, "view"),
        "municipality": (Municipality, "view"),
        "communities": (_visible_communities, ""),
        "lead": (staff_users, ""),
        "facilitators": (staff_users, ""),
    }
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
            "findings_summary",
            "transitions",
            "revision",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "findings_summary", "revision", "created_at", "updated_at"]
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


class InstrumentSerializer(ScopedRelatedFieldsMixin, ContractModelSerializer):
    versions = VersionSerializer(many=True, read_only=True)
    scoped_fields = {"assessment": (Assessment, "change")}

    class Meta:
        model = Instrument
        fields = ["id", "assessment", "title", "kind", "description", "versions"]


ANSWERS_HELP = (
    '{question id (or "q<id>"): value}. Values: text, number, "YYYY-MM-DD", true/false, a choice id '
    "(single) or a list of choice ids (multiple)."
)


class ResponseSerializer(serializers.ModelSerializer):
    """A response as read: its answers as ``values`` (field name → value)."""

    values = serializers.SerializerMethodField()
    status = serializers.CharField(**READ_ONLY_TEXT)

    class Meta:
        model = Response
        fields = [
            "id", "assessment", "session", "version", "participant", "group_label", "group_members", "status",
            "submitted_at", "values", "revision", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_values(self, obj) -> dict:
        from mana.services.responses import answers_as_initial

        return answers_as_initial(obj)


class ResponseUpdateSerializer(serializers.Serializer):
    """What an edit of a response sends (the session and respondent never change)."""

    answers = serializers.DictField(child=serializers.JSONField(), required=False, default=dict, help_text=ANSWERS_HELP)
    group_label = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
    submit = StrictBooleanField(default=False, help_text="Finalise: required questions must be answered.")

    def to_representation(self, instance):
        return ResponseSerializer(instance, context=self.context).data


class ResponseCreateSerializer(ScopedRelatedFieldsMixin, ResponseUpdateSerializer):
    """What a new response sends: the session, and a participant or the members of a group."""

    session = StrictPrimaryKeyRelatedField(queryset=Session.objects.none())
    participant = StrictPrimaryKeyRelatedField(queryset=Participant.objects.none(), required=False, allow_null=True)
    group_members = StrictPrimaryKeyRelatedField(queryset=Participant.objects.none(), many=True, required=False)

    scoped_fields = {
        "session": (Session, "change"),
        "participant": (Participant, "view"),
        "group_members": (Participant, "view"),
    }


class NeedSerializer(ScopedRelatedFieldsMixin, ContractModelSerializer):
    affected_communities = code_field(community_queryset().none(), many=True, required=False)
    affected_profiles = serializers.SlugRelatedField(
        slug_field="obc_id", many=True, read_only=True, help_text="OBC IDs of the profiles in the affected communities."
    )
    scoped_fields = {
        "assessment": (Assessment, "change"),
        "affected_communities": (_visible_communities, ""),
        "evidence_responses": (
            lambda user: Response.objects.for_user(user).alive() if user else Response.objects.none(),
            "",
        ),
    }
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
            "revision",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "priority_score", "vote_count", "status", "forwarded_at", "revision", "created_at", "updated_at",
        ]  # fmt: skip
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
