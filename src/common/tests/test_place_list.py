"""``PlaceListField``: several places at any mix of levels, each row the shared place picker limited
to the user's areas (organization areas, partnership coverage, recommendation areas)."""

from __future__ import annotations

import pytest
from django import forms
from django.http import QueryDict

from common.models import Municipality, Province, Region
from common.places.fields import PlaceFormMixin
from common.places.multi import PlaceListField
from common.tests import personas

pytestmark = pytest.mark.django_db


class AreasForm(PlaceFormMixin, forms.Form):
    areas = PlaceListField()


def post(**rows) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in rows.items():
        data[key] = value
    return data


def test_rows_of_any_level_clean_to_their_places(officer_ix):
    form = AreasForm(
        post(
            areas_0_region=personas.REGION_IX,
            areas_0_province=personas.ZAMBOANGA_DEL_NORTE,
            areas_0_municipality=personas.CITY_OF_DAPITAN,
            areas_1_region=personas.REGION_IX,
            areas_1_province=personas.SULU,
            areas_2_region="",  # a cleared row is dropped
            areas_3_municipality=personas.CITY_OF_DAPITAN,  # a deeper level alone works; duplicates go
        ),
        user=officer_ix,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["areas"] == [
        Municipality.objects.get(code=personas.CITY_OF_DAPITAN),
        Province.objects.get(code=personas.SULU),
    ]


def test_a_place_outside_the_users_areas_is_refused(officer_ix):
    form = AreasForm(post(areas_0_province=personas.SOUTH_COTABATO), user=officer_ix)
    assert not form.is_valid()
    assert "outside your assigned areas" in str(form.errors["areas"])
    assert not AreasForm(post(areas_0_region=personas.REGION_IX), user=None).is_valid()  # no user: nothing


def test_renders_a_picker_per_place_and_one_empty_row(officer_ix):
    dapitan = Municipality.objects.get(code=personas.CITY_OF_DAPITAN)
    html = str(AreasForm(initial={"areas": [dapitan, Region.objects.get(code=personas.REGION_IX)]}, user=officer_ix))
    assert html.count("data-place-picker") == 3  # two places and the "Add a place" row
    assert f'<option value="{personas.CITY_OF_DAPITAN}" selected>' in html
    assert 'name="areas_2_region"' in html and "Add a place" in html
    assert f'value="{personas.REGION_XII}"' not in html  # only the officer's region is offered
