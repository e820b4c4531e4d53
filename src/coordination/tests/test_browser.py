"""In a real browser: record an engagement (area through the cascade picker) with an action item,
then find it on the calendar and in "My action items"; the calendar fits a phone."""

import re

import pytest
from django.utils import timezone

from common.tests import personas
from common.tests.browser import choose_remote, screenshot
from coordination.models import ActionItem, Engagement

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


def test_engagement_with_action_item_shows_on_calendar_and_my_action_items(
    chromium_page, live_server, restore_geography, officer_ix, org_ix, org_xii
):
    page = chromium_page
    today = timezone.localdate()
    sign_in(page, live_server, "officer_ix")
    page.goto(f"{live_server.url}/coordination/engagements/add/")
    page.select_option("#id_kind", "consultation")
    page.fill("#id_title", "Consultation on madrasah teachers")
    page.fill("#id_starts_at", f"{today.isoformat()}T09:00")
    # The shared place picker offers only the officer's region, then loads the provinces of it.
    choose(page, "#id_place_region", personas.REGION_IX)
    assert page.locator(f'#id_place_region option[value="{personas.REGION_XII}"]').count() == 0
    choose(page, "#id_place_province", personas.ZAMBOANGA_DEL_NORTE)
    choose(page, "#id_place_municipality", personas.CITY_OF_DAPITAN)
    assert page.input_value("#id_place_municipality") == personas.CITY_OF_DAPITAN
    page.fill("#id_venue", "City hall")
    # Organizations are searched on the server as the officer types (accents and case folded); the page
    # holds none of them until then, and another region's are never offered.
    assert page.locator("#id_organizations option").count() == 0
    page.locator("#id_organizations-ts-control").locator("xpath=..").click()
    page.locator("#id_organizations-ts-control").fill("ulama")
    page.wait_for_selector("#id_organizations-ts-dropdown .no-results")
    choose_remote(page, "id_organizations", "muslim women")
    screenshot(page, "coordination_engagement_organizations")
    page.click("button[type=submit]:has-text('Save')")
    page.wait_for_selector("h1:has-text('Consultation on madrasah teachers')")
    engagement = Engagement.objects.get()
    assert engagement.municipality.code == personas.CITY_OF_DAPITAN and engagement.created_by == officer_ix
    assert list(engagement.organizations.all()) == [org_ix]

    page.click("text=+ Action item")
    page.fill("#id_title", "Send the teachers list to MBHTE")
    page.fill("#id_due_date", today.isoformat())
    page.click("button[type=submit]:has-text('Save')")
    page.wait_for_selector("li:has-text('Send the teachers list to MBHTE')")
    item = ActionItem.objects.get()
    assert item.owner == officer_ix and item.engagement == engagement

    page.goto(f"{live_server.url}/calendar/")
    page.wait_for_selector(".fc-event:has-text('Consultation on madrasah teachers')")
    page.wait_for_selector(".fc-event:has-text('Send the teachers list to MBHTE')")
    screenshot(page, "coordination_calendar")
    page.uncheck("#type-action")
    page.wait_for_selector(".fc-event:has-text('Send the teachers list')", state="detached")

    page.goto(f"{live_server.url}/coordination/actions/mine/")
    row = page.locator("table tbody tr", has_text="Send the teachers list to MBHTE")
    assert row.count() == 1


PHONE_PAGES = [
    "/coordination/", "/coordination/organizations/", "/coordination/organizations/add/",
    "/coordination/engagements/", "/coordination/engagements/add/", "/coordination/partnerships/",
    "/coordination/actions/mine/", "/coordination/who-does-what-where/",
]  # fmt: skip


def test_calendar_and_coordination_pages_fit_a_phone(phone_page, live_server, restore_geography, officer_ix):
    page = phone_page
    sign_in(page, live_server, "officer_ix")
    page.goto(f"{live_server.url}/calendar/")
    page.wait_for_selector(".fc-view")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for path in PHONE_PAGES:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
