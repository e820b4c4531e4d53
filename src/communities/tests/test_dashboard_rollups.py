"""The dashboard reads the provincial roll-ups (kept by the coverage service), not every profile:
the same figures as aggregating the profiles, for every persona, through every kind of change,
and the same cost with 1 or many profiles."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.tests import personas
from communities import selectors, services
from communities.models import ProvincialCoverage
from communities.services.coverage import recompute_all_coverage
from communities.tests.factories import make_community, system_user

pytestmark = pytest.mark.django_db

KORONADAL_BRGY = "1206306002"
DAPITAN_2 = "0907201002"


def _by_code(rows):
    return sorted(rows, key=lambda r: r["code"])


def assert_same_as_live(user):
    fast = selectors.dashboard_statistics(user)
    live = selectors.dashboard_statistics(user, selectors.visible_communities(user))
    assert fast["totals"] == live["totals"]
    assert _by_code(fast["by_province"]) == _by_code(live["by_province"])
    assert _by_code(fast["by_ethnolinguistic_group"]) == _by_code(live["by_ethnolinguistic_group"])
    assert fast["access"] == live["access"]
    return fast


def test_dashboard_figures_follow_every_change_for_every_persona(administrator, officer_ix, officer_zdn, officer_xii):
    user = system_user()
    aliguay = make_community(personas.ALIGUAY, estimated_obc_population=150, access_health=2, access_water=4)
    make_community(DAPITAN_2, primary_ethnolinguistic_group="sama", access_health=5)
    koronadal = make_community(KORONADAL_BRGY, primary_ethnolinguistic_group="maguindanaon", households=None)
    personas_ = (administrator, officer_ix, officer_zdn, officer_xii)
    for persona in personas_:
        assert_same_as_live(persona)

    services.update_community(
        user=user, community=aliguay, primary_ethnolinguistic_group="yakan", access_health=None, access_roads=1
    )
    services.soft_delete_community(user=user, community=koronadal)
    for persona in personas_:
        assert_same_as_live(persona)
    figures = assert_same_as_live(officer_ix)
    assert {g["code"] for g in figures["by_ethnolinguistic_group"]} == {"yakan", "sama"}
    health = next(a for a in figures["access"] if a["field"] == "access_health")
    assert health == {"field": "access_health", "label": "Health services", "average": 5.0, "rated": 1}
    assert assert_same_as_live(officer_xii)["totals"]["communities"] == 0

    services.restore_community(user=user, community=koronadal)
    assert assert_same_as_live(officer_xii)["totals"]["communities"] == 1
    assert assert_same_as_live(administrator)["totals"]["provinces"] == 2


def test_huc_provinces_are_labelled_once_on_the_dashboard(administrator):
    from common.models import Barangay

    huc_barangay = Barangay.objects.filter(municipality__province__code=personas.ZAMBOANGA_CITY_HUC).first()
    make_community(huc_barangay.code)
    names = [r["name"] for r in selectors.dashboard_statistics(administrator)["by_province"]]
    assert names == ["City of Zamboanga (HUC)"]


def test_the_dashboard_costs_the_same_with_more_profiles(client, officer_ix):
    client.force_login(officer_ix)
    make_community(personas.ALIGUAY)
    client.get("/communities/")  # the first request after sign-in also refreshes the idle-session expiry
    with CaptureQueriesContext(connection) as few:
        assert client.get("/communities/").status_code == 200
    for code in (DAPITAN_2, "0907201003", "0907201004", "0907201005"):
        make_community(code)
    with CaptureQueriesContext(connection) as more:
        html = client.get("/communities/").content.decode()
    assert len(more) == len(few)
    assert 'data-figure="communities">5<' in html
    # No query reads the profiles table: the figures come from one row per province.
    assert not any('"communities_barangayobc"' in q["sql"] for q in more.captured_queries)


def test_users_without_the_view_permission_see_no_figures(outsider, partner_ix):
    make_community(personas.ALIGUAY)
    assert selectors.dashboard_statistics(outsider)["totals"]["communities"] == 0
    assert_same_as_live(partner_ix)


def test_repair_command_rebuilds_the_breakdowns():
    make_community(personas.ALIGUAY, primary_ethnolinguistic_group="sama")
    ProvincialCoverage.objects.update(breakdown={})
    recompute_all_coverage()
    breakdown = ProvincialCoverage.objects.get().breakdown
    assert breakdown["groups"] == {"sama": [1, 100]}
    assert breakdown["access"]["access_health"] == [0, 0]
