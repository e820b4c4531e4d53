"""One folded search: accents, "Sto./Sta.", punctuation and typos fold the same way in every list and
the API, through the stored ``search_folded`` column. Run on SQLite and on PostgreSQL
(``DATABASE_URL=postgres://… pytest common/tests/test_folded_search.py --create-db``)."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from common.filters import FoldedSearchFilter
from common.folding import fold, folded_q
from common.models import Barangay, Municipality
from common.tests import personas
from communities.filters import BarangayOBCFilterSet, MunicipalCoverageFilterSet
from communities.models import BarangayOBC
from communities.services import update_community
from communities.tests.factories import make_community

pytestmark = pytest.mark.django_db


def test_fold_removes_accents_punctuation_and_the_psgc_asterisk_and_expands_abbreviations():
    assert fold("Sto. Niño (Pob.)") == "santo nino poblacion"
    assert fold("STA. CRUZ") == "santa cruz"
    assert fold("Fuentes*") == "fuentes"
    assert fold("") == "" and fold(None) == ""


def test_folded_q_needs_every_word_and_ignores_a_query_of_punctuation_only():
    assert folded_q("...") is None
    assert str(folded_q("sto nino")).count("search_folded__contains") == 2


@pytest.fixture
def nino(officer_ix):
    barangay = (
        Barangay.objects.filter(name="Santo Niño", municipality__province__region__code=personas.REGION_IX)
        .order_by("code")
        .first()
    )
    assert barangay is not None, "Region IX has a barangay named Santo Niño in the PSGC"
    return make_community(barangay.code, user=officer_ix, purok_sitio="Purok Bagong Silang")


@pytest.fixture
def aliguay(officer_ix):
    return make_community(personas.ALIGUAY, user=officer_ix, purok_sitio="Sitio Mabuhay")


def _search(user, query, filterset=BarangayOBCFilterSet, model=BarangayOBC):
    fs = filterset({"q": query}, queryset=model.objects.for_user(user), request=SimpleNamespace(user=user))
    assert fs.is_valid(), fs.errors
    return set(fs.qs.values_list("pk", flat=True))


@pytest.mark.parametrize("query", ["santo nino", "sto nino", "Sto. Niño", "Niño", "SANTO NIÑO", "nino"])
def test_every_spelling_of_santo_nino_finds_the_community(officer_ix, nino, aliguay, query):
    assert _search(officer_ix, query) == {nino.pk}


def test_a_word_that_is_in_no_community_finds_nothing(officer_ix, nino, aliguay):
    assert _search(officer_ix, "santa maria") == set()


def test_city_of_x_and_x_city_find_the_same_communities(officer_ix, aliguay):
    assert _search(officer_ix, "Dapitan City") == _search(officer_ix, "City of Dapitan") == {aliguay.pk}


def test_a_misspelt_place_finds_its_communities_through_the_nearest_places(officer_ix, aliguay, nino):
    assert _search(officer_ix, "Aligway") == {aliguay.pk}


def test_search_never_reaches_outside_the_users_areas(officer_xii, nino):
    assert _search(officer_xii, "santo nino") == set()


def test_the_obc_id_is_found_as_typed(officer_ix, aliguay, nino):
    assert _search(officer_ix, aliguay.obc_id.lower()) == {aliguay.pk}


def test_saving_through_the_service_keeps_the_folded_text_current(officer_ix, aliguay):
    update_community(user=officer_ix, community=aliguay, barangay=aliguay.barangay, purok_sitio="Purok Señorita")
    assert _search(officer_ix, "senorita") == {aliguay.pk}
    assert _search(officer_ix, "mabuhay") == set()


def test_coverage_lists_search_place_names_folded(officer_ix, aliguay):
    from communities.models import MunicipalCoverage

    found = _search(officer_ix, "dapitan city", MunicipalCoverageFilterSet, MunicipalCoverage)
    assert found == {aliguay.municipality.obc_coverage.pk}


def test_the_api_search_uses_the_same_folding(officer_ix, nino, aliguay):
    client = APIClient()
    client.force_authenticate(officer_ix)
    rows = client.get(reverse("communities-api:community-list"), {"q": "sto nino"}).json()["results"]
    assert [r["obc_id"] for r in rows] == [nino.obc_id]


def test_the_list_page_search_uses_the_same_folding(client, officer_ix, nino, aliguay):
    client.force_login(officer_ix)
    html = client.get(reverse("communities:barangay-list"), {"q": "santo nino"}).content.decode()
    assert nino.obc_id in html and aliguay.obc_id not in html


def test_geography_names_are_stored_folded_by_the_loader():
    assert Municipality.objects.get(code=personas.CITY_OF_DAPITAN).search_folded == "city of dapitan"


def test_the_migration_indexes_the_folded_column_on_postgresql_and_skips_it_on_sqlite():
    from common.folding_migrations import trigram_index

    operation = trigram_index("communities_barangayobc")
    editor = SimpleNamespace(connection=connection)
    operation.code(None, editor)
    with connection.cursor() as cursor:
        indexes = set(connection.introspection.get_constraints(cursor, "communities_barangayobc"))
    assert ("communities_barangayobc_search_folded_trgm" in indexes) == (connection.vendor == "postgresql")
    operation.reverse_code(None, editor)


def test_the_data_migration_fills_the_folded_text_of_existing_rows(nino):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("communities.migrations.0003_folded_search").Migration
    fill = next(op for op in migration.operations if getattr(op, "code", None) and op.reversible and op.elidable)
    BarangayOBC.objects.filter(pk=nino.pk).update(search_folded="")
    fill.code(apps, SimpleNamespace(connection=connection))
    nino.refresh_from_db()
    assert "santo nino" in nino.search_folded and "bagong silang" in nino.search_folded


def test_mana_searches_fold_too(facilitator_ix, region_ix):
    from mana.filters import AssessmentFilter
    from mana.models import Assessment
    from mana.services.assessments import create_assessment

    found = create_assessment(user=facilitator_ix, title="MANA sa Sto. Niño", level="regional", region=region_ix)
    create_assessment(user=facilitator_ix, title="MANA sa Dapitan", level="regional", region=region_ix)
    for query in ("santo nino", "sto nino", "Niño"):
        fs = AssessmentFilter(
            {"q": query},
            queryset=Assessment.objects.for_user(facilitator_ix),
            request=SimpleNamespace(user=facilitator_ix),
        )
        assert list(fs.qs) == [found], query


def test_the_filter_is_declared_once_for_every_list():
    from mana.filters import AssessmentFilter, NeedFilter, ParticipantFilter

    for filterset in (
        BarangayOBCFilterSet,
        MunicipalCoverageFilterSet,
        AssessmentFilter,
        NeedFilter,
        ParticipantFilter,
    ):
        assert isinstance(filterset.base_filters["q"], FoldedSearchFilter), filterset


def test_the_admin_searches_places_folded(admin_client):
    response = admin_client.get(reverse("admin:common_barangay_changelist"), {"q": "sto nino"})
    names = {b.name for b in response.context["cl"].result_list}
    assert names and all("Niño" in name or "Nino" in name for name in names)
