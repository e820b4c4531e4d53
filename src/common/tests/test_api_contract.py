"""The API as a contract (issue 8 item 9): the shared mechanism in common.api.schema / common.api.fields.

What schemathesis checks end to end (deployment/scripts/api_contract.py, `make schemathesis`, CI) is
pinned here case by case, each with the defect it found.
"""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from common.api.fields import StrictCharField, StrictIntegerField, StrictPrimaryKeyRelatedField
from common.models import Region
from common.tests import personas

pytestmark = pytest.mark.django_db

SCHEMA = "/api/v1/schema/?format=json"
METHODS = ("get", "post", "put", "patch", "delete")


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def schema(officer_ix):
    response = api(officer_ix).get(SCHEMA)
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


# --- the schema and its pages need a signed-in user ------------------------------------------------
def test_anonymous_visitor_cannot_read_the_schema():
    response = api().get(SCHEMA)
    assert response.status_code == 401
    assert "detail" in response.json()


def test_signed_in_partner_can_read_the_schema(partner_ix):
    response = api(partner_ix).get(SCHEMA)
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "OBCMS API"


@pytest.mark.parametrize("name", ["swagger-ui", "redoc"])
def test_docs_pages_send_anonymous_visitors_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["swagger-ui", "redoc"])
def test_docs_pages_open_for_a_signed_in_officer(client, officer_ix, name):
    client.force_login(officer_ix)
    assert client.get(reverse(name)).status_code == 200


# --- every operation documents its error answers, in one shape -------------------------------------
def test_every_operation_documents_400_401_and_429_with_the_error_body(schema):
    for path, method, operation in operations(schema):
        for status in ("400", "401", "429"):
            assert status in operation["responses"], f"{method.upper()} {path} lacks {status}"
            body = operation["responses"][status]["content"]["application/json"]["schema"]
            assert body == {"$ref": "#/components/schemas/Error"}, f"{method.upper()} {path} {status}"


def test_operations_on_one_record_document_404_and_the_stale_write_answers(schema):
    checked = 0
    for path, method, operation in operations(schema):
        if "{" not in path:
            continue
        assert "404" in operation["responses"], f"{method.upper()} {path}"
        if method in ("put", "patch", "delete"):
            assert {"409", "412"} <= set(operation["responses"]), f"{method.upper()} {path}"
            checked += 1
    assert checked >= 10


def test_operations_with_a_body_document_400_and_415(schema):
    for path, method, operation in operations(schema):
        if method in ("post", "put", "patch"):
            assert {"400", "415"} <= set(operation["responses"]), f"{method.upper()} {path}"
            assert "requestBody" not in operation or set(operation["requestBody"]["content"]) == {"application/json"}, (
                f"{method.upper()} {path} takes only JSON"
            )


def test_a_bare_list_of_messages_is_answered_as_non_field_errors(administrator):
    from rest_framework.exceptions import ValidationError

    from common.appkit.api import exception_handler

    response = exception_handler(ValidationError(["No draft version."]), {})
    assert response.status_code == 400
    assert response.data == {
        "detail": "No draft version.",
        "code": "invalid",
        "errors": {"non_field_errors": ["No draft version."]},
    }


def test_an_unknown_api_address_answers_json_not_a_page(officer_ix):
    response = api(officer_ix).get("/api/v1/communities/%25/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found.", "code": "not_found", "errors": {}}


def test_an_unknown_page_address_still_answers_the_404_page(client, officer_ix):
    client.force_login(officer_ix)
    response = client.get("/communities/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_form_encoded_body_is_refused_with_415(administrator):
    response = api(administrator).post(
        reverse("communities-api:community-list"), {"barangay": personas.ALIGUAY}, format="multipart"
    )
    assert response.status_code == 415


# --- query parameters keep to their enums ----------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        reverse("locations:regions"),
        reverse("locations:provinces", args=[personas.REGION_IX]),
        reverse("locations:search") + "?q=dapitan&",
    ],
)
def test_scope_outside_its_enum_is_refused(officer_xii, url):
    joiner = "" if url.endswith("&") else "?"
    response = api(officer_xii).get(f"{url}{joiner}scope=AAA")
    assert response.status_code == 400
    assert "scope" in response.json()["errors"]


def test_empty_scope_means_all_as_the_schema_says(officer_xii):
    rows = api(officer_xii).get(reverse("locations:regions"), {"scope": ""}).json()
    assert len(rows) == Region.objects.count() >= 2


def test_search_limit_must_be_a_plain_whole_number(officer_ix):
    for bad in ("5_0", " 5", "+5", "many"):
        response = api(officer_ix).get(reverse("locations:search"), {"q": "dapitan", "limit": bad})
        assert response.status_code == 400, bad
    assert api(officer_ix).get(reverse("locations:search"), {"q": "dapitan", "limit": "3"}).status_code == 200


def test_search_counts_the_raw_length_the_schema_limits(officer_ix):
    padded = "dapitan" + " " * 100
    response = api(officer_ix).get(reverse("locations:search"), {"q": padded})
    assert response.status_code == 400
    assert "q" in response.json()["errors"]


def test_empty_query_values_are_documented_as_not_given(schema):
    params = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/locations/regions/"]["get"]["parameters"]}
    assert params["scope"]["enum"] == ["", "all", "mine"]


# --- strict JSON types -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("field", "value"),
    [(StrictCharField(), 0), (StrictCharField(), True), (StrictIntegerField(), "5"), (StrictIntegerField(), True)],
)
def test_strict_fields_refuse_another_json_type(field, value):
    from rest_framework.exceptions import ValidationError

    with pytest.raises(ValidationError):
        field.run_validation(value)


def test_strict_fields_take_their_own_json_type():
    assert StrictCharField().run_validation("Purok 3") == "Purok 3"
    assert StrictIntegerField().run_validation(6) == 6
    assert StrictIntegerField().run_validation(6.0) == 6


def test_a_list_of_references_refuses_an_object(administrator):
    from rest_framework.exceptions import ValidationError

    from common.models import User

    field = StrictPrimaryKeyRelatedField(queryset=User.objects.all(), many=True)
    with pytest.raises(ValidationError):
        field.run_validation({})
    assert field.run_validation([administrator.pk]) == [administrator]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/coordination/engagements/?mine=-5",
        "/api/v1/coordination/action-items/?overdue=-5",
        "/api/v1/mana/assessments/?mine=-5",
    ],
)
def test_yes_no_filters_refuse_values_other_than_true_or_false(administrator, url):
    response = api(administrator).get(url)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [url.split("?")[1].split("=")[0]]


# --- whole numbers in the query string -------------------------------------------------------------
PAGING = ("page", "page_size", "limit", "offset")


def integer_query_parameters(schema):
    """(path, name) of every list filter documented as a whole number ("" too: "not given")."""
    for path, method, operation in operations(schema):
        if method != "get" or "{" in path:
            continue
        for parameter in operation.get("parameters", []):
            spec = parameter["schema"]
            types = [option.get("type") for option in spec.get("anyOf", [spec])]
            if parameter["in"] == "query" and "integer" in types and parameter["name"] not in PAGING:
                yield path, parameter["name"]


def test_every_integer_query_parameter_refuses_a_fraction(administrator, schema):
    """Schemathesis found ``?fiscal_year=0.5`` answered 200 with an empty page: a plain NumberFilter."""
    found = list(integer_query_parameters(schema))
    assert len(found) >= 8
    for path, name in found:
        response = api(administrator).get(path, {name: "0.5"})
        assert response.status_code == 400, (path, name, response.status_code)
        assert name in response.json()["errors"], (path, name)


@pytest.mark.parametrize(
    ("url", "good"),
    [
        ("/api/v1/policies/recommendations/?fiscal_year=", "2027"),
        ("/api/v1/coordination/partnerships/?expiring=", "60"),
        ("/api/v1/coordination/engagements/?organization=", "1"),
    ],
)
def test_whole_number_filters_take_whole_numbers_within_bounds(administrator, url, good):
    assert api(administrator).get(url + good).status_code == 200
    assert api(administrator).get(url + "1e9").status_code == 400


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/policies/recommendations/", "funding_source"),
        ("/api/v1/coordination/organizations/", "acronym"),
        ("/api/v1/coordination/engagements/", "attendance_male"),
    ],
)
def test_write_bodies_refuse_another_json_type(administrator, url, field):
    """Schemathesis found ``"funding_source": 0`` accepted (a plain CharField reads 0 as "0")."""
    value = "5" if field.startswith("attendance") else 0
    response = api(administrator).post(url, {field: value}, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
