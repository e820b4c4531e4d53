"""Coverage roll-ups: recomputed from live profiles in the same transaction as every change."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from common.models import Municipality, Province
from common.tests import personas
from communities import services
from communities.models import MunicipalCoverage, ProvincialCoverage
from communities.tests.factories import barangay, community_fields, make_community

pytestmark = pytest.mark.django_db

DAPITAN_2 = "0907201002"
DIPOLOG_1 = "0907202001"
AVANCENA_KORONADAL = "1206306002"


def muni(code):
    return MunicipalCoverage.objects.get(municipality__code=code)


def prov(code):
    return ProvincialCoverage.objects.get(province__code=code)


def figures(coverage):
    return (
        coverage.community_count,
        coverage.barangay_count,
        coverage.attributed_obc_population,
        coverage.households,
        coverage.families,
    )


def test_coverage_is_created_on_first_need_and_sums_the_profiles():
    assert not MunicipalCoverage.objects.exists()
    make_community(personas.ALIGUAY, estimated_obc_population=300, households=60, families=70)
    make_community(personas.ALIGUAY, estimated_obc_population=200, households=40, families=None)
    make_community(DAPITAN_2, estimated_obc_population=100, households=20, families=25)
    make_community(DIPOLOG_1, estimated_obc_population=50, households=10, families=10)
    assert figures(muni(personas.CITY_OF_DAPITAN)) == (3, 2, 600, 120, 95)
    assert figures(muni("0907202000")) == (1, 1, 50, 10, 10)
    zdn = prov(personas.ZAMBOANGA_DEL_NORTE)
    assert figures(zdn) == (4, 3, 650, 130, 105)
    assert zdn.municipality_count == 2
    assert MunicipalCoverage.objects.count() == 2 and ProvincialCoverage.objects.count() == 1


def test_edit_recomputes_without_double_counting(officer_ix):
    community = make_community(personas.ALIGUAY, estimated_obc_population=300, households=60)
    for population in (400, 250, 250):
        services.update_community(user=officer_ix, community=community, estimated_obc_population=population)
    assert figures(muni(personas.CITY_OF_DAPITAN))[:3] == (1, 1, 250)
    assert prov(personas.ZAMBOANGA_DEL_NORTE).attributed_obc_population == 250


def test_soft_delete_and_restore_take_the_record_out_and_back(officer_ix):
    keep = make_community(personas.ALIGUAY, estimated_obc_population=100, households=10)
    gone = make_community(DAPITAN_2, estimated_obc_population=40, households=5)
    services.soft_delete_community(user=officer_ix, community=gone)
    assert figures(muni(personas.CITY_OF_DAPITAN)) == (1, 1, 100, 10, 22)
    services.restore_community(user=officer_ix, community=gone)
    assert figures(muni(personas.CITY_OF_DAPITAN)) == (2, 2, 140, 15, 44)
    services.soft_delete_community(user=officer_ix, community=keep)
    services.soft_delete_community(user=officer_ix, community=gone)
    # The records stay (with their curated fields) and show zeros.
    assert figures(muni(personas.CITY_OF_DAPITAN)) == (0, 0, 0, 0, 0)
    assert figures(prov(personas.ZAMBOANGA_DEL_NORTE)) == (0, 0, 0, 0, 0)


def test_move_to_another_province_recomputes_old_and_new_areas(administrator):
    community = make_community(personas.ALIGUAY, estimated_obc_population=300, households=30, families=30)
    make_community(DAPITAN_2, estimated_obc_population=100, households=10, families=10)
    services.update_community(user=administrator, community=community, barangay=barangay(AVANCENA_KORONADAL))
    assert figures(muni(personas.CITY_OF_DAPITAN)) == (1, 1, 100, 10, 10)
    assert figures(prov(personas.ZAMBOANGA_DEL_NORTE)) == (1, 1, 100, 10, 10)
    assert figures(muni(personas.KORONADAL)) == (1, 1, 300, 30, 30)
    assert figures(prov(personas.SOUTH_COTABATO)) == (1, 1, 300, 30, 30)
    community.refresh_from_db()
    assert community.province.code == personas.SOUTH_COTABATO
    assert community.total_barangay_population == barangay(AVANCENA_KORONADAL).population
    # The id is stable; the coordinates followed the move (they were the old centroid).
    assert community.obc_id == "OBC-IX-ZDN-0001"
    assert community.latitude == barangay(AVANCENA_KORONADAL).latitude


def test_move_within_a_municipality_keeps_the_totals(officer_ix):
    community = make_community(personas.ALIGUAY, estimated_obc_population=300)
    services.update_community(user=officer_ix, community=community, barangay=barangay(DAPITAN_2))
    assert figures(muni(personas.CITY_OF_DAPITAN))[:3] == (1, 1, 300)


def test_move_that_breaks_a_rule_changes_nothing(administrator):
    community = make_community(AVANCENA_KORONADAL, estimated_obc_population=1000)
    with pytest.raises(ValidationError, match="cannot exceed the barangay's total population"):
        services.update_community(user=administrator, community=community, barangay=barangay(personas.ALIGUAY))
    assert figures(muni(personas.KORONADAL))[:3] == (1, 1, 1000)
    assert not MunicipalCoverage.objects.filter(municipality__code=personas.CITY_OF_DAPITAN).exists()
    community.refresh_from_db()
    assert community.barangay.code == AVANCENA_KORONADAL


def test_a_failed_transaction_rolls_back_the_rollup_too(officer_ix):
    make_community(personas.ALIGUAY, estimated_obc_population=100)
    with pytest.raises(RuntimeError), transaction.atomic():
        make_community(DAPITAN_2, estimated_obc_population=50)
        raise RuntimeError("simulated failure after the roll-up")
    assert muni(personas.CITY_OF_DAPITAN).attributed_obc_population == 100


def test_bulk_create_rolls_up_like_single_creates(administrator):
    rows = [
        {"barangay": barangay(code), **community_fields(estimated_obc_population=pop, households=pop // 5)}
        for code, pop in ((personas.ALIGUAY, 100), (DAPITAN_2, 200), (DIPOLOG_1, 300), (AVANCENA_KORONADAL, 400))
    ]
    created = services.bulk_create_communities(user=administrator, rows=rows)
    assert len(created) == 4
    assert [c.obc_id for c in created] == ["OBC-IX-ZDN-0001", "OBC-IX-ZDN-0002", "OBC-IX-ZDN-0003", "OBC-XII-SCO-0001"]
    assert figures(muni(personas.CITY_OF_DAPITAN))[:3] == (2, 2, 300)
    assert figures(prov(personas.ZAMBOANGA_DEL_NORTE))[:3] == (3, 3, 600)
    assert prov(personas.SOUTH_COTABATO).attributed_obc_population == 400


def test_bulk_create_is_all_or_nothing(administrator):
    rows = [
        {"barangay": barangay(personas.ALIGUAY), **community_fields(estimated_obc_population=100)},
        {"barangay": barangay(DAPITAN_2), **community_fields(estimated_obc_population=10**7)},
    ]
    with pytest.raises(Exception, match="Row 2"):
        services.bulk_create_communities(user=administrator, rows=rows)
    assert not MunicipalCoverage.objects.exists()


def test_curated_fields_survive_rollups_and_show_unattributed_population(officer_ix):
    community = make_community(personas.ALIGUAY, estimated_obc_population=300)
    coverage = muni(personas.CITY_OF_DAPITAN)
    services.update_municipal_coverage(
        user=officer_ix, coverage=coverage, curated_obc_population=1000, lgu_agreements="MOA 2025-14"
    )
    services.update_community(user=officer_ix, community=community, estimated_obc_population=400)
    coverage.refresh_from_db()
    assert coverage.curated_obc_population == 1000 and coverage.lgu_agreements == "MOA 2025-14"
    assert (coverage.attributed_obc_population, coverage.unattributed_obc_population) == (400, 600)


def test_officer_cannot_curate_coverage_outside_their_region(officer_xii):
    make_community(personas.ALIGUAY)
    with pytest.raises(Exception, match="outside your areas"):
        services.update_provincial_coverage(
            user=officer_xii, coverage=prov(personas.ZAMBOANGA_DEL_NORTE), notes="not mine"
        )


def test_recompute_all_repairs_drifted_figures():
    make_community(personas.ALIGUAY, estimated_obc_population=300)
    MunicipalCoverage.objects.update(attributed_obc_population=9)
    ProvincialCoverage.objects.update(community_count=7)
    services.recompute_all_coverage()
    assert muni(personas.CITY_OF_DAPITAN).attributed_obc_population == 300
    assert prov(personas.ZAMBOANGA_DEL_NORTE).community_count == 1
    assert Municipality.objects.get(code=personas.CITY_OF_DAPITAN).obc_coverage.community_count == 1
    assert Province.objects.get(code=personas.ZAMBOANGA_DEL_NORTE).obc_coverage.barangay_count == 1
