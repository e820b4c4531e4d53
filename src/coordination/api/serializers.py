"""Coordination API serializers: read shapes (what a list/detail returns) and write shapes (what a
create/update accepts: places as PSGC codes, related records as ids limited by ``for_user``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api.fields import StrictCharField, StrictIntegerField
from common.validators import plausible_datetime
from communities.models import BarangayOBC
from coordination.models import ActionItem, Engagement, Organization, Partnership, Sector, resolve_place
from coordination.services.base import staff_users


class PlaceCodesField(serializers.ListField):
    child = serializers.CharField(max_length=10)

    def to_internal_value(self, data):
        codes = super().to_internal_value(data)
        try:
            return [resolve_place(c) for c in codes]
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error


class PlaceCodeField(serializers.CharField):
    def to_internal_value(self, data):
        code = super().to_internal_value(data)
        try:
            return resolve_place(code)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error


@extend_schema_field(OpenApiTypes.INT)
class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A related record by id, offered and accepted only from ``model.objects.for_user(user)``."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.model.objects.for_user(request.user) if request else self.model.objects.none()


@extend_schema_field(OpenApiTypes.INT)
class StaffUserField(serializers.PrimaryKeyRelatedField):
    """A user by id, offered and accepted only from ``staff_users(caller)``: OOBC staff of the
    caller's areas (an id outside them is answered like one that does not exist)."""

    def get_queryset(self):
        request = self.context.get("request")
        return staff_users(request.user if request else None)


def _areas(obj):
    return [{"code": a.place_code, "label": a.place_label} for a in obj.areas.all()]


class OrganizationSerializer(serializers.ModelSerializer):
    type = serializers.CharField(source="org_type", read_only=True)
    type_label = serializers.CharField(source="get_org_type_display", read_only=True)
    sectors = serializers.SerializerMethodField()
    areas = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = ["id", "name", "acronym", "type", "type_label", "parent", "status", "is_nationwide", "mandate",
                  "sectors", "areas", "website", "office_email", "office_phone", "address", "revision",
                  "updated_at"]  # fmt: skip

    def get_sectors(self, obj) -> list[str]:
        return [r.sector for r in obj.sector_rows.all()]

    def get_areas(self, obj) -> list[dict]:
        return _areas(obj)


class OrganizationWriteSerializer(serializers.Serializer):
    name = StrictCharField(max_length=255)
    acronym = StrictCharField(max_length=30, required=False, allow_blank=True, default="")
    org_type = serializers.ChoiceField(choices=Organization._meta.get_field("org_type").choices)
    parent = ScopedPrimaryKeyField(Organization, required=False, allow_null=True, default=None)
    status = serializers.ChoiceField(choices=Organization.Status.choices, default=Organization.Status.ACTIVE)
    is_nationwide = serializers.BooleanField(default=False)
    mandate = StrictCharField(required=False, allow_blank=True, default="")
    sectors = serializers.ListField(child=serializers.ChoiceField(choices=Sector.choices), default=list)
    areas = PlaceCodesField(default=list)
    lgu_unit = PlaceCodeField(required=False, allow_null=True, default=None)
    website = serializers.URLField(required=False, allow_blank=True, default="")
    office_email = serializers.EmailField(required=False, allow_blank=True, default="")
    office_phone = StrictCharField(max_length=60, required=False, allow_blank=True, default="")
    address = StrictCharField(max_length=255, required=False, allow_blank=True, default="")


class EngagementSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    place = serializers.CharField(source="place_code", read_only=True)
    place_label = serializers.CharField(read_only=True)
    organizations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    communities = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Engagement
        fields = ["id", "kind", "kind_label", "title", "starts_at", "ends_at", "venue", "place", "place_label",
                  "status", "organizations", "communities", "lead", "assessment", "partnership",
                  "attendance_male", "attendance_female", "attendance_youth", "attendance_women",
                  "attendance_elders", "attendance_religious", "attendance_pwd", "agenda", "minutes", "outcomes",
                  "revision", "updated_at"]  # fmt: skip


class EngagementWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Engagement.Kind.choices)
    title = StrictCharField(max_length=200)
    starts_at = serializers.DateTimeField(validators=[plausible_datetime])
    ends_at = serializers.DateTimeField(required=False, allow_null=True, default=None, validators=[plausible_datetime])
    venue = StrictCharField(max_length=255, required=False, allow_blank=True, default="")
    place = PlaceCodeField()
    organizations = ScopedPrimaryKeyField(Organization, many=True, required=False, default=list)
    communities = ScopedPrimaryKeyField(BarangayOBC, many=True, required=False, default=list)
    agenda = StrictCharField(required=False, allow_blank=True, default="")
    minutes = StrictCharField(required=False, allow_blank=True, default="")
    outcomes = StrictCharField(required=False, allow_blank=True, default="")
    attendance_male = StrictIntegerField(min_value=0, default=0)
    attendance_female = StrictIntegerField(min_value=0, default=0)
    attendance_youth = StrictIntegerField(min_value=0, default=0)
    attendance_women = StrictIntegerField(min_value=0, default=0)
    attendance_elders = StrictIntegerField(min_value=0, default=0)
    attendance_religious = StrictIntegerField(min_value=0, default=0)
    attendance_pwd = StrictIntegerField(min_value=0, default=0)


class CoordinationTransitionSerializer(serializers.Serializer):
    to_status = StrictCharField(max_length=20)
    comment = StrictCharField(required=False, allow_blank=True, default="")
    starts_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, validators=[plausible_datetime]
    )
    ends_at = serializers.DateTimeField(required=False, allow_null=True, default=None, validators=[plausible_datetime])


class PartnershipSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    parties = serializers.SerializerMethodField()
    areas = serializers.SerializerMethodField()

    class Meta:
        model = Partnership
        fields = ["id", "kind", "kind_label", "reference_no", "title", "purpose", "status", "is_nationwide",
                  "effective_date", "expiry_date", "owner", "predecessor", "parties", "areas", "revision",
                  "updated_at"]  # fmt: skip

    def get_parties(self, obj) -> list[dict]:
        return [{"organization": p.organization_id, "name": p.organization.name, "role": p.role}
                for p in obj.parties.all()]  # fmt: skip

    def get_areas(self, obj) -> list[dict]:
        return _areas(obj)


class PartyInputSerializer(serializers.Serializer):
    organization = ScopedPrimaryKeyField(Organization)
    role = serializers.ChoiceField(choices=Partnership.parties.rel.related_model.Role.choices, default="partner")

    def validate(self, attrs):
        # A PATCH validates nested rows as partial too; a party is nothing without its organization.
        if "organization" not in attrs:
            raise serializers.ValidationError({"organization": "This field is required."})
        return attrs


class PartnershipWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Partnership.Kind.choices)
    reference_no = StrictCharField(max_length=60, required=False, allow_blank=True, default="")
    title = StrictCharField(max_length=255)
    purpose = StrictCharField(required=False, allow_blank=True, default="")
    is_nationwide = serializers.BooleanField(default=False)
    effective_date = serializers.DateField(required=False, allow_null=True, default=None)
    expiry_date = serializers.DateField(required=False, allow_null=True, default=None)
    areas = PlaceCodesField(default=list)
    communities = ScopedPrimaryKeyField(BarangayOBC, many=True, required=False, default=list)
    parties = PartyInputSerializer(many=True, required=False, default=list)


class ActionItemSerializer(serializers.ModelSerializer):
    is_overdue = serializers.BooleanField(read_only=True)
    place = serializers.CharField(source="place_code", read_only=True)

    class Meta:
        model = ActionItem
        fields = ["id", "title", "details", "owner", "due_date", "status", "is_overdue", "engagement",
                  "responsible_organization", "place", "drop_reason", "closed_at", "closed_by", "revision",
                  "updated_at"]  # fmt: skip


class ActionItemWriteSerializer(serializers.Serializer):
    title = StrictCharField(max_length=200)
    details = StrictCharField(required=False, allow_blank=True, default="")
    owner = StaffUserField()
    due_date = serializers.DateField()
    engagement = ScopedPrimaryKeyField(Engagement, required=False, allow_null=True, default=None)
    place = PlaceCodeField(required=False, allow_null=True, default=None)
    responsible_organization = ScopedPrimaryKeyField(Organization, required=False, allow_null=True, default=None)
