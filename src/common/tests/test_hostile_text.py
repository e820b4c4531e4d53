"""Control characters (NUL...) in any path, code, filter or body are refused at the edge with a 400."""

import pytest
from django.test import Client
from django.urls import reverse

NUL = "\x00"

QUERY_URLS = [  # literal addresses: URL names may change, the edge must hold for every one
    ("/api/v1/locations/regions/", {"scope": f"mine{NUL}"}),
    ("/api/v1/locations/search/", {"q": f"Zamboanga{NUL}"}),
    ("/api/v1/communities/", {"municipality": f"0972{NUL}"}),
    ("/api/v1/mana/needs/", {"assessment": f"1{NUL}"}),
    ("/communities/barangays/", {"q": f"x{NUL}y"}),
    ("/communities/barangays/", {"region": f"09{NUL}"}),
    ("/communities/municipal/", {"province": f"{NUL}"}),
    ("/communities/provincial/", {"region": "\x1b[31m"}),
    ("/mana/", {"status": f"draft{NUL}"}),
    ("/mana/needs/", {"assessment": f"1{NUL}"}),
]


@pytest.fixture
def admin_client(administrator):
    client = Client()
    client.force_login(administrator)
    return client


@pytest.mark.parametrize(("url", "params"), QUERY_URLS)
def test_control_characters_in_query_parameters_are_refused_with_400(admin_client, url, params):
    response = admin_client.get(url, params)
    assert response.status_code == 400
    assert b"control characters" in response.content


@pytest.mark.parametrize(
    "path", [f"/api/v1/locations/regions/09{NUL}/provinces/", "/api/v1/locations/provinces/%00/municipalities/"]
)
def test_control_characters_in_path_codes_are_refused_with_a_json_400(admin_client, path):
    response = admin_client.get(path)
    assert response.status_code == 400
    assert "control characters" in response.json()["detail"]


def test_control_characters_in_a_json_body_are_refused(admin_client):
    response = admin_client.post(
        reverse("auth:token_obtain_pair"),
        {"username": f"admin{NUL}", "password": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "JSON body" in response.json()["detail"]


def test_control_characters_in_a_form_field_are_refused(db):
    response = Client().post(reverse("login"), {"username": f"officer{NUL}", "password": "x"})
    assert response.status_code == 400
    assert b"a form field" in response.content


def test_ordinary_text_with_accents_tabs_and_new_lines_passes(admin_client, officer_ix):
    assert admin_client.get(reverse("locations:search"), {"q": "Santo Niño"}).status_code == 200
    response = Client().post(reverse("login"), {"username": "officer_ix", "password": "line one\r\n\tline two"})
    assert response.status_code == 200  # a wrong password, answered by the sign-in page


def test_control_characters_in_a_form_encoded_api_body_never_reach_the_database(admin_client):
    # The API reads JSON only: a form-encoded body is refused as a whole (415) before any parsing.
    response = admin_client.post(
        "/api/v1/communities/", "purok_sitio=Purok%00Uno", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415


def test_control_characters_in_a_json_patch_are_refused(admin_client):
    response = admin_client.patch(
        "/api/v1/communities/1/", '{"purok_sitio": "Purok\\u0000Uno"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert "the JSON body" in response.json()["detail"]


def _plain_paths(patterns, prefix=""):
    """Every URL without path parameters, from the whole URLconf (new apps included)."""
    from django.urls import URLPattern, URLResolver

    for entry in patterns:
        route = str(entry.pattern)
        if "<" in route or "(?P" in route or route.startswith("^"):
            continue
        if isinstance(entry, URLResolver):
            yield from _plain_paths(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + route


def test_every_page_and_endpoint_refuses_a_nul_in_its_query(admin_client):
    from django.urls import get_resolver

    paths = sorted(set(_plain_paths(get_resolver().url_patterns)))
    assert len(paths) > 40
    answers = {path: admin_client.get(path, {"q": NUL, "code": f"09{NUL}"}).status_code for path in paths}
    assert {path: status for path, status in answers.items() if status != 400} == {}
