"""Communities API against its OpenAPI schema (issue 8 item 9): true list shapes and JSON types."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from common.tests import personas
from communities import services
from communities.models import ProvincialCoverage
from communities.tests.factories import make_community

pytestmark = pytest.mark.django_db
SCHEMA = "/api/v1/schema/?format=json"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def body(schema, path, status="200"):
    return schema["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]


@pytest.fixture
def schema(administrator):
    return api(administrator).get(SCHEMA).json()


def test_deleted_records_are_documented_as_a_page_of_rows(administrator, schema):
    assert body(schema, "/api/v1/communities/deleted/") == {"$ref": "#/components/schemas/PaginatedBarangayOBCListList"}
    community = make_community(personas.ALIGUAY)
    services.soft_delete_community(user=administrator, community=community)
    page = api(administrator).get(reverse("communities-api:community-deleted")).json()
    assert [row["id"] for row in page["results"]] == [community.pk]


def test_map_markers_are_documented_as_an_array_of_points(administrator, schema):
    assert body(schema, "/api/v1/communities/map/") == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/MapPoint"},
    }
    assert set(schema["components"]["schemas"]["MapPoint"]["required"]) == {
        "id",
        "obc_id",
        "name",
        "lat",
        "lng",
        "population",
    }
    make_community(personas.ALIGUAY, latitude=8.7, longitude=123.4)
    rows = api(administrator).get(reverse("communities-api:community-map")).json()
    assert isinstance(rows, list) and set(rows[0]) == {"id", "obc_id", "name", "lat", "lng", "population"}


def test_statistics_are_documented_field_by_field_and_take_the_list_filters(schema):
    statistics = schema["components"]["schemas"]["Statistics"]
    assert statistics["properties"]["totals"] == {"$ref": "#/components/schemas/StatisticsTotals"}
    names = {p["name"] for p in schema["paths"]["/api/v1/communities/statistics/"]["get"]["parameters"]}
    assert {"region", "province", "ethnolinguistic_group", "livelihood"} <= names


def test_empty_filter_value_means_any_as_documented(administrator, schema):
    params = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/communities/statistics/"]["get"]["parameters"]}
    assert params["ethnolinguistic_group"]["enum"][0] == ""
    response = api(administrator).get(reverse("communities-api:community-statistics"), {"ethnolinguistic_group": ""})
    assert response.status_code == 200
    refused = api(administrator).get(reverse("communities-api:community-statistics"), {"ethnolinguistic_group": "x"})
    assert refused.status_code == 400


def test_coverage_notes_must_be_text(administrator):
    make_community(personas.ALIGUAY)
    coverage = ProvincialCoverage.objects.first()
    url = reverse("communities-api:provincial-coverage-detail", args=[coverage.pk])
    assert api(administrator).patch(url, {"notes": 0}, HTTP_IF_MATCH="*").status_code == 400
    saved = api(administrator).patch(url, {"notes": "Checked with the provincial office"}, HTTP_IF_MATCH="*")
    assert saved.status_code == 200


def test_barangay_code_must_be_text(administrator):
    # SQLite compares 1206306002 equal to the text "1206306002": DRF took the number as the code.
    response = api(administrator).post(
        reverse("communities-api:community-list"), {"barangay": 1206306002, "estimated_obc_population": 10}
    )
    assert response.status_code == 400
    assert "barangay" in response.json()["errors"]
