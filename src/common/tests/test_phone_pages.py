"""Every main page at 390 px (a common phone) has no sideways scrolling, with realistic data.

The list pages show their rows as cards below 576 px (common/tables/cards.html and the
".obc-cards" styles in css/obcms.css); this test visits each page of the start page, communities,
MANA, jobs and the account pages and checks that nothing is wider than the screen.
"""

import re

import pytest

from common.tests import personas
from common.tests.browser import screenshot
from communities.models import MunicipalCoverage, ProvincialCoverage
from communities.tests.factories import make_community
from mana.models import Assessment, Participant
from mana.models.needs import NeedCategory
from mana.services import assessments as assessment_service
from mana.services import instruments as instrument_service
from mana.services import needs as need_service
from mana.services import participants as participant_service
from mana.services import responses as response_service
from mana.tests.conftest import build_instrument, complete_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 390
LONG_TITLE = "Potable water system and solar-powered pumps for the island sitios of Aliguay and Dapitan Bay"

# Reports the widest elements so a failure names the culprit, not just the page.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 && r.width > 0) {
      wide.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
        (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "") +
        " right=" + Math.round(r.right));
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 5)};
}"""


def build_realistic_data(administrator, facilitator_ix):
    """Communities in two provinces of Region IX and one MANA assessment with every kind of record."""
    communities = [
        make_community(personas.ALIGUAY, purok_sitio="Purok Mabuhay (Sama Bajau settlement by the pier)"),
        make_community("0907201002", estimated_obc_population=420, households=85),
        make_community("0907201003", estimated_obc_population=95),
    ]
    dapitan = communities[0].municipality
    assessment = assessment_service.create_assessment(
        user=administrator,
        title="Aliguay Island Mapping and Needs Assessment 2026 (Sama and Tausug communities)",
        purpose="Needs of the Sama community of Aliguay Island",
        level=Assessment.Level.COMMUNITY,
        municipality=dapitan,
        communities=[communities[0].barangay],
        methods=["survey", "fgd", "kii"],
        lead=facilitator_ix,
    )
    instrument = build_instrument(facilitator_ix, assessment)
    version = instrument.versions.get(number=1)
    for status in ("preparation", "data_collection"):
        assessment_service.transition_assessment(user=facilitator_ix, assessment=assessment, to_status=status)
    session = instrument_service.create_session(
        user=facilitator_ix, assessment=assessment, version=version, title="Survey day 1, Barangay Aliguay hall"
    )
    session = instrument_service.open_session(user=facilitator_ix, session=session)
    participants = [
        participant_service.register_participant(
            user=facilitator_ix,
            assessment=assessment,
            name=name,
            sex=sex,
            age_group="25-39",
            sector="women",
            community=communities[0].barangay,
            contact="0917 000 0000",
            consent_method=Participant.ConsentMethod.WRITTEN,
        )
        for name, sex in [("Amina Hadjiri-Abdurahman", "female"), ("Jamal Ututalum", "male")]
    ]
    response = response_service.save_response(
        user=facilitator_ix,
        session=session,
        participant=participants[0],
        answers=complete_answers(version),
        submit=True,
    )
    need = need_service.create_need(
        user=facilitator_ix,
        assessment=assessment,
        category=NeedCategory.values[0],
        title=LONG_TITLE,
        severity=5,
        urgency=4,
        feasibility=3,
        affected_communities=[communities[0].barangay],
        evidence_responses=[response],
    )
    need_service.cast_vote(user=facilitator_ix, need=need)
    return {
        "community": communities[0],
        "municipal": MunicipalCoverage.objects.get(municipality=dapitan),
        "provincial": ProvincialCoverage.objects.get(province=dapitan.province),
        "assessment": assessment,
        "instrument": instrument,
        "session": session,
        "need": need,
        "response": response,
    }


def main_pages(data):
    c, a = data["community"], data["assessment"]
    return [
        "/",
        "/communities/",
        "/communities/barangays/",
        "/communities/barangays/?sort=-estimated_obc_population",
        f"/communities/barangays/{c.pk}/",
        "/communities/barangays/add/",
        f"/communities/barangays/{c.pk}/edit/",
        "/communities/barangays/deleted/",
        "/communities/municipal/",
        f"/communities/municipal/{data['municipal'].pk}/",
        f"/communities/municipal/{data['municipal'].pk}/edit/",
        "/communities/provincial/",
        f"/communities/provincial/{data['provincial'].pk}/",
        "/communities/reports/area/",
        "/imports/communities.barangay_obc/",
        "/mana/",
        "/mana/assessments/new/",
        f"/mana/assessments/{a.pk}/",
        f"/mana/assessments/{a.pk}/edit/",
        f"/mana/instruments/{data['instrument'].pk}/",
        f"/mana/sessions/{data['session'].pk}/",
        f"/mana/sessions/{data['session'].pk}/respond/",
        f"/mana/responses/{data['response'].pk}/",
        f"/mana/assessments/{a.pk}/responses/",
        f"/mana/assessments/{a.pk}/participants/",
        f"/mana/assessments/{a.pk}/participants/new/",
        f"/mana/assessments/{a.pk}/analysis/",
        "/mana/needs/",
        "/mana/needs/board/",
        f"/mana/needs/{data['need'].pk}/",
        f"/mana/needs/{data['need'].pk}/edit/",
        "/mana/needs/new/",
        "/imports/mana.participants/",
        "/jobs/",
        "/accounts/password_change/",
    ]


def test_every_main_page_fits_a_390_px_phone_without_sideways_scrolling(
    phone_page, live_server, restore_geography, administrator, facilitator_ix
):
    data = build_realistic_data(administrator, facilitator_ix)
    page = phone_page
    # Signed-out pages first.
    overflowing = {}
    for path in ["/accounts/login/", "/accounts/password_reset/"]:
        page.goto(f"{live_server.url}{path}")
        found = page.evaluate(OVERFLOW)
        if found["scrollWidth"] > PHONE_WIDTH:
            overflowing[path] = found

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "administrator")
    page.fill("#id_password", personas.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))

    statuses = {}
    for path in main_pages(data):
        answer = page.goto(f"{live_server.url}{path}")
        statuses[path] = answer.status
        page.wait_for_load_state("load")
        found = page.evaluate(OVERFLOW)
        screenshot(page, "phone" + re.sub(r"[^a-z0-9]+", "-", path))
        if found["scrollWidth"] > PHONE_WIDTH:
            overflowing[path] = found

    assert {path: status for path, status in statuses.items() if status != 200} == {}
    assert overflowing == {}


def test_list_rows_read_as_cards_on_a_phone_and_as_a_table_on_a_desktop(
    phone_page, live_server, restore_geography, administrator
):
    make_community(personas.ALIGUAY, purok_sitio="Purok Mabuhay")
    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "administrator")
    page.fill("#id_password", personas.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))
    page.goto(f"{live_server.url}/communities/barangays/")
    cell = page.locator("[data-table=barangay-obc] tbody td[data-label=Province]")
    # On the phone every field is shown, as a labelled line of the card (the province column is
    # hidden on narrow tables); on a desktop it is an ordinary table cell.
    assert cell.evaluate("el => getComputedStyle(el).display") == "block"
    assert cell.is_visible()
    assert cell.evaluate("el => getComputedStyle(el, '::before').content") == '"Province"'
    page.set_viewport_size({"width": 1366, "height": 900})
    page.reload()
    assert cell.evaluate("el => getComputedStyle(el).display") == "table-cell"
    assert cell.evaluate("el => getComputedStyle(el, '::before').content") in ("none", "normal")


def test_dashboard_has_no_script_errors_when_empty_and_labels_every_province(
    phone_page, live_server, restore_geography, officer_ix
):
    page = phone_page
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "officer_ix")
    page.fill("#id_password", personas.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))
    page.goto(f"{live_server.url}/communities/")
    page.wait_for_load_state("load")
    assert "No barangay OBC profiles in your areas yet" in page.inner_text("main")
    assert errors == []

    from common.models import Barangay

    provinces = set()
    for barangay in Barangay.objects.filter(municipality__province__region__code=personas.REGION_IX).order_by(
        "municipality__province_id", "code"
    ):
        if barangay.municipality.province_id not in provinces:
            provinces.add(barangay.municipality.province_id)
            make_community(barangay.code)
    page.reload()
    page.wait_for_selector("#chart-province")
    page.wait_for_timeout(500)
    ticks = page.evaluate("() => Chart.getChart('chart-province').scales.y.ticks.length")
    assert ticks == len(provinces) and errors == []
