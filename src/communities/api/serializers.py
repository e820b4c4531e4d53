"""Serializers of the communities API. They shape data; the services validate and write it
(the same rules as the pages)."""

from __future__ import annotations

from rest_framework import serializers

from common import personal_data
from common.api.fields import ContractModelSerializer, StrictPrimaryKeyRelatedField, StrictSlugRelatedField
from common.appkit.api import ScopedRelatedFieldsMixin
from common.models import Barangay
from communities.models import BarangayOBC, ChoiceListField, CommunityLeader, MunicipalCoverage, ProvincialCoverage
from communities.services import CURATED_FIELDS, EDITABLE_FIELDS, LEADER_FIELDS


class ChoiceListSerializerField(serializers.ListField):
    def to_internal_value(self, data):
        return list(dict.fromkeys(super().to_internal_value(data)))


class CommunityLeaderSerializer(ScopedRelatedFieldsMixin, ContractModelSerializer):
    community = StrictPrimaryKeyRelatedField(queryset=BarangayOBC.objects.none())
    scoped_fields = {"community": (BarangayOBC, "view")}

    class Meta:
        model = CommunityLeader
        fields = ["id", "community", *sorted(LEADER_FIELDS), "revision", "created_at", "updated_at"]
        read_only_fields = ["revision", "created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["community"].read_only = True
        return fields


class PlaceField(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class BarangayOBCSerializer(ScopedRelatedFieldsMixin, ContractModelSerializer):
    barangay = StrictSlugRelatedField(
        slug_field="code",
        queryset=Barangay.objects.none(),
        help_text="PSGC code of the barangay (one in your assigned areas).",
        error_messages={"does_not_exist": "No barangay with code {value} in your assigned areas."},
    )
    scoped_fields = {"barangay": (Barangay, "view")}
    barangay_name = serializers.CharField(source="barangay.name", read_only=True)
    municipality = PlaceField(read_only=True)
    province = PlaceField(read_only=True)
    region = serializers.CharField(source="province.region.short_name", read_only=True)
    leaders = serializers.SerializerMethodField()

    class Meta:
        model = BarangayOBC
        fields = [
            "id",
            "obc_id",
            "barangay",
            "barangay_name",
            "municipality",
            "province",
            "region",
            "total_barangay_population",
            *sorted(EDITABLE_FIELDS),
            "leaders",
            "revision",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["obc_id", "total_barangay_population", "revision", "created_at", "updated_at"]

    def build_standard_field(self, field_name, model_field):
        if isinstance(model_field, ChoiceListField):
            child = serializers.ChoiceField(choices=model_field.choices_enum.choices)
            return ChoiceListSerializerField, {"child": child, "required": False, "allow_empty": True}
        return super().build_standard_field(field_name, model_field)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is None or not personal_data.can_view(request.user, CommunityLeader):
            fields.pop("leaders")
        return fields

    def get_leaders(self, obj) -> list[dict]:
        leaders = getattr(obj, "visible_leaders", None)
        if leaders is None:
            leaders = CommunityLeader.objects.for_user(self.context["request"].user).filter(community=obj)
        return CommunityLeaderSerializer(leaders, many=True, context=self.context).data

    def get_validators(self):
        return []  # the service validates (uniqueness included), as for the pages


class BarangayOBCListSerializer(BarangayOBCSerializer):
    """Lighter rows for lists (no leaders)."""

    def get_fields(self):
        fields = super().get_fields()
        fields.pop("leaders", None)
        return fields


class _CoverageSerializer(ContractModelSerializer):
    unattributed_obc_population = serializers.IntegerField(read_only=True, allow_null=True)

    rollup_fields = [
        "community_count",
        "barangay_count",
        "attributed_obc_population",
        "households",
        "families",
        "rolled_up_at",
    ]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is None or not personal_data.can_view(request.user, self.Meta.model):
            fields.pop("focal_persons", None)
        return fields


class MunicipalCoverageSerializer(_CoverageSerializer):
    municipality = PlaceField(read_only=True)
    province = PlaceField(source="municipality.province", read_only=True)

    class Meta:
        model = MunicipalCoverage
        fields = [
            "id",
            "municipality",
            "province",
            *_CoverageSerializer.rollup_fields,
            "unattributed_obc_population",
            *CURATED_FIELDS,
            "revision",
            "updated_at",
        ]
        read_only_fields = [*_CoverageSerializer.rollup_fields, "revision", "updated_at"]


class ProvincialCoverageSerializer(_CoverageSerializer):
    province = PlaceField(read_only=True)
    region = serializers.CharField(source="province.region.short_name", read_only=True)

    class Meta:
        model = ProvincialCoverage
        fields = [
            "id",
            "province",
            "region",
            "municipality_count",
            *_CoverageSerializer.rollup_fields,
            "unattributed_obc_population",
            *CURATED_FIELDS,
            "revision",
            "updated_at",
        ]
        read_only_fields = ["municipality_count", *_CoverageSerializer.rollup_fields, "revision", "updated_at"]


class StatisticsTotalsSerializer(serializers.Serializer):
    communities = serializers.IntegerField()
    obc_population = serializers.IntegerField()
    households = serializers.IntegerField()
    families = serializers.IntegerField()
    provinces = serializers.IntegerField()
    municipalities = serializers.IntegerField()
    barangays = serializers.IntegerField()


class ProvinceFiguresSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    communities = serializers.IntegerField()
    obc_population = serializers.IntegerField()


class GroupFiguresSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    communities = serializers.IntegerField()
    obc_population = serializers.IntegerField()


class AccessFiguresSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    average = serializers.FloatField(allow_null=True, help_text="Average rating, or null when none is rated.")
    rated = serializers.IntegerField()


class StatisticsSerializer(serializers.Serializer):
    """The shape of ``selectors.dashboard_statistics``."""

    totals = StatisticsTotalsSerializer()
    by_province = ProvinceFiguresSerializer(many=True)
    by_ethnolinguistic_group = GroupFiguresSerializer(many=True)
    access = AccessFiguresSerializer(many=True)


class MapPointSerializer(serializers.Serializer):
    """One marker of ``selectors.map_points``."""

    id = serializers.IntegerField()
    obc_id = serializers.CharField()
    name = serializers.CharField()
    lat = serializers.FloatField()
    lng = serializers.FloatField()
    population = serializers.IntegerField()
