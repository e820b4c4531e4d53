"""The calendar and the 3W matrix pick their area with the shared place picker (the user's areas only)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from common.tests import personas

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url_name", ["calendar", "coordination:matrix"])
def test_area_filter_is_the_shared_picker_limited_to_the_users_areas(client, officer_ix, url_name):
    client.force_login(officer_ix)
    html = client.get(reverse(url_name), {"region": personas.REGION_IX}).content.decode()
    assert "data-place-picker" in html and 'name="region"' in html and 'name="province"' in html
    assert f'value="{personas.REGION_IX}"' in html and f'value="{personas.REGION_XII}"' not in html
    assert "common/js/place-picker.js" in html


def test_matrix_keeps_the_chosen_province(client, officer_ix):
    client.force_login(officer_ix)
    html = client.get(
        reverse("coordination:matrix"), {"region": personas.REGION_IX, "province": personas.ZAMBOANGA_DEL_NORTE}
    ).content.decode()
    assert f'<option value="{personas.ZAMBOANGA_DEL_NORTE}" selected>' in html
