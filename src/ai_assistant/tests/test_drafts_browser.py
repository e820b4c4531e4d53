"""Drafting in a real browser, on a phone: ask from the engagement page, accept one proposed action
item, and review a brief narrative; the pages fit 390 px without sideways scrolling."""

from __future__ import annotations

import re

import pytest

from common.tests import personas
from coordination.models import ActionItem

from .draft_fixtures import *  # noqa: F403

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", personas.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_action_items_from_minutes_on_a_phone(phone_page, live_server, restore_geography, engagement_ix, rec_ix):
    page = phone_page
    _login(page, live_server, "officer_ix")
    page.goto(f"{live_server.url}{engagement_ix.get_absolute_url()}")
    page.click("button[data-draft-kind=action_items]")
    page.wait_for_url(re.compile(r".*/assistant/drafts/\d+/$"))
    assert page.locator("[data-item-status=pending]").count() == 3 and _fits(page)
    first = page.locator("[data-item-status=pending]").first
    first.locator("input[name$=title]").fill("Send the asatidz list to MBHTE")
    first.get_by_role("button", name="Accept").click()
    page.wait_for_selector("[data-item-status=accepted]")
    assert ActionItem.objects.get().title == "Send the asatidz list to MBHTE"
    assert page.locator("[data-item-status=pending]").count() == 2
    # A brief narrative: the draft in an editable box, labelled offline.
    page.goto(f"{live_server.url}{rec_ix.get_absolute_url()}")
    page.click("button[data-draft-kind=brief_narrative]")
    page.wait_for_url(re.compile(r".*/assistant/drafts/\d+/$"))
    assert "No madrasah teacher" in page.input_value("textarea[name=text]")
    assert page.is_visible("[data-provider=offline]") and _fits(page)
