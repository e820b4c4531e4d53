"""The read-only tools: each answers from ``for_user`` of the asking user only, validates its arguments, links
its sources and never carries personal data."""

import json

import pytest

from ai_assistant.tools.registry import TOOLS, run_tool
from communities.models import BarangayOBC, CommunityLeader
from coordination.models import Contact

pytestmark = pytest.mark.django_db

XII_WORDS = ("South Cotabato", "Koronadal", "Santo Ni", "SOCCSKSARGEN", "SCUC", "day-care", "Ulama",
             "Flooded access road", "Irrigation", "Ask DPWH")  # fmt: skip
#: Records of Region XII (the region's own name may appear in a refusal: places are public reference data).
XII_RECORDS = (*XII_WORDS[4:], "Koronadal MANA", "Access road for Koronadal", "Koronadal validation workshop")
#: Every tool with arguments that ask for everything it can give.
EVERYTHING = {
    "area_summary": {},
    "count_communities": {"group_by": "province"},
    "mana_needs": {"limit": 10},
    "mana_assessments": {},
    "organizations": {"limit": 50},
    "partnerships": {},
    "engagements": {},
    "action_items": {},
    "recommendations": {},
}


def dump(result) -> str:
    return json.dumps(result.data, ensure_ascii=False) + json.dumps([s.__dict__ for s in result.sources])


def test_officer_of_region_ix_gets_nothing_from_region_xii(world, officer_ix):
    for name, args in EVERYTHING.items():
        result = run_tool(officer_ix, name, args)
        assert not result.error, name
        text = dump(result)
        assert not [word for word in XII_WORDS if word in text], name


def test_asking_for_region_xii_by_name_is_refused_for_an_officer_of_region_ix(world, officer_ix):
    for name, args in EVERYTHING.items():
        for place in ("Region XII", "south cotabato", "Koronadal"):
            result = run_tool(officer_ix, name, {**args, "place": place})
            assert "outside your assigned areas" in result.error, (name, place)
            assert not [word for word in XII_RECORDS if word in dump(result)], (name, place)


def test_the_officer_of_region_xii_sees_region_xii(world, officer_xii):
    for name, args in EVERYTHING.items():
        result = run_tool(officer_xii, name, {**args, "place": "Region XII"})
        assert not result.error and result.sources, name


def test_a_user_without_a_role_gets_no_rows(world, outsider):
    for name, args in EVERYTHING.items():
        data = run_tool(outsider, name, args).data
        counts = [v for v in data.values() if isinstance(v, int) and not isinstance(v, bool)]
        assert all(v == 0 for v in counts) and not data.get("items") and not data.get("top_needs"), name


def test_figures_equal_the_orm_for_the_officers_areas(world, officer_ix):
    data = run_tool(officer_ix, "area_summary", {}).data
    mine = BarangayOBC.objects.filter(province__region=world.region_ix)
    assert data["obc_communities"] == mine.count()
    assert data["obc_population"] == sum(mine.values_list("estimated_obc_population", flat=True))


def test_partner_viewer_sees_approved_recommendations_only_and_no_partnerships(world, partner_ix):
    assert run_tool(partner_ix, "recommendations", {}).data["recommendations"] == 0
    assert run_tool(partner_ix, "partnerships", {}).data["partnerships"] == 0
    assert run_tool(partner_ix, "area_summary", {}).data["obc_communities"] > 0  # aggregates are theirs to see


def test_unknown_place_gives_an_error_with_three_nearest_places(world, administrator):
    result = run_tool(administrator, "area_summary", {"place": "Zamboangga del Nortte Islands"})
    result = run_tool(administrator, "area_summary", {"place": "Qwzxv"}) if not result.error else result
    assert result.error.startswith("No place matches")
    assert len(result.data["suggestions"]) == 3 and "Nearest:" in result.error


@pytest.mark.parametrize("spelling", ["zamboanga del nrte", "ZAMBOANGA DEL NORTE", "Zamboanga del Norte province"])
def test_misspelt_places_resolve(world, administrator, spelling):
    assert run_tool(administrator, "area_summary", {"place": spelling}).data["area"]["name"] == "Zamboanga del Norte"


def test_sto_is_read_as_santo(world, administrator):
    assert run_tool(administrator, "area_summary", {"place": "sto nino"}).data["area"]["name"].startswith("Santo Niño")


def test_search_places_tool(world, officer_ix):
    places = run_tool(officer_ix, "search_places", {"query": "koronadal"}).data["places"]
    assert places[0]["name"].startswith("City of Koronadal") and places[0]["in_your_areas"] is False


def test_partnerships_with_an_organization_by_acronym_and_expiry(world, administrator):
    data = run_tool(administrator, "partnerships", {"organization": "mssd", "expiring_within_days": 3650}).data
    assert data["partnerships"] == 3 and all("MSSD" in p["parties"] for p in data["items"])
    assert run_tool(administrator, "partnerships", {"organization": "Nobody Org"}).error


def test_bad_arguments_do_not_break_a_tool(world, administrator):
    assert run_tool(administrator, "nope", {}).error == "There is no tool called 'nope'."
    assert run_tool(administrator, "mana_needs", ["x"]).error
    odd = {"limit": "many", "status": "nonsense", "category": 7, "unknown": 1, "expiring_within_days": True}
    for tool in TOOLS:
        result = run_tool(administrator, tool.name, {**odd, "query": "x"})
        assert isinstance(result.data, dict)


def test_no_personal_data_in_any_tool_result(world, administrator):
    community = world.communities[0]
    CommunityLeader.objects.create(community=community, name="Hadji Ali Sahibul", role="traditional",
                                   phone="0917 555 0101", email="ali@example.org")  # fmt: skip
    Contact.objects.create(organization=world.dmwa, name="Amina Hadjiri", phone="0918 555 0202")
    for name, args in EVERYTHING.items():
        text = dump(run_tool(administrator, name, args))
        assert "Sahibul" not in text and "0917" not in text and "Hadjiri" not in text and "@" not in text


def test_every_source_link_opens_for_the_user(world, officer_ix, client):
    client.force_login(officer_ix)
    for name, args in EVERYTHING.items():
        for source in run_tool(officer_ix, name, args).sources:
            assert client.get(source.url).status_code == 200, source


def test_every_tool_declares_an_object_schema():
    assert len({tool.name for tool in TOOLS}) == len(TOOLS) == 10
    for tool in TOOLS:
        assert tool.parameters["type"] == "object" and tool.description
