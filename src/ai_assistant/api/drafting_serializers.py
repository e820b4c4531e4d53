"""Serializers of /api/v1/ai/drafts/: the draft out, what to draft and how it is accepted in."""

from __future__ import annotations

from rest_framework import serializers

from ai_assistant.drafting.services import MAX_TEXT
from ai_assistant.drafting.targets import TARGETS
from ai_assistant.models.drafts import Draft, DraftKind, ItemStatus
from common.api.fields import ContractModelSerializer, StrictCharField, StrictIntegerField


class DraftItemSerializer(serializers.Serializer):
    """A proposed action item (decided one by one, by its position in ``items``)."""

    title = StrictCharField(read_only=True)
    owner = serializers.IntegerField(read_only=True, allow_null=True, help_text="User id of the proposed owner.")
    owner_label = StrictCharField(read_only=True, help_text="The owner as matched, or as the minutes name them.")
    organization = serializers.IntegerField(read_only=True, allow_null=True)
    organization_label = StrictCharField(read_only=True)
    due_date = serializers.DateField(read_only=True, allow_null=True)
    source = StrictCharField(read_only=True, help_text="The line of the minutes it comes from.")
    status = serializers.ChoiceField(choices=ItemStatus.choices, read_only=True)
    action_item = serializers.IntegerField(read_only=True, allow_null=True, help_text="The item created on accept.")


class DraftSerializer(ContractModelSerializer):
    record = serializers.IntegerField(source="object_id", read_only=True, help_text="Id of the drafted record.")
    record_type = serializers.SerializerMethodField(help_text="app_label.model of the record.")
    items = DraftItemSerializer(many=True, read_only=True)
    job = serializers.IntegerField(source="job_id", read_only=True, allow_null=True,
                                   help_text="The background job writing it (/jobs/<id>/), if any.")  # fmt: skip

    class Meta:
        model = Draft
        fields = ["id", "kind", "record", "record_type", "status", "ready", "provider", "model", "note", "text",
                  "items", "job", "created_at", "decided_at"]  # fmt: skip
        read_only_fields = fields

    def get_record_type(self, draft) -> str:
        return TARGETS[draft.kind].model_label.lower()


class DraftCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DraftKind.choices)
    record = StrictIntegerField(min_value=1, help_text="Id of the recommendation, assessment or engagement.")


class DraftAcceptSerializer(serializers.Serializer):
    text = StrictCharField(required=False, max_length=MAX_TEXT, help_text="The corrected text (default: the draft's).")
    revision = StrictIntegerField(
        required=False, min_value=1,
        help_text="The record's revision (its ETag) as you read it; a stale one is refused.",
    )  # fmt: skip
    reason = StrictCharField(required=False, allow_blank=True, max_length=500,
                             help_text="Why endorsed content changes (a frozen recommendation).")  # fmt: skip


class DraftItemAcceptSerializer(serializers.Serializer):
    title = StrictCharField(required=False, max_length=200)
    owner = StrictIntegerField(required=False, min_value=1, help_text="User id (OOBC staff sharing your areas).")
    due_date = serializers.DateField(required=False)


class DraftItemAcceptedSerializer(serializers.Serializer):
    draft = DraftSerializer(read_only=True)
    action_item = serializers.IntegerField(read_only=True)
