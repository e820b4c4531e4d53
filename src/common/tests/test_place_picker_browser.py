"""The shared place picker in a real browser, on the MANA assessment form and on a list filter:
each level lists only the chosen parent's places inside the user's areas, a duplicate name shows
its parent, and places outside the user's areas are never offered."""

import re

import pytest
from playwright.sync_api import expect

from common.models import Municipality, Province
from common.tests import personas
from common.tests.browser import screenshot
from communities.tests.factories import make_community

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ZAMBOANGA_DEL_SUR = "0907300000"


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", personas.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def option_values(page, select):
    return set(page.locator(f"{select} option").evaluate_all("(os) => os.map((o) => o.value)")) - {""}


def wait_for_option(page, select, value):
    page.wait_for_selector(f'{select} option[value="{value}"]', state="attached")


@pytest.fixture
def namesake_of_dapitan(restore_geography):
    """A Region XII city renamed like Dapitan (as "San Jose" is shared by nine places nationally)."""
    Municipality.objects.filter(code=personas.KORONADAL).update(name="City of Dapitan")


def municipality_codes(province_code):
    return set(Municipality.objects.for_cascade().filter(province__code=province_code).values_list("code", flat=True))


def test_assessment_form_narrows_each_level_to_the_chosen_parent_within_the_users_areas(
    chromium_page, live_server, facilitator_ix, namesake_of_dapitan
):
    page = chromium_page
    sign_in(page, live_server, "facilitator_ix")
    page.goto(f"{live_server.url}/mana/assessments/new/")
    # Only the facilitator's region is offered (and chosen for them); never NCR, BARMM or Region XII.
    assert option_values(page, "#id_region") == {personas.REGION_IX}
    ix_provinces = set(Province.objects.filter(region__code=personas.REGION_IX).values_list("code", flat=True))
    assert option_values(page, "#id_province") == ix_provinces
    assert page.locator("#id_municipality option").count() == 1  # a placeholder until a province is chosen

    page.select_option("#id_province", personas.ZAMBOANGA_DEL_NORTE)
    wait_for_option(page, "#id_municipality", personas.CITY_OF_DAPITAN)
    assert option_values(page, "#id_municipality") == municipality_codes(personas.ZAMBOANGA_DEL_NORTE)
    dapitan = page.locator(f'#id_municipality option[value="{personas.CITY_OF_DAPITAN}"]')
    assert dapitan.inner_text() == "City of Dapitan (Zamboanga del Norte)"  # its namesake is elsewhere
    assert personas.KORONADAL not in option_values(page, "#id_municipality")

    # Another province: the city/municipality list is replaced by that province's.
    page.select_option("#id_province", ZAMBOANGA_DEL_SUR)
    zds = municipality_codes(ZAMBOANGA_DEL_SUR)
    wait_for_option(page, "#id_municipality", sorted(zds)[0])
    expect(page.locator(f'#id_municipality option[value="{personas.CITY_OF_DAPITAN}"]')).to_have_count(0)
    assert option_values(page, "#id_municipality") == zds

    page.select_option("#id_province", personas.ZAMBOANGA_DEL_NORTE)
    wait_for_option(page, "#id_municipality", personas.CITY_OF_DAPITAN)
    page.select_option("#id_municipality", personas.CITY_OF_DAPITAN)
    page.fill("#id_title", "Dapitan City MANA")
    page.select_option("#id_level", "municipal")
    page.fill("#id_start_date", "2026-02-01")
    page.fill("#id_end_date", "2026-02-20")
    screenshot(page, "assessment_form_place_picker")
    page.click("button[type=submit]:has-text('Save')")
    page.wait_for_url(re.compile(r".*/mana/assessments/\d+/$"))
    from mana.models import Assessment

    assessment = Assessment.objects.select_related("region", "province", "municipality").get()
    assert (assessment.region.code, assessment.province.code, assessment.municipality.code) == (
        personas.REGION_IX,
        personas.ZAMBOANGA_DEL_NORTE,
        personas.CITY_OF_DAPITAN,
    )


def test_list_filter_narrows_and_filters_within_the_users_areas(
    chromium_page, live_server, officer_ix, namesake_of_dapitan
):
    aliguay = make_community(personas.ALIGUAY, user=officer_ix)
    from common.models import Barangay

    elsewhere = Barangay.objects.filter(municipality__province__code=personas.ZAMBOANGA_CITY_HUC).first()
    other = make_community(elsewhere.code, user=officer_ix)
    page = chromium_page
    sign_in(page, live_server, "officer_ix")
    page.goto(f"{live_server.url}/communities/barangays/")
    assert option_values(page, "#id_region") == {personas.REGION_IX}
    assert personas.SOUTH_COTABATO not in option_values(page, "#id_province")
    page.select_option("#id_province", personas.ZAMBOANGA_DEL_NORTE)
    wait_for_option(page, "#id_municipality", personas.CITY_OF_DAPITAN)
    assert option_values(page, "#id_municipality") == municipality_codes(personas.ZAMBOANGA_DEL_NORTE)
    label = page.locator(f'#id_municipality option[value="{personas.CITY_OF_DAPITAN}"]').inner_text()
    assert label == "City of Dapitan (Zamboanga del Norte)"
    page.select_option("#id_municipality", personas.CITY_OF_DAPITAN)
    page.click("button[type=submit]:has-text('Filter')")
    page.wait_for_url(re.compile(rf".*municipality={personas.CITY_OF_DAPITAN}.*"))
    body = page.locator("table tbody").inner_text()
    assert aliguay.obc_id in body and other.obc_id not in body
    # After the reload the server renders the chosen levels, with the same labels.
    assert page.input_value("#id_municipality") == personas.CITY_OF_DAPITAN
    selected = page.locator(f'#id_municipality option[value="{personas.CITY_OF_DAPITAN}"]').inner_text()
    assert selected == "City of Dapitan (Zamboanga del Norte)"
    screenshot(page, "list_filter_place_picker")


def test_the_picker_fits_a_phone(phone_page, live_server, officer_ix, restore_geography):
    page = phone_page
    sign_in(page, live_server, "officer_ix")
    page.goto(f"{live_server.url}/communities/barangays/?province={personas.ZAMBOANGA_DEL_NORTE}")
    width = page.viewport_size["width"]
    for select in ("#id_region", "#id_province", "#id_municipality"):
        box = page.locator(select).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, select
    screenshot(page, "list_filter_place_picker_phone")


def test_assessment_communities_are_chosen_across_cities_on_the_shared_picker(
    chromium_page, live_server, facilitator_ix, restore_geography
):
    """The multiple-choice mode: barangays chosen in one city stay chosen (with their parent's name)
    when the user moves to another city; only the user's places are offered."""
    from common.models import Barangay

    page = chromium_page
    sign_in(page, live_server, "facilitator_ix")
    page.goto(f"{live_server.url}/mana/assessments/new/")
    assert option_values(page, "#id_communities_region") == {personas.REGION_IX}
    page.select_option("#id_communities_province", personas.ZAMBOANGA_DEL_NORTE)
    wait_for_option(page, "#id_communities_municipality", personas.CITY_OF_DAPITAN)
    assert personas.KORONADAL not in option_values(page, "#id_communities_municipality")
    page.select_option("#id_communities_municipality", personas.CITY_OF_DAPITAN)
    wait_for_option(page, "#id_communities", personas.ALIGUAY)
    dapitan = set(Barangay.objects.filter(municipality__code=personas.CITY_OF_DAPITAN).values_list("code", flat=True))
    assert option_values(page, "#id_communities") == dapitan
    page.select_option("#id_communities", [personas.ALIGUAY])

    other_city = (
        Municipality.objects.for_cascade()
        .filter(province__code=personas.ZAMBOANGA_DEL_NORTE)
        .exclude(code=personas.CITY_OF_DAPITAN)
        .order_by("code")
        .first()
    )
    other = Barangay.objects.filter(municipality=other_city).order_by("code").first()
    page.select_option("#id_communities_municipality", other_city.code)
    wait_for_option(page, "#id_communities", other.code)
    # Aliguay is kept, chosen, and now names its city; the new city's barangays are offered beside it.
    aliguay = page.locator(f'#id_communities option[value="{personas.ALIGUAY}"]')
    expect(aliguay).to_have_text("Aliguay (City of Dapitan)")
    assert aliguay.evaluate("(o) => o.selected")
    page.locator(f'#id_communities option[value="{other.code}"]').evaluate("(o) => { o.selected = true; }")

    page.select_option("#id_province", personas.ZAMBOANGA_DEL_NORTE)
    page.fill("#id_title", "Two cities of Zamboanga del Norte")
    page.select_option("#id_level", "provincial")
    page.fill("#id_start_date", "2026-02-01")
    page.fill("#id_end_date", "2026-02-20")
    screenshot(page, "assessment_communities_place_picker")
    page.click("button[type=submit]:has-text('Save')")
    page.wait_for_url(re.compile(r".*/mana/assessments/\d+/$"))
    from mana.models import Assessment

    codes = set(Assessment.objects.get().communities.values_list("code", flat=True))
    assert codes == {personas.ALIGUAY, other.code}
