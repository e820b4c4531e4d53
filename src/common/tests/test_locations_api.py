import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from common.models import Barangay
from common.tests import personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(officer_ix):
    client = APIClient()
    client.force_authenticate(officer_ix)
    return client


def test_anonymous_is_refused():
    response = APIClient().get(reverse("locations:regions"))
    assert response.status_code == 401


def test_regions_list_has_code_name_type_population(api):
    response = api.get(reverse("locations:regions"))
    assert response.status_code == 200
    rows = response.json()
    assert [r["short_name"] for r in rows] == ["IX", "XII"]
    ix = rows[0]
    assert set(ix) >= {"code", "name", "type", "population", "latitude", "longitude"}
    assert ix["type"] == "region" and ix["code"] == personas.REGION_IX and ix["population"] > 3_000_000


def test_provinces_of_a_region_include_the_huc_as_a_pseudo_province(api):
    rows = api.get(reverse("locations:provinces", args=[personas.REGION_IX])).json()
    by_code = {r["code"]: r for r in rows}
    assert by_code[personas.ZAMBOANGA_CITY_HUC]["type"] == "huc"
    assert by_code[personas.ZAMBOANGA_DEL_NORTE]["type"] == "province"
    assert by_code[personas.SULU]["name"] == "Sulu"


def test_municipalities_of_a_province(api):
    rows = api.get(reverse("locations:municipalities", args=[personas.ZAMBOANGA_DEL_NORTE])).json()
    dapitan = next(r for r in rows if r["code"] == personas.CITY_OF_DAPITAN)
    assert dapitan == dapitan | {"name": "City of Dapitan", "type": "city", "population": 87_699, "city_class": "CC"}


def test_barangays_of_a_municipality_are_small_and_carry_population(api, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = api.get(reverse("locations:barangays", args=[personas.CITY_OF_DAPITAN]))
    rows = response.json()
    assert len(rows) == Barangay.objects.filter(municipality__code=personas.CITY_OF_DAPITAN).count()
    aliguay = next(r for r in rows if r["name"] == "Aliguay")
    assert (aliguay["code"], aliguay["population"], aliguay["type"]) == (personas.ALIGUAY, 601, "barangay")
    assert "private" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]
    assert "Authorization" in response["Vary"]


def test_barangays_of_the_huc_are_below_it(api):
    rows = api.get(reverse("locations:municipalities", args=[personas.ZAMBOANGA_CITY_HUC])).json()
    assert [r["name"] for r in rows] == ["City of Zamboanga"]
    barangays = api.get(reverse("locations:barangays", args=[rows[0]["code"]])).json()
    assert len(barangays) == 98


def test_unknown_parent_code_is_404(api):
    assert api.get(reverse("locations:provinces", args=["9999999999"])).status_code == 404
    assert api.get(reverse("locations:barangays", args=["nonsense"])).status_code == 404


def test_scope_mine_limits_to_the_users_areas(officer_xii):
    client = APIClient()
    client.force_authenticate(officer_xii)
    assert [r["short_name"] for r in client.get(reverse("locations:regions"), {"scope": "mine"}).json()] == ["XII"]
    rows = client.get(reverse("locations:provinces", args=[personas.REGION_IX]), {"scope": "mine"}).json()
    assert rows == []
    # Without the scope, the whole (public) hierarchy is readable by any signed-in user.
    assert len(client.get(reverse("locations:regions")).json()) == 2


def test_search_finds_the_city_first_with_its_full_path(api):
    rows = api.get(reverse("locations:search"), {"q": "dapitan"}).json()
    top = rows[0]
    assert (top["code"], top["level"]) == (personas.CITY_OF_DAPITAN, "municipality")
    assert top["full_path"] == "City of Dapitan, Zamboanga del Norte, Region IX (Zamboanga Peninsula)"
    assert [p["level"] for p in top["path"]] == ["region", "province", "municipality"]


def test_search_is_accent_and_abbreviation_tolerant(api):
    rows = api.get(reverse("locations:search"), {"q": "Sto. Nino", "level": "barangay"}).json()
    assert rows, "expected Santo Niño / Sto. Niño barangays"
    assert all("Ni\u00f1o" in r["name"] for r in rows[:5])
    rows_plain = api.get(reverse("locations:search"), {"q": "santo nino", "level": "barangay"}).json()
    assert {r["code"] for r in rows} == {r["code"] for r in rows_plain}


def test_search_is_typo_tolerant(api):
    rows = api.get(reverse("locations:search"), {"q": "Dapitn"}).json()
    assert personas.CITY_OF_DAPITAN in [r["code"] for r in rows[:3]]
    rows = api.get(reverse("locations:search"), {"q": "Koronadl"}).json()
    assert personas.KORONADAL in [r["code"] for r in rows[:3]]


def test_search_scope_mine_hides_other_regions(officer_xii):
    client = APIClient()
    client.force_authenticate(officer_xii)
    rows = client.get(reverse("locations:search"), {"q": "dapitan", "scope": "mine"}).json()
    assert personas.CITY_OF_DAPITAN not in [r["code"] for r in rows]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"q": "a"}, "q"), ({"q": "x" * 101}, "q"), ({"q": "dapitan", "level": "planet"}, "level"),
     ({"q": "dapitan", "limit": "many"}, "limit")],
)  # fmt: skip
def test_search_bad_input_gets_a_clear_message(api, params, field):
    response = api.get(reverse("locations:search"), params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_jwt_token_gives_access(officer_ix):
    client = APIClient()
    token = client.post(
        reverse("auth:token_obtain_pair"), {"username": "officer_ix", "password": personas.PASSWORD}, format="json"
    ).json()
    assert "access" in token and "refresh" in token
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token['access']}")
    assert client.get(reverse("locations:regions")).status_code == 200
    refreshed = client.post(reverse("auth:token_refresh"), {"refresh": token["refresh"]}, format="json").json()
    assert refreshed["refresh"] != token["refresh"]
    # Rotation blacklists the old refresh token.
    again = client.post(reverse("auth:token_refresh"), {"refresh": token["refresh"]}, format="json")
    assert again.status_code == 401


def test_openapi_schema_and_docs_are_served_without_a_cdn(client, officer_ix):
    client.force_login(officer_ix)
    schema = client.get(reverse("schema"))
    assert schema.status_code == 200 and b"/api/v1/locations/search/" in schema.content
    docs = client.get(reverse("swagger-ui"))
    assert docs.status_code == 200
    assert b"cdn.jsdelivr" not in docs.content and b"drf_spectacular_sidecar" in docs.content
    redoc = client.get(reverse("redoc"))
    assert redoc.status_code == 200
    assert b"googleapis" not in redoc.content and b"drf_spectacular_sidecar/redoc" in redoc.content
