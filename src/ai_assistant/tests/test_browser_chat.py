"""In a real browser: an officer signs in, asks a question on the chat page, sees the answer appended (htmx, no
reload) with its sources and the offline label, follows a source link, and the page fits a phone."""

import re

import pytest

from common.tests import personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", personas.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def test_officer_asks_a_question_and_sees_the_answer_with_its_sources(
    chromium_page, live_server, restore_geography, world, officer_ix
):
    page = chromium_page
    sign_in(page, live_server, "officer_ix")
    page.click("nav >> text=AI assistant")
    page.wait_for_url(re.compile(r".*/assistant/$"))
    page.evaluate("window.__notReloaded = true")
    page.fill("[data-chat-input]", "How many OBCs are in zamboanga del nrte and how many people live in them?")
    page.click("button:has-text('Ask')")
    answer = page.locator("[data-message=answer]").first  # locators are lazy: the first answer stays the first
    answer.wait_for()
    assert page.evaluate("window.__notReloaded") is True  # appended by htmx, not a new page
    assert "Zamboanga del Norte has 6 OBC communities" in answer.locator("[data-answer-text]").inner_text()
    assert answer.locator("[data-provider]").inner_text() == "Offline assistant"
    assert page.locator("[data-chat-input]").input_value() == ""
    source = answer.locator("[data-sources] a").first
    assert "Barangay OBCs in Zamboanga del Norte" in source.inner_text()
    # A suggested question is asked in the same conversation.
    page.click("#chat-suggestions button:has-text('Which action items are overdue?')")
    page.wait_for_selector("[data-message=answer] >> nth=1")
    assert "Send the list of madrasah teachers" in page.locator("[data-message=answer]").last.inner_text()
    assert page.locator("#chat-sidebar a[aria-current=page]").count() == 1
    source.click()
    page.wait_for_url(re.compile(r".*/communities/barangays/\?region=0900000000&province=0907200000$"))


def test_chat_page_fits_a_phone(phone_page, live_server, restore_geography, world, officer_ix):
    page = phone_page
    sign_in(page, live_server, "officer_ix")
    page.goto(f"{live_server.url}/assistant/")
    page.fill("[data-chat-input]", "Which recommendations are waiting for review?")
    page.click("button:has-text('Ask')")
    page.locator("[data-message=answer]").last.wait_for()
    assert "PR-" in page.locator("[data-message=answer]").last.inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
