"""MANA API against its OpenAPI schema (issue 8 item 9): shapes, enums, bounds and JSON types."""

import pytest
from rest_framework.test import APIClient

from mana.services import needs as need_service

pytestmark = pytest.mark.django_db
BASE = "/api/v1/mana"
SCHEMA = "/api/v1/schema/?format=json"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def need(facilitator_ix, assessment, aliguay):
    return need_service.create_need(
        user=facilitator_ix,
        assessment=assessment,
        category="health",
        title="Barangay health station",
        severity=4,
        urgency=4,
        feasibility=4,
        affected_communities=[aliguay],
    )


def response_schema(user, path, method="get", status="200"):
    schema = api(user).get(SCHEMA).json()
    return schema, schema["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]


def test_needs_board_is_documented_as_an_array_of_ranked_needs(officer_ix, need):
    schema, body = response_schema(officer_ix, f"{BASE}/needs/board/")
    assert body == {"type": "array", "items": {"$ref": "#/components/schemas/NeedBoard"}}
    assert "rank" in schema["components"]["schemas"]["NeedBoard"]["required"]
    rows = api(officer_ix).get(f"{BASE}/needs/board/").json()
    assert isinstance(rows, list) and rows[0]["rank"] == 1 and rows[0]["id"] == need.pk


def test_transition_is_documented_with_what_it_answers(officer_ix):
    _, body = response_schema(officer_ix, f"{BASE}/assessments/{{id}}/transition/", "post")
    assert body == {"$ref": "#/components/schemas/Assessment"}


@pytest.mark.parametrize("query", ["session=1e308", "assessment=-5", "version=99999999999999999999999", "session=1.5"])
def test_id_filters_out_of_range_are_refused_not_a_server_error(facilitator_ix, query):
    response = api(facilitator_ix).get(f"{BASE}/responses/?{query}")
    assert response.status_code == 400


def test_min_score_filter_keeps_to_its_documented_range(officer_ix, need):
    assert api(officer_ix).get(f"{BASE}/needs/?min_score=1.7976931348623157e308").status_code == 400
    assert api(officer_ix).get(f"{BASE}/needs/?min_score=10").status_code == 200


def test_need_transition_to_a_status_outside_the_enum_is_refused(facilitator_ix, need):
    response = api(facilitator_ix).post(f"{BASE}/needs/{need.pk}/transition/", {"to_status": "preparation"})
    assert response.status_code == 400
    assert "to_status" in response.json()["errors"]


def test_vote_refuses_a_participant_that_is_not_an_id(officer_ix, need):
    response = api(officer_ix).post(f"{BASE}/needs/{need.pk}/vote/", {"participant": "x"})
    assert response.status_code == 400
    assert "participant" in response.json()["errors"]
    assert api(officer_ix).post(f"{BASE}/needs/{need.pk}/vote/", [1, 2]).status_code == 400


def test_assessment_facilitators_as_an_object_are_refused(administrator, assessment):
    response = api(administrator).patch(f"{BASE}/assessments/{assessment.pk}/", {"facilitators": {}})
    assert response.status_code == 400
    assert "facilitators" in response.json()["errors"]


def test_assessment_budget_takes_a_number_or_its_string(administrator, assessment):
    for budget in (1500, "1500.50"):
        response = api(administrator).patch(
            f"{BASE}/assessments/{assessment.pk}/", {"budget": budget}, HTTP_IF_MATCH="*"
        )
        assert response.status_code == 200, response.json()
    refused = api(administrator).patch(f"{BASE}/assessments/{assessment.pk}/", {"budget": True}, HTTP_IF_MATCH="*")
    assert refused.status_code == 400


def test_publish_without_a_draft_answers_one_error_shape(facilitator_ix, instrument):
    response = api(facilitator_ix).post(f"{BASE}/instruments/{instrument.pk}/publish/")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["non_field_errors"]
