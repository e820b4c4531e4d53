"""Pages: every persona, allowed and denied; the Add form's rules; query counts of the lists."""

import re

import pytest
from django.urls import reverse

from common.tests import personas
from communities.models import BarangayOBC, CommunityLeader, MunicipalCoverage, ProvincialCoverage
from communities.tests.factories import make_community

pytestmark = pytest.mark.django_db

KORONADAL_AVANCENA = "1206306002"
DAPITAN_2 = "0907201002"


@pytest.fixture
def ix_community():
    community = make_community(personas.ALIGUAY, purok_sitio="Purok Lambuyan", estimated_obc_population=320)
    CommunityLeader.objects.create(community=community, name="Hadji Ali Sahibul", role="traditional", phone="0917")
    return community


@pytest.fixture
def xii_community():
    return make_community(KORONADAL_AVANCENA, purok_sitio="Sitio Maguindanao", estimated_obc_population=800)


def form_data(barangay_code=personas.ALIGUAY, **overrides):
    data = {
        "barangay": barangay_code,
        "purok_sitio": "Purok Mabuhay",
        "estimated_obc_population": "250",
        "households": "50",
        "primary_ethnolinguistic_group": "tausug",
        "other_ethnolinguistic_groups": ["sama", "yakan"],
        "primary_livelihood": "fishing",
        "access_water": "2",
        "total_barangay_population": "999999",
    }
    data.update(overrides)
    return data


# --- anonymous and outsider ---------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["communities:index", "communities:barangay-list", "communities:barangay-add", "communities:municipal-list"]
)
def test_anonymous_is_sent_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "name",
    [
        "communities:index",
        "communities:barangay-list",
        "communities:barangay-add",
        "communities:municipal-list",
        "communities:provincial-list",
        "communities:barangay-deleted",
        "communities:map-points",
    ],
)
def test_outsider_without_a_role_is_refused_every_page(client, outsider, name):
    client.force_login(outsider)
    assert client.get(reverse(name)).status_code == 403


def test_outsider_cannot_open_a_record(client, outsider, ix_community):
    client.force_login(outsider)
    assert client.get(ix_community.get_absolute_url()).status_code == 403


# --- officers: their region only -----------------------------------------------------------


def test_officer_sees_communities_of_their_region_only(client, officer_ix, ix_community, xii_community):
    client.force_login(officer_ix)
    html = client.get(reverse("communities:barangay-list")).content.decode()
    assert ix_community.obc_id in html and xii_community.obc_id not in html
    assert client.get(ix_community.get_absolute_url()).status_code == 200
    assert client.get(xii_community.get_absolute_url()).status_code == 404
    assert client.get(reverse("communities:barangay-edit", args=[xii_community.pk])).status_code == 404


def test_officer_xii_is_denied_region_ix_records(client, officer_xii, ix_community):
    client.force_login(officer_xii)
    assert client.get(ix_community.get_absolute_url()).status_code == 404
    assert client.post(reverse("communities:barangay-delete", args=[ix_community.pk])).status_code == 404
    assert BarangayOBC.objects.filter(pk=ix_community.pk).exists()


def test_officer_adds_a_community_the_total_comes_from_the_census(client, officer_ix):
    client.force_login(officer_ix)
    response = client.post(reverse("communities:barangay-add"), form_data())
    community = BarangayOBC.objects.get()
    assert response.status_code == 302 and response["Location"] == community.get_absolute_url()
    assert community.total_barangay_population == 601  # the forged 999999 was ignored
    assert community.other_ethnolinguistic_groups == ["sama", "yakan"]
    assert community.created_by == officer_ix
    assert MunicipalCoverage.objects.get().attributed_obc_population == 250


def test_obc_population_above_total_is_rejected_and_the_form_keeps_what_was_typed(client, officer_ix):
    client.force_login(officer_ix)
    response = client.post(
        reverse("communities:barangay-add"), form_data(estimated_obc_population="700", purok_sitio="Sitio Kalipay")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Estimated OBC population (700) cannot exceed the barangay&#x27;s total population (601" in html
    assert 'value="Sitio Kalipay"' in html and 'value="700"' in html
    assert re.search(rf'<option value="{personas.ALIGUAY}" selected', html)  # the picker keeps the barangay
    assert re.search(r'name="other_ethnolinguistic_groups" value="sama"[^>]*checked', html)
    assert not BarangayOBC.objects.exists()


def test_officer_cannot_add_a_community_outside_their_areas(client, officer_ix):
    client.force_login(officer_ix)
    response = client.post(reverse("communities:barangay-add"), form_data(KORONADAL_AVANCENA))
    assert response.status_code == 400
    assert "outside your assigned areas" in response.content.decode()
    assert not BarangayOBC.objects.exists()


def test_unknown_barangay_code_gets_a_clear_message(client, officer_ix):
    client.force_login(officer_ix)
    response = client.post(reverse("communities:barangay-add"), form_data("0000000000"))
    html = response.content.decode()
    assert response.status_code == 400 and "That barangay does not exist or is outside your assigned areas." in html


def test_add_form_loads_locations_lazily_never_the_whole_tree(client, officer_ix):
    from common.models import Province

    client.force_login(officer_ix)
    html = client.get(reverse("communities:barangay-add")).content.decode()
    assert 'data-place-picker data-api="/api/v1/locations/"' in html
    # The officer's only region is chosen for them, so its provinces are listed; nothing deeper.
    assert re.search(rf'<option value="{personas.REGION_IX}" selected', html)
    codes = re.findall(r'<option value="(\d{10})"', html)
    assert set(codes) == {
        personas.REGION_IX,
        *Province.objects.filter(region__code=personas.REGION_IX).values_list("code", flat=True),
    }
    assert "Aliguay" not in html and "Dapitan" not in html


def test_edit_moves_a_community_and_both_areas_are_recomputed(client, officer_ix, ix_community):
    client.force_login(officer_ix)
    response = client.post(
        reverse("communities:barangay-edit", args=[ix_community.pk]),
        form_data(DAPITAN_2, estimated_obc_population="300", revision="1"),
    )
    assert response.status_code == 302
    ix_community.refresh_from_db()
    assert ix_community.barangay.code == DAPITAN_2 and ix_community.estimated_obc_population == 300
    assert MunicipalCoverage.objects.get().barangay_count == 1


def test_soft_delete_and_restore_through_the_pages(client, officer_ix, ix_community):
    client.force_login(officer_ix)
    confirm = client.get(reverse("communities:barangay-delete", args=[ix_community.pk]))
    assert confirm.status_code == 200 and b"nothing is lost" in confirm.content
    client.post(reverse("communities:barangay-delete", args=[ix_community.pk]))
    assert not BarangayOBC.objects.exists()
    listing = client.get(reverse("communities:barangay-list")).content.decode()
    assert f'href="{ix_community.get_absolute_url()}"' not in listing
    deleted = client.get(reverse("communities:barangay-deleted")).content.decode()
    assert ix_community.obc_id in deleted
    response = client.post(reverse("communities:barangay-restore", args=[ix_community.pk]))
    assert response.status_code == 302
    assert BarangayOBC.objects.filter(pk=ix_community.pk).exists()
    assert ProvincialCoverage.objects.get().community_count == 1


def test_detail_shows_sections_leaders_map_and_history(client, officer_ix, ix_community):
    client.force_login(officer_ix)
    html = client.get(ix_community.get_absolute_url()).content.decode()
    for heading in (
        "Identification",
        "Demographics",
        "Socio-economic",
        "Culture and religion",
        "Governance",
        "Challenges and aspirations",
        "Change history",
    ):
        assert heading in html
    assert "Hadji Ali Sahibul" in html
    assert 'data-obc-map="single"' in html
    assert "<strong>Create</strong> by" in html  # the audit log entry of the creation


# --- partner viewer and facilitator: read-only ---------------------------------------------


def test_partner_reads_in_their_region_but_sees_no_personal_data(client, partner_ix, ix_community, xii_community):
    client.force_login(partner_ix)
    html = client.get(ix_community.get_absolute_url()).content.decode()
    assert "Purok Lambuyan" in html
    assert "Hadji Ali Sahibul" not in html and "not shown for your role" in html
    assert ">Edit<" not in html and ">Delete<" not in html
    assert client.get(xii_community.get_absolute_url()).status_code == 404


def test_partner_cannot_add_edit_delete_or_see_deleted_records(client, partner_ix, ix_community):
    client.force_login(partner_ix)
    assert client.get(reverse("communities:barangay-add")).status_code == 403
    assert client.post(reverse("communities:barangay-add"), form_data()).status_code == 403
    assert client.get(reverse("communities:barangay-edit", args=[ix_community.pk])).status_code == 403
    assert client.post(reverse("communities:barangay-delete", args=[ix_community.pk])).status_code == 403
    assert client.get(reverse("communities:barangay-deleted")).status_code == 403
    assert client.get(reverse("communities:leader-add", args=[ix_community.pk])).status_code == 403
    coverage = MunicipalCoverage.objects.get()
    assert client.get(reverse("communities:municipal-edit", args=[coverage.pk])).status_code == 403
    assert client.get(reverse("communities:municipal-detail", args=[coverage.pk])).status_code == 200


def test_facilitator_reads_and_sees_leaders_but_cannot_change(client, facilitator_ix, ix_community):
    client.force_login(facilitator_ix)
    html = client.get(ix_community.get_absolute_url()).content.decode()
    assert "Hadji Ali Sahibul" in html
    assert client.get(reverse("communities:barangay-edit", args=[ix_community.pk])).status_code == 403


def test_executive_sees_every_region(client, executive, ix_community, xii_community):
    client.force_login(executive)
    html = client.get(reverse("communities:barangay-list")).content.decode()
    assert ix_community.obc_id in html and xii_community.obc_id in html


# --- leaders (personal data) ---------------------------------------------------------------


def test_officer_adds_and_removes_a_leader(client, officer_ix, ix_community):
    client.force_login(officer_ix)
    response = client.post(
        reverse("communities:leader-add", args=[ix_community.pk]),
        {"name": "Aminah Jalil", "role": "women", "phone": "0918 000 0000", "consent_given": "on"},
    )
    assert response.status_code == 302
    leader = CommunityLeader.objects.get(name="Aminah Jalil")
    assert leader.created_by == officer_ix
    client.post(reverse("communities:leader-delete", args=[leader.pk]))
    assert not CommunityLeader.objects.filter(name="Aminah Jalil").exists()


# --- coverage pages --------------------------------------------------------------------------


def test_coverage_detail_shows_attributed_and_unattributed_population(client, officer_ix, ix_community):
    coverage = MunicipalCoverage.objects.get()
    client.force_login(officer_ix)
    response = client.post(
        reverse("communities:municipal-edit", args=[coverage.pk]),
        {
            "curated_obc_population": "1000",
            "focal_persons": "Sitti Abdurahman, MSWDO",
            "lgu_agreements": "",
            "notes": "",
            "revision": coverage.revision,
        },
    )
    assert response.status_code == 302
    html = client.get(coverage.get_absolute_url()).content.decode()
    assert 'data-figure="attributed">320<' in html and 'data-figure="unattributed">680<' in html
    assert "Sitti Abdurahman" in html


def test_partner_does_not_see_focal_persons(client, officer_ix, partner_ix, ix_community):
    coverage = MunicipalCoverage.objects.get()
    coverage.focal_persons = "Sitti Abdurahman, MSWDO"
    coverage.save()
    client.force_login(partner_ix)
    html = client.get(coverage.get_absolute_url()).content.decode()
    assert "Sitti Abdurahman" not in html


def test_coverage_lists_are_scoped(client, officer_xii, ix_community, xii_community):
    client.force_login(officer_xii)
    municipal = client.get(reverse("communities:municipal-list")).content.decode()
    provincial = client.get(reverse("communities:provincial-list")).content.decode()
    assert "City of Koronadal" in municipal and "City of Dapitan" not in municipal
    assert "South Cotabato" in provincial and "Zamboanga del Norte" not in provincial


# --- filters and query counts ------------------------------------------------------------------


def test_list_filters_by_group_livelihood_location_and_text(client, executive, ix_community, xii_community):
    from communities.tests.factories import make_community as make

    other = make(
        DAPITAN_2,
        primary_ethnolinguistic_group="sama",
        other_ethnolinguistic_groups=["tausug"],
        primary_livelihood="seaweed",
        secondary_livelihoods=["fishing"],
    )
    client.force_login(executive)
    url = reverse("communities:barangay-list")

    def ids(**params):
        html = client.get(url, params).content.decode()
        return {c.obc_id for c in (ix_community, xii_community, other) if c.obc_id in html}

    assert ids(region=personas.REGION_XII) == {xii_community.obc_id}
    assert ids(province=personas.ZAMBOANGA_DEL_NORTE) == {ix_community.obc_id, other.obc_id}
    assert ids(ethnolinguistic_group="sama") == {other.obc_id}
    assert ids(ethnolinguistic_group="tausug") == {ix_community.obc_id, xii_community.obc_id, other.obc_id}
    assert ids(livelihood="seaweed") == {other.obc_id}
    assert ids(q="Lambuyan") == {ix_community.obc_id}
    assert ids(municipality=personas.KORONADAL) == {xii_community.obc_id}


@pytest.mark.parametrize(
    "name",
    [
        "communities:barangay-list",
        "communities:municipal-list",
        "communities:provincial-list",
        "communities:index",
        "communities:barangay-deleted",
    ],
)
def test_list_pages_cost_the_same_with_many_rows(client, officer_ix, name, django_assert_max_num_queries):
    from common.models import Barangay
    from communities import services
    from communities.tests.factories import community_fields, system_user

    barangays = Barangay.objects.filter(municipality__province__code=personas.ZAMBOANGA_DEL_NORTE)[:60]
    services.bulk_create_communities(
        user=system_user(),
        rows=[
            {"barangay": b, **community_fields(estimated_obc_population=min(b.population or 0, 50))} for b in barangays
        ],
    )
    for c in BarangayOBC.objects.all()[:30]:
        c.soft_delete()
    client.force_login(officer_ix)
    with django_assert_max_num_queries(16):
        response = client.get(reverse(name), {"ordering": "-estimated_obc_population"})
    assert response.status_code == 200


def test_provincial_coverage_is_curated_by_officers_of_the_area_only(client, officer_ix, officer_xii, ix_community):
    coverage = ProvincialCoverage.objects.get()
    url = reverse("communities:provincial-edit", args=[coverage.pk])
    client.force_login(officer_xii)
    assert client.get(url).status_code == 404
    client.force_login(officer_ix)
    response = client.post(
        url, {"curated_obc_population": "5000", "lgu_agreements": "PLGU MOA 2026", "notes": "", "revision": "1"}
    )
    assert response.status_code == 302
    coverage.refresh_from_db()
    assert (coverage.curated_obc_population, coverage.lgu_agreements) == (5000, "PLGU MOA 2026")
    assert coverage.unattributed_obc_population == 5000 - 320


def test_curated_estimate_cannot_be_negative(client, officer_ix, ix_community):
    coverage = MunicipalCoverage.objects.get()
    client.force_login(officer_ix)
    response = client.post(reverse("communities:municipal-edit", args=[coverage.pk]), {"curated_obc_population": "-5"})
    assert response.status_code == 400
    coverage.refresh_from_db()
    assert coverage.curated_obc_population is None


def test_province_officer_sees_only_their_province_within_the_region(client, officer_zdn, ix_community):
    from common.models import Barangay

    huc_barangay = Barangay.objects.filter(municipality__province__code=personas.ZAMBOANGA_CITY_HUC).first()
    other = make_community(huc_barangay.code, estimated_obc_population=min(huc_barangay.population, 100))
    client.force_login(officer_zdn)
    html = client.get(reverse("communities:barangay-list")).content.decode()
    assert ix_community.obc_id in html and other.obc_id not in html
    assert client.get(other.get_absolute_url()).status_code == 404
    response = client.post(reverse("communities:barangay-add"), form_data(huc_barangay.code))
    assert response.status_code == 400 and "outside your assigned areas" in response.content.decode()
