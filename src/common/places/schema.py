"""OpenAPI: a place filter is documented as its query parameters, one per level."""

from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from common.places.filters import PlaceFilter
from common.places.labels import LEVEL_LABELS


class PlaceFilterExtension(DjangoFilterExtension):
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        if not isinstance(filter_field, PlaceFilter):
            return super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        return [
            build_parameter_type(
                name=level,
                location=OpenApiParameter.QUERY,
                description=f"{LEVEL_LABELS[level]}, by PSGC code (only the user's areas).",
                schema=build_basic_type(OpenApiTypes.STR),
            )
            for level in filter_field.levels
        ]
