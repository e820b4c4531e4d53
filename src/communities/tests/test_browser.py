"""The Add Barangay OBC form in a real browser: the lazy cascade, the census auto-fill, the map pin."""

import re

import pytest
from playwright.sync_api import expect

from common.tests import personas
from common.tests.browser import screenshot
from communities.models import BarangayOBC

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", personas.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def choose(page, select, value):
    page.wait_for_selector(f'{select} option[value="{value}"]', state="attached")
    page.select_option(select, value)


def test_officer_adds_a_barangay_obc_through_the_cascade(chromium_page, live_server, restore_geography, officer_ix):
    page = chromium_page
    sign_in(page, live_server, "officer_ix")
    page.goto(f"{live_server.url}/communities/barangays/add/")
    # Only the officer's region is offered (scope=mine), each level loaded on demand.
    choose(page, "#id_region", personas.REGION_IX)
    assert page.locator(f'#id_region option[value="{personas.REGION_XII}"]').count() == 0
    choose(page, "#id_province", personas.ZAMBOANGA_DEL_NORTE)
    assert page.locator(f'#id_province option[value="{personas.ZAMBOANGA_CITY_HUC}"]').inner_text().endswith("(HUC)")
    choose(page, "#id_municipality", personas.CITY_OF_DAPITAN)
    choose(page, "#id_barangay", personas.ALIGUAY)
    # Polled from Python: the page's CSP (script-src 'self') forbids the eval a JS predicate would need.
    expect(page.locator("#id_total_barangay_population")).to_have_value("601")
    assert page.input_value("#id_total_barangay_population") == "601"
    # The pin sits on the barangay centroid (markers draw even when tiles cannot load).
    page.wait_for_selector("#form-map .leaflet-marker-icon")
    assert page.input_value("#id_latitude") != ""

    page.fill("#id_purok_sitio", "Purok Mabuhay")
    page.click("#tab-demographics")
    page.fill("#id_estimated_obc_population", "250")
    page.select_option("#id_primary_ethnolinguistic_group", "sama")
    page.check('input[name="other_ethnolinguistic_groups"][value="tausug"]')
    screenshot(page, "add_form_filled")
    page.click("button[type=submit]:has-text('Save')")
    page.wait_for_selector("[data-obc-id]")
    assert page.locator("[data-obc-id]").inner_text() == "OBC-IX-ZDN-0001"
    screenshot(page, "detail_after_save")

    page.goto(f"{live_server.url}/communities/barangays/")
    row = page.locator("table tbody tr", has_text="OBC-IX-ZDN-0001")
    assert "Aliguay" in row.inner_text() and "Purok Mabuhay" in row.inner_text()
    community = BarangayOBC.objects.get()
    assert community.total_barangay_population == 601 and community.created_by == officer_ix


def test_the_form_keeps_the_cascade_and_input_after_an_error(chromium_page, live_server, restore_geography, officer_ix):
    page = chromium_page
    sign_in(page, live_server, "officer_ix")
    page.goto(f"{live_server.url}/communities/barangays/add/")
    choose(page, "#id_region", personas.REGION_IX)
    choose(page, "#id_province", personas.ZAMBOANGA_DEL_NORTE)
    choose(page, "#id_municipality", personas.CITY_OF_DAPITAN)
    choose(page, "#id_barangay", personas.ALIGUAY)
    page.fill("#id_purok_sitio", "Sitio Kalipay")
    page.click("#tab-demographics")
    page.fill("#id_estimated_obc_population", "700")
    page.select_option("#id_primary_ethnolinguistic_group", "tausug")
    page.click("button[type=submit]:has-text('Save')")
    page.wait_for_selector("#form-errors")
    # The Demographics tab opens on its own and shows the message; everything typed is still there.
    assert page.locator("#pane-demographics").is_visible()
    assert "cannot exceed the barangay's total population (601" in page.locator("#pane-demographics").inner_text()
    # Polled from Python: the page's CSP (script-src 'self') forbids the eval a JS predicate would need.
    expect(page.locator("#id_total_barangay_population")).to_have_value("601")
    assert page.input_value("#id_barangay") == personas.ALIGUAY
    assert page.input_value("#id_municipality") == personas.CITY_OF_DAPITAN
    assert page.input_value("#id_purok_sitio") == "Sitio Kalipay"
    screenshot(page, "add_form_error")
    assert not BarangayOBC.objects.exists()
