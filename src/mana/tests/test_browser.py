"""A facilitator fills and submits a response on a phone-sized screen, through a failed attempt."""

import re

import pytest

from common.tests import personas
from mana.models import Response
from mana.tests.conftest import q

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_facilitator_fills_and_submits_a_response_on_a_phone(
    phone_page, live_server, restore_geography, session, participant, version
):
    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "facilitator_ix")
    page.fill("#id_password", personas.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))

    page.goto(f"{live_server.url}/mana/sessions/{session.pk}/")
    page.click("text=Enter a response")
    page.select_option("#participant", str(participant.pk))
    field = {text: q(version, text).field_name for text in [
        "Name of your purok", "Describe the main problem", "Household size", "Date of last flood"]}  # fmt: skip
    page.fill(f"#{field['Name of your purok']}", "Purok 3")
    page.fill(f"#{field['Describe the main problem']}", "No clean water in the dry season")
    page.fill(f"#{field['Household size']}", "six")  # a typo: the server refuses it
    page.check("label:has-text('Well')")
    page.check("label:has-text('Clinic')")
    page.check("label:has-text('Road')")
    page.click(f"label[for='{q(version, 'Satisfaction with barangay services').field_name}-2']")
    page.fill(f"#{field['Date of last flood']}", "2025-11-02")
    page.check(f"#{q(version, 'Has a madrasah').field_name}-yes")

    # The local draft survives a reload before anything reached the server (poor connection).
    page.wait_for_timeout(500)
    page.reload()
    page.wait_for_selector("#draft-restored:not(.d-none)")
    assert page.input_value(f"#{field['Describe the main problem']}") == "No clean water in the dry season"

    page.click("button[name=submit]")
    page.wait_for_selector("#form-errors")
    assert "Enter a number, e.g. 12 or 3.5." in page.inner_text(f"[data-question='{q(version, 'Household size').pk}']")
    # Nothing typed was lost in the refused submission.
    assert page.input_value(f"#{field['Describe the main problem']}") == "No clean water in the dry season"
    assert page.is_checked("label:has-text('Clinic')")
    assert not Response.objects.exists()

    page.fill(f"#{field['Household size']}", "6")
    page.click("button[name=submit]")
    page.wait_for_selector("[data-response-status=submitted]")
    response = Response.objects.get()
    assert response.participant == participant and response.status == "submitted"
    assert response.answers.count() == 8
    assert response.answers.get(question__text="Household size").value_number == 6
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('mana-draft:')).length") == 0
