"""Map labels are text: a purok name that looks like HTML shows as text and never runs."""

import pytest

from common.tests import personas
from communities.tests.factories import make_community
from communities.tests.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOSTILE = '<img src="x" onerror="document.body.dataset.pwned=1">Purok'


def centre_of(page, selector):
    box = page.locator(selector).bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_html_in_a_community_name_shows_as_text_in_map_tooltip_and_popup(
    chromium_page, live_server, restore_geography, administrator
):
    community = make_community(personas.ALIGUAY, purok_sitio=HOSTILE)
    page = chromium_page
    sign_in(page, live_server, "administrator")

    page.goto(f"{live_server.url}/communities/barangays/{community.pk}/")
    page.wait_for_selector("#community-map .leaflet-overlay-pane canvas")
    page.mouse.move(*centre_of(page, "#community-map"))
    tooltip = page.locator("#community-map .leaflet-tooltip")
    tooltip.wait_for()
    assert HOSTILE in tooltip.inner_text()
    assert tooltip.locator("img").count() == 0

    page.goto(f"{live_server.url}/communities/")
    page.wait_for_selector("#communities-map[data-markers='1']")
    page.wait_for_timeout(500)  # fitBounds animation
    page.mouse.click(*centre_of(page, "#communities-map"))
    popup = page.locator("#communities-map .leaflet-popup-content")
    popup.wait_for()
    assert HOSTILE in popup.inner_text()
    assert popup.locator("img").count() == 0
    assert popup.locator("a").get_attribute("href") == f"/communities/barangays/{community.pk}/"
    assert page.locator("body[data-pwned]").count() == 0
