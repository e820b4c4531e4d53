"""In a real browser, two users: an officer drafts a recommendation (area through the cascade
picker), cites a MANA need and submits it for review; the executive endorses it, submits it to the
Chief Minister and records the approval. The pages fit a phone."""

import re

import pytest

from common.tests import personas
from common.tests.browser import choose_remote
from policies.models import Recommendation, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", personas.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def choose(page, select, value):
    page.wait_for_selector(f'{select} option[value="{value}"]', state="attached")
    page.select_option(select, value)


def take_step(page, status, comment=""):
    page.select_option("#id_to_status", status)
    if comment:
        page.fill("#id_comment", comment)
    page.click("button:has-text('Record this step')")
    page.wait_for_selector(f"[data-figure=status]:text-is('{Status(status).label}')")


def test_recommendation_goes_from_draft_to_approved_through_the_pages(
    chromium_page, live_server, restore_geography, officer_ix, executive, need_ix
):
    page = chromium_page
    sign_in(page, live_server, "officer_ix")
    page.goto(f"{live_server.url}/policies/recommendations/add/")
    page.fill("#id_title", "Madrasah teachers for Dapitan OBCs")
    page.select_option("#id_rec_type", "program")
    page.select_option("#id_category", "social")
    page.select_option("#id_sector", "education")
    page.select_option("#id_scope_level", "municipal")
    # The first (empty) row of the areas list is the shared place picker, limited to the officer's areas.
    choose(page, "#id_areas_0_region", personas.REGION_IX)
    assert page.locator(f'#id_areas_0_region option[value="{personas.REGION_XII}"]').count() == 0
    choose(page, "#id_areas_0_province", personas.ZAMBOANGA_DEL_NORTE)
    choose(page, "#id_areas_0_municipality", personas.CITY_OF_DAPITAN)
    page.fill("#id_problem", "Three OBC barangays have no asatidz.")
    page.fill("#id_proposed_action", "Fund two asatidz per barangay.")
    page.click("button[type=submit]:has-text('Save')")
    page.wait_for_selector("h1:has-text('Madrasah teachers for Dapitan OBCs')")
    rec = Recommendation.objects.get()
    assert rec.created_by == officer_ix and [a.municipality.code for a in rec.areas.all()] == [personas.CITY_OF_DAPITAN]

    page.click("text=+ Cite evidence")
    page.select_option("#id_kind", "need")
    choose_remote(page, "id_need", need_ix.title)
    page.fill("#id_statement", "The Dapitan MANA ranked the lack of teachers first.")
    page.click("button[type=submit]:has-text('Save')")
    page.wait_for_selector("[data-evidence=need]")
    take_step(page, Status.UNDER_REVIEW)
    assert page.locator("#id_to_status option[value=endorsed]").count() == 0

    sign_in(page, live_server, "executive")
    page.goto(f"{live_server.url}{rec.get_absolute_url()}")
    take_step(page, Status.ENDORSED)
    take_step(page, Status.SUBMITTED)
    take_step(page, Status.APPROVED)
    page.wait_for_selector("[data-figure=status]:has-text('Approved')")
    rec.refresh_from_db()
    assert rec.status == Status.APPROVED
    assert list(rec.transitions.values_list("actor__username", "to_status")) == [
        ("officer_ix", "under_review"), ("executive", "endorsed"), ("executive", "submitted"),
        ("executive", "approved"),
    ]  # fmt: skip


PHONE_PAGES = [
    "/policies/",
    "/policies/recommendations/add/",
    "/policies/unanswered-needs/",
    "/policies/dashboard/",
    "/policies/notifications/",
]


def test_policies_pages_fit_a_phone(phone_page, live_server, restore_geography, officer_ix, rec_ix):
    page = phone_page
    sign_in(page, live_server, "officer_ix")
    for path in [*PHONE_PAGES, rec_ix.get_absolute_url()]:
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width} px wide"
