from rest_framework import serializers

from common.models import Barangay, Municipality, Province, Region
from common.places.labels import display_name


class _PlaceSerializer(serializers.ModelSerializer):
    type = serializers.SerializerMethodField()
    label = serializers.SerializerMethodField(
        help_text="The name to show: without the PSGC asterisk, and with the parent when the name occurs more "
        'than once at its level, e.g. "San Jose (Antique)".'
    )

    class Meta:
        fields = ["code", "name", "label", "type", "population", "population_year", "latitude", "longitude"]

    def get_label(self, obj) -> str:
        return getattr(obj, "display_label", None) or display_name(obj)

    def get_type(self, obj) -> str:
        return obj.level


class RegionSerializer(_PlaceSerializer):
    class Meta(_PlaceSerializer.Meta):
        model = Region
        fields = [*_PlaceSerializer.Meta.fields, "short_name"]


class ProvinceSerializer(_PlaceSerializer):
    class Meta(_PlaceSerializer.Meta):
        model = Province
        fields = [*_PlaceSerializer.Meta.fields, "kind", "income_class"]

    def get_type(self, obj) -> str:
        return "huc" if obj.kind == Province.Kind.HUC else obj.kind


class MunicipalitySerializer(_PlaceSerializer):
    class Meta(_PlaceSerializer.Meta):
        model = Municipality
        fields = [*_PlaceSerializer.Meta.fields, "city_class", "income_class"]

    def get_type(self, obj) -> str:
        return obj.kind


class BarangaySerializer(_PlaceSerializer):
    class Meta(_PlaceSerializer.Meta):
        model = Barangay
        fields = [*_PlaceSerializer.Meta.fields, "urban_rural"]


class PathItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.CharField()


class SearchResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.CharField()
    score = serializers.FloatField()
    population = serializers.IntegerField(allow_null=True)
    full_path = serializers.CharField()
    path = PathItemSerializer(many=True)
