"""MANA pages in a real browser: the question form shows only the chosen type's fields, the
analysis breakdown draws its charts, and the community page's MANA section fits a phone."""

import re

import pytest

from common.tests import personas
from communities.tests.factories import make_community
from mana.services import needs as need_service
from mana.services import responses as response_service
from mana.tests.conftest import build_instrument

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", personas.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_question_form_shows_only_the_fields_of_the_chosen_type(
    phone_page, live_server, restore_geography, facilitator_ix, assessment
):
    version = build_instrument(facilitator_ix, assessment, publish=False).versions.get()
    page = phone_page
    _login(page, live_server, "facilitator_ix")
    page.goto(f"{live_server.url}/mana/versions/{version.pk}/questions/new/")
    page.select_option("#id_qtype", "rating")
    assert page.is_visible("#id_scale_min") and not page.is_visible("#id_min_value")
    assert not page.is_visible("#id_choices_text")
    page.select_option("#id_qtype", "multiple_choice")
    assert page.is_visible("#id_choices_text") and not page.is_visible("#id_scale_max")
    page.select_option("#id_qtype", "number")
    assert page.is_visible("#id_max_value") and not page.is_visible("#id_choices_text")
    page.select_option("#id_qtype", "short_text")
    assert not any(page.is_visible(f"#id_{n}") for n in ("scale_min", "min_value", "choices_text"))
    assert _no_sideways_scroll(page)


def test_analysis_breakdown_draws_charts_and_fits_a_phone(
    phone_page, live_server, restore_geography, facilitator_ix, session, participant, answers
):
    response_service.save_response(
        user=facilitator_ix, session=session, participant=participant, answers=answers, submit=True
    )
    page = phone_page
    _login(page, live_server, "facilitator_ix")
    page.goto(f"{live_server.url}/mana/assessments/{session.assessment_id}/analysis/")
    page.select_option("#id_by", "sector")
    page.click("[data-breakdown-form] button[type=submit]")
    page.wait_for_url(re.compile(r".*by=sector"))
    assert page.locator('[data-breakdown="sector"]').count() == 8  # every question
    canvases = page.locator("canvas[id^=chart-by-q]")
    assert canvases.count() >= 5
    page.wait_for_timeout(300)
    drawn = page.evaluate("Array.from(document.querySelectorAll('canvas[id^=chart-by-q]')).every(c => c.width > 0)")
    assert drawn
    assert _no_sideways_scroll(page)


def test_community_page_shows_mana_on_a_phone(
    phone_page, live_server, restore_geography, facilitator_ix, assessment, aliguay
):
    profile = make_community(aliguay.code)
    need_service.create_need(
        user=facilitator_ix,
        assessment=assessment,
        category="wash",
        title="Safe drinking water for the island",
        severity=5,
        urgency=4,
        feasibility=3,
        affected_communities=[aliguay],
    )
    page = phone_page
    _login(page, live_server, "facilitator_ix")
    page.goto(f"{live_server.url}{profile.get_absolute_url()}")
    section = page.locator("#community-mana")
    assert "Aliguay MANA 2026" in section.inner_text()
    assert "Safe drinking water for the island" in section.inner_text()
    assert _no_sideways_scroll(page)
