"""Dashboard figures and map (scoped to the user's areas), roles on personal data, commands."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from common.access import PARTNER_VIEWER, PROGRAM_OFFICER
from common.roles import permissions_for_role
from common.tests import personas
from communities.models import BarangayOBC, MunicipalCoverage, ProvincialCoverage
from communities.tests.factories import make_community

pytestmark = pytest.mark.django_db

KORONADAL_AVANCENA = "1206306002"


@pytest.fixture
def two_regions():
    ix = make_community(personas.ALIGUAY, estimated_obc_population=300, households=60, access_water=2)
    xii = make_community(
        KORONADAL_AVANCENA,
        estimated_obc_population=800,
        households=150,
        access_water=4,
        primary_ethnolinguistic_group="maguindanaon",
    )
    return ix, xii


def test_dashboard_key_figures_respect_the_users_areas(client, officer_ix, executive, two_regions):
    client.force_login(officer_ix)
    html = client.get(reverse("communities:index")).content.decode()
    assert 'data-figure="communities">1<' in html and 'data-figure="obc_population">300<' in html
    assert 'data-figure="households">60<' in html and 'data-figure="provinces">1<' in html
    assert "South Cotabato" not in html
    client.force_login(executive)
    html = client.get(reverse("communities:index")).content.decode()
    assert 'data-figure="communities">2<' in html and 'data-figure="obc_population">1,100<' in html
    assert 'id="dashboard-stats"' in html and 'data-obc-map="points"' in html


def test_map_points_are_scoped_and_compact(client, officer_xii, two_regions):
    client.force_login(officer_xii)
    points = client.get(reverse("communities:map-points")).json()["points"]
    assert [p["obc_id"] for p in points] == [two_regions[1].obc_id]
    assert set(points[0]) == {"id", "obc_id", "name", "lat", "lng", "population"}


def test_access_ratings_are_averaged_in_the_database(client, executive, two_regions):
    from communities.selectors import dashboard_statistics

    stats = dashboard_statistics(executive)
    water = next(a for a in stats["access"] if a["field"] == "access_water")
    assert (water["average"], water["rated"]) == (3.0, 2)


def test_navbar_links_the_communities_module(client, officer_ix):
    client.force_login(officer_ix)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("communities:index")}">Communities<' in html


def test_leaders_are_personal_data_roles_without_it_get_no_permission():
    partner = {p.codename for p in permissions_for_role(PARTNER_VIEWER)}
    officer = {p.codename for p in permissions_for_role(PROGRAM_OFFICER)}
    assert "view_barangayobc" in partner and "view_communityleader" not in partner
    assert {"view_communityleader", "add_communityleader"} <= officer


def test_generate_sample_communities_is_deterministic_and_rolls_up(capsys):
    call_command("generate_sample_communities", count=40, seed=7, regions=["IX", "XII"])
    first = list(BarangayOBC.objects.order_by("obc_id").values_list("barangay__code", "estimated_obc_population"))
    assert len(first) == 40
    assert sum(p for _, p in first) == sum(c.attributed_obc_population for c in ProvincialCoverage.objects.all())
    assert sum(p for _, p in first) == sum(c.attributed_obc_population for c in MunicipalCoverage.objects.all())
    call_command("generate_sample_communities", count=40, seed=7, regions=["IX", "XII"], clear=True)
    again = list(BarangayOBC.objects.order_by("obc_id").values_list("barangay__code", "estimated_obc_population"))
    assert sorted(again) == sorted(first)
    assert "Created 40 sample barangay OBCs" in capsys.readouterr().out


def test_recompute_coverage_command_repairs_figures(two_regions):
    MunicipalCoverage.objects.update(attributed_obc_population=1)
    call_command("recompute_coverage", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert MunicipalCoverage.objects.get(municipality__code=personas.KORONADAL).attributed_obc_population == 800


def test_admin_is_read_only(client, administrator, two_regions):
    client.force_login(administrator)
    assert client.get(reverse("admin:communities_barangayobc_changelist")).status_code == 200
    assert client.get(reverse("admin:communities_barangayobc_add")).status_code == 403
