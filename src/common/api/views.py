"""Location API for the Region → Province → City/Municipality → Barangay cascade.

Each endpoint returns one level below one parent (never the whole tree). Any signed-in user may
read the hierarchy; ``?scope=mine`` narrows every level to the user's assigned areas through the
shared ``for_user`` rule (the Add Barangay OBC form uses it).
"""

import re

from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control, patch_vary_headers
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from common.access import has_national_scope
from common.api import serializers as s
from common.locations import search as location_search
from common.models import Barangay, Municipality, Province, Region
from common.places.labels import place_labels

CACHE_SECONDS = 3600
SCOPES = ("all", "mine")
SCOPE_PARAM = OpenApiParameter(
    "scope", OpenApiTypes.STR, enum=list(SCOPES), description="`mine`: only the user's assigned areas."
)
SEARCH_MAX_CHARS = 100
SPACES = " \t\n\r\f\v"  # the ones the schema's pattern names (Python's str.strip() knows more)


def scope_of(request) -> str:
    """``?scope``: ``all`` (default) or ``mine``; anything else is refused (the schema's enum)."""
    scope = request.query_params.get("scope") or "all"  # empty means not given
    if scope not in SCOPES:
        raise ValidationError({"scope": f"Choose one of {', '.join(SCOPES)}."})
    return scope


class LocationView:
    """Shared behaviour: scoping, private cache headers, no pagination (each level is small)."""

    pagination_class = None

    def parent(self, model):
        return get_object_or_404(model, code=self.kwargs["code"])

    def scoped(self, queryset):
        if scope_of(self.request) == "mine":
            return queryset.for_user(self.request.user, "view")
        return queryset

    def list(self, request, *args, **kwargs):
        places = list(self.filter_queryset(self.get_queryset()))
        labels = place_labels(places)
        for place in places:
            place.display_label = labels[place.pk]
        return Response(self.get_serializer(places, many=True).data)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, private=True, max_age=CACHE_SECONDS)
            patch_vary_headers(response, ["Authorization", "Cookie"])
        return response


@extend_schema(parameters=[SCOPE_PARAM])
class RegionList(LocationView, generics.ListAPIView):
    serializer_class = s.RegionSerializer

    def get_queryset(self):
        return self.scoped(Region.objects.all()).order_by("code")


@extend_schema(parameters=[SCOPE_PARAM])
class ProvinceList(LocationView, generics.ListAPIView):
    """Provinces of a region; highly urbanized cities appear here as pseudo-provinces."""

    serializer_class = s.ProvinceSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return self.serializer_class.Meta.model.objects.none()
        region = self.parent(Region)
        return self.scoped(Province.objects.filter(region=region)).select_related("region").order_by("name")


@extend_schema(parameters=[SCOPE_PARAM])
class MunicipalityList(LocationView, generics.ListAPIView):
    serializer_class = s.MunicipalitySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return self.serializer_class.Meta.model.objects.none()
        province = self.parent(Province)
        return (
            self.scoped(Municipality.objects.for_cascade().filter(province=province))
            .select_related("province")
            .order_by("name")
        )


@extend_schema(parameters=[SCOPE_PARAM])
class BarangayList(LocationView, generics.ListAPIView):
    serializer_class = s.BarangaySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return self.serializer_class.Meta.model.objects.none()
        municipality = self.parent(Municipality)
        return (
            self.scoped(Barangay.objects.of_municipality(municipality))
            .select_related("municipality__parent_city")
            .order_by("name")
        )


class LocationSearch(LocationView, APIView):
    """Search every level by name, tolerant of accents, abbreviations and typos."""

    MAX_LIMIT = 50

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                # At least 2 characters besides leading/trailing spaces; at most 100 characters in all.
                {"type": "string", "pattern": r"[^ \t\n\r\f\v][\s\S]*[^ \t\n\r\f\v]", "maxLength": SEARCH_MAX_CHARS},
                required=True,
                description="e.g. `dapitan`, `Sto. Nino`",
            ),
            OpenApiParameter("level", OpenApiTypes.STR, enum=list(location_search.LEVEL_ORDER)),
            OpenApiParameter("limit", OpenApiTypes.INT, description=f"Default 10; kept within 1–{MAX_LIMIT}."),
            SCOPE_PARAM,
        ],
        responses=s.SearchResultSerializer(many=True),
    )
    def get(self, request):
        raw = request.query_params.get("q", "")
        query = raw.strip(SPACES)
        if len(query) < 2:
            raise ValidationError({"q": "Type at least 2 characters."})
        if len(raw) > SEARCH_MAX_CHARS:
            raise ValidationError({"q": f"Keep the search to {SEARCH_MAX_CHARS} characters."})
        scope = scope_of(request)
        level = request.query_params.get("level")
        level = level or None  # empty means any level
        if level is not None and level not in location_search.LEVEL_ORDER:
            raise ValidationError({"level": f"Choose one of {', '.join(location_search.LEVEL_ORDER)}."})
        limit = request.query_params.get("limit") or "10"
        if not re.fullmatch(r"-?[0-9]+", limit):  # int() would also take " 5", "+5" and "5_0"
            raise ValidationError({"limit": "Give a whole number."})
        limit = min(max(int(limit), 1), self.MAX_LIMIT)
        # Scoped search filters by the user's areas before it ranks and cuts (limit=5 gives 5 of yours).
        allowed = self._user_areas(level) if scope == "mine" else None
        hits = location_search.search(query, limit=limit, levels={level} if level else None, allowed=allowed)
        return Response(s.SearchResultSerializer([self._row(*hit) for hit in hits], many=True).data)

    def _user_areas(self, level=None) -> dict[str, set[int]] | None:
        """The places of the user's areas, by level (None: every place), to filter before ranking."""
        user = self.request.user
        if has_national_scope(user):
            return None
        allowed = {}
        for name, model in (("region", Region), ("province", Province), ("municipality", Municipality),
                            ("barangay", Barangay)):  # fmt: skip
            if level and name != level:
                continue
            allowed[name] = set(model.objects.for_user(user).values_list("pk", flat=True))
        return allowed

    @staticmethod
    def _row(level, obj, score):
        path = location_search.path_of(obj)
        return {
            "code": obj.code,
            "name": obj.name,
            "level": level,
            "score": score,
            "population": obj.population,
            "full_path": ", ".join(p.name for p in reversed(path)),
            "path": [{"code": p.code, "name": p.name, "level": p.level} for p in path],
        }
