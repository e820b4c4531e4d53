"""API: every persona, allowed and denied; the same validation and filters as the pages."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from common.tests import personas
from communities.models import BarangayOBC, CommunityLeader, MunicipalCoverage
from communities.tests.factories import make_community

pytestmark = pytest.mark.django_db

KORONADAL_AVANCENA = "1206306002"
LIST = reverse("communities-api:community-list")
STATS = reverse("communities-api:community-statistics")


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def detail(pk):
    return reverse("communities-api:community-detail", args=[pk])


@pytest.fixture
def ix_community():
    community = make_community(personas.ALIGUAY, purok_sitio="Purok Lambuyan", estimated_obc_population=320)
    CommunityLeader.objects.create(community=community, name="Hadji Ali Sahibul", role="traditional")
    return community


@pytest.fixture
def xii_community():
    return make_community(
        KORONADAL_AVANCENA, estimated_obc_population=800, primary_ethnolinguistic_group="maguindanaon"
    )


def payload(barangay=personas.ALIGUAY, **overrides):
    data = {
        "barangay": barangay,
        "purok_sitio": "Purok Mabuhay",
        "estimated_obc_population": 250,
        "primary_ethnolinguistic_group": "tausug",
        "other_ethnolinguistic_groups": ["sama"],
        "total_barangay_population": 999_999,
    }
    data.update(overrides)
    return data


def test_anonymous_gets_401_everywhere(ix_community):
    for url in (
        LIST,
        detail(ix_community.pk),
        STATS,
        reverse("communities-api:municipal-coverage-list"),
        reverse("communities-api:leader-list"),
    ):
        assert api().get(url).status_code == 401
    assert api().post(LIST, payload(), format="json").status_code == 401


def test_outsider_gets_403(outsider, ix_community):
    client = api(outsider)
    assert client.get(LIST).status_code == 403
    assert client.get(detail(ix_community.pk)).status_code == 403
    assert client.post(LIST, payload(), format="json").status_code == 403


def test_officer_lists_and_reads_only_their_region(officer_ix, ix_community, xii_community):
    client = api(officer_ix)
    rows = client.get(LIST).json()["results"]
    assert [r["obc_id"] for r in rows] == [ix_community.obc_id]
    assert client.get(detail(ix_community.pk)).json()["leaders"][0]["name"] == "Hadji Ali Sahibul"
    assert client.get(detail(xii_community.pk)).status_code == 404


def test_officer_creates_the_forged_total_is_ignored(officer_ix):
    response = api(officer_ix).post(LIST, payload(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["total_barangay_population"] == 601 and body["obc_id"] == "OBC-IX-ZDN-0001"
    assert body["municipality"] == {"code": personas.CITY_OF_DAPITAN, "name": "City of Dapitan"}
    assert MunicipalCoverage.objects.get().attributed_obc_population == 250


def test_obc_population_above_total_is_rejected_with_the_same_message_as_the_form(officer_ix):
    response = api(officer_ix).post(LIST, payload(estimated_obc_population=602), format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["estimated_obc_population"] == [
        "Estimated OBC population (602) cannot exceed the barangay's total population (601, 2020 census)."
    ]
    assert not BarangayOBC.all_objects.exists()


def test_officer_ix_cannot_create_or_edit_in_region_xii(officer_ix, xii_community):
    client = api(officer_ix)
    response = client.post(LIST, payload(KORONADAL_AVANCENA), format="json")
    assert response.status_code == 400 and "in your assigned areas" in response.json()["errors"]["barangay"][0]
    assert client.patch(detail(xii_community.pk), {"households": 1}, format="json").status_code == 404
    assert client.delete(detail(xii_community.pk)).status_code == 404


def test_update_moves_and_validates(officer_ix, ix_community):
    client = api(officer_ix)
    response = client.patch(detail(ix_community.pk), {"households": 400}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 400 and "households" in response.json()["errors"]
    response = client.patch(
        detail(ix_community.pk), {"households": 40, "barangay": "0907201002"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 200 and response["ETag"] == '"2"'
    assert response.json()["barangay"] == "0907201002"


def test_delete_is_soft_and_restore_brings_it_back(officer_ix, ix_community):
    client = api(officer_ix)
    assert client.delete(detail(ix_community.pk)).status_code == 204
    assert BarangayOBC.all_objects.filter(pk=ix_community.pk, deleted_at__isnull=False).exists()
    assert client.get(detail(ix_community.pk)).status_code == 404
    deleted = client.get(reverse("communities-api:community-deleted")).json()["results"]
    assert [r["id"] for r in deleted] == [ix_community.pk]
    response = client.post(reverse("communities-api:community-restore", args=[ix_community.pk]))
    assert response.status_code == 200
    assert BarangayOBC.objects.filter(pk=ix_community.pk).exists()


def test_partner_reads_without_personal_data_and_cannot_write(partner_ix, ix_community, xii_community):
    client = api(partner_ix)
    rows = client.get(LIST).json()["results"]
    assert [r["obc_id"] for r in rows] == [ix_community.obc_id]
    body = client.get(detail(ix_community.pk)).json()
    assert "leaders" not in body and "Hadji" not in str(body)
    assert client.get(reverse("communities-api:leader-list")).status_code == 403
    assert client.post(LIST, payload(), format="json").status_code == 403
    assert client.patch(detail(ix_community.pk), {"households": 1}, format="json").status_code == 403
    assert client.delete(detail(ix_community.pk)).status_code == 403
    coverage = client.get(reverse("communities-api:municipal-coverage-list")).json()["results"][0]
    assert "focal_persons" not in coverage


def test_leaders_endpoint_for_officers_only_in_their_areas(officer_ix, officer_xii, ix_community):
    url = reverse("communities-api:leader-list")
    assert [r["name"] for r in api(officer_ix).get(url).json()["results"]] == ["Hadji Ali Sahibul"]
    assert api(officer_xii).get(url).json()["results"] == []
    response = api(officer_xii).post(url, {"community": ix_community.pk, "name": "X", "role": "youth"}, format="json")
    assert response.status_code == 400  # the community is not among those officer_xii may see
    response = api(officer_ix).post(
        url, {"community": ix_community.pk, "name": "Aminah", "role": "women"}, format="json"
    )
    assert response.status_code == 201


def test_filters_are_the_same_as_the_pages(executive, ix_community, xii_community):
    client = api(executive)

    def ids(**params):
        return {r["obc_id"] for r in client.get(LIST, params).json()["results"]}

    assert ids() == {ix_community.obc_id, xii_community.obc_id}
    assert ids(region=personas.REGION_XII) == {xii_community.obc_id}
    assert ids(ethnolinguistic_group="maguindanaon") == {xii_community.obc_id}
    assert ids(q="lambuyan") == {ix_community.obc_id}
    assert client.get(LIST, {"province": "9999999999"}).status_code == 400


def test_statistics_respect_the_users_areas(officer_ix, executive, ix_community, xii_community):
    mine = api(officer_ix).get(STATS).json()
    everything = api(executive).get(STATS).json()
    assert mine["totals"]["communities"] == 1 and mine["totals"]["obc_population"] == 320
    assert everything["totals"]["communities"] == 2 and everything["totals"]["obc_population"] == 1120
    assert [p["name"] for p in everything["by_province"]] == ["South Cotabato", "Zamboanga del Norte"]
    assert {g["code"] for g in everything["by_ethnolinguistic_group"]} == {"tausug", "maguindanaon"}


def test_coverage_curated_fields_editable_rollups_read_only(officer_ix, ix_community):
    coverage = MunicipalCoverage.objects.get()
    url = reverse("communities-api:municipal-coverage-detail", args=[coverage.pk])
    response = api(officer_ix).patch(
        url, {"curated_obc_population": 1000, "attributed_obc_population": 5}, format="json", HTTP_IF_MATCH="1"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["attributed_obc_population"] == 320 and body["unattributed_obc_population"] == 680


def test_list_query_count_is_flat(officer_ix, django_assert_max_num_queries):
    from common.models import Barangay
    from communities import services
    from communities.tests.factories import community_fields, system_user

    barangays = Barangay.objects.filter(municipality__province__code=personas.ZAMBOANGA_DEL_NORTE)[:60]
    rows = [{"barangay": b, **community_fields(estimated_obc_population=min(b.population or 0, 50))} for b in barangays]
    services.bulk_create_communities(user=system_user(), rows=rows)
    with django_assert_max_num_queries(8):
        response = api(officer_ix).get(LIST)
    assert response.json()["count"] == 60


def test_openapi_schema_lists_the_communities_endpoints(client, officer_ix):
    client.force_login(officer_ix)
    schema = client.get(reverse("schema")).content.decode()
    for path in ("/api/v1/communities/", "/api/v1/communities/statistics/", "/api/v1/communities/municipal-coverage/"):
        assert path in schema
