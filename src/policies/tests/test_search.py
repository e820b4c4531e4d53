"""Recommendation search folds accents, case and "Sto./Sta." (``FoldedSearchFilter``) and still finds
a reference typed in full; the area filter is the shared place picker."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from policies import services

from .conftest import rec_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def recs(officer_ix, dapitan, zdn):
    wanted = services.create_recommendation(
        user=officer_ix, areas=[dapitan], **rec_fields(title="Madrasah for Santo Niño OBCs")
    )
    other = services.create_recommendation(
        user=officer_ix, areas=[zdn], **rec_fields(title="Fish port for Sindangan", scope_level="provincial")
    )
    return wanted, other


@pytest.mark.parametrize("query", ["santo nino", "Sto. Niño", "STO NIÑO"])
def test_list_page_and_api_fold_the_query(recs, officer_ix, client, query):
    wanted, other = recs
    client.force_login(officer_ix)
    html = client.get(reverse("policies:index"), {"q": query}).content.decode()
    assert wanted.reference in html and other.reference not in html
    api = APIClient()
    api.force_authenticate(officer_ix)
    ids = [r["id"] for r in api.get(reverse("policies-api:recommendation-list"), {"q": query}).json()["results"]]
    assert ids == [wanted.pk]


def test_reference_search(recs, officer_ix):
    _, other = recs
    api = APIClient()
    api.force_authenticate(officer_ix)
    ids = [
        r["id"] for r in api.get(reverse("policies-api:recommendation-list"), {"q": other.reference}).json()["results"]
    ]
    assert ids == [other.pk]


def test_place_filter_finds_records_by_their_areas(recs, officer_ix, dapitan, zdn):
    wanted, other = recs
    api = APIClient()
    api.force_authenticate(officer_ix)
    url = reverse("policies-api:recommendation-list")
    by_town = [r["id"] for r in api.get(url, {"municipality": dapitan.code}).json()["results"]]
    by_province = {r["id"] for r in api.get(url, {"province": zdn.code}).json()["results"]}
    assert by_town == [wanted.pk] and by_province == {wanted.pk, other.pk}
    outside = api.get(url, {"province": "1206300000"})  # South Cotabato: not the officer's
    assert outside.status_code == 400
