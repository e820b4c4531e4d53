"""The shared place picker (common/places): options and accepted values limited to the user's areas,
each level rendered only below a chosen parent, and the same rule in forms, filters and the API."""

from types import SimpleNamespace

import pytest
from django import forms
from django.urls import reverse

from common.models import Municipality, Province
from common.places.fields import PlaceField, PlaceFormMixin
from common.tests import personas
from communities.filters import BarangayOBCFilterSet

pytestmark = pytest.mark.django_db


class AreaForm(PlaceFormMixin, forms.Form):
    place = PlaceField(levels=("region", "province", "municipality"), required_level="province")


class ManyForm(PlaceFormMixin, forms.Form):
    place = PlaceField(levels=("region", "province"), multiple=True)


def _options(html, name):
    import re

    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return [v for v in re.findall(r'<option value="([^"]*)"', select) if v]


def test_a_user_is_offered_only_their_regions_and_the_chosen_regions_provinces(officer_ix):
    html = str(AreaForm(user=officer_ix)["place"])
    assert _options(html, "place_region") == [personas.REGION_IX]
    provinces = set(Province.objects.filter(region__code=personas.REGION_IX).values_list("code", flat=True))
    assert set(_options(html, "place_province")) == provinces
    assert _options(html, "place_municipality") == []  # nothing below an unchosen province


def test_a_chosen_province_renders_only_its_cities_and_municipalities(officer_ix):
    form = AreaForm(
        {"place_region": personas.REGION_IX, "place_province": personas.ZAMBOANGA_DEL_NORTE}, user=officer_ix
    )
    html = str(form["place"])
    expected = Municipality.objects.for_cascade().filter(province__code=personas.ZAMBOANGA_DEL_NORTE)
    assert set(_options(html, "place_municipality")) == set(expected.values_list("code", flat=True))


def test_the_cleaned_value_carries_every_level(officer_ix):
    form = AreaForm({"place_municipality": personas.CITY_OF_DAPITAN}, user=officer_ix)
    assert form.is_valid(), form.errors
    place = form.cleaned_data["place"]
    assert (place.region.code, place.province.code, place.municipality.code) == (
        personas.REGION_IX,
        personas.ZAMBOANGA_DEL_NORTE,
        personas.CITY_OF_DAPITAN,
    )
    assert place.level == "municipality" and place.deepest.code == personas.CITY_OF_DAPITAN


def test_a_place_outside_the_users_areas_is_refused(officer_ix):
    form = AreaForm({"place_province": personas.SOUTH_COTABATO}, user=officer_ix)
    assert not form.is_valid()
    assert form.errors["place"] == ["That province or HUC does not exist or is outside your assigned areas."]


def test_without_a_user_nothing_is_offered_or_accepted():
    form = AreaForm({"place_province": personas.ZAMBOANGA_DEL_NORTE})
    assert not form.is_valid() and _options(str(form["place"]), "place_region") == []


def test_a_province_of_another_region_than_the_chosen_one_is_dropped(administrator):
    form = AreaForm(
        {"place_region": personas.REGION_XII, "place_province": personas.ZAMBOANGA_DEL_NORTE}, user=administrator
    )
    assert not form.is_valid() and form.errors["place"] == ["Choose a province or HUC."]


def test_the_required_level_must_be_chosen(officer_ix):
    form = AreaForm({"place_region": personas.REGION_IX}, user=officer_ix)
    assert not form.is_valid() and form.errors["place"] == ["Choose a province or HUC."]


def test_several_places_may_be_chosen_at_the_last_level(officer_ix):
    codes = [personas.ZAMBOANGA_DEL_NORTE, personas.SULU]
    form = ManyForm({"place_region": personas.REGION_IX, "place_province": codes}, user=officer_ix)
    assert form.is_valid(), form.errors
    assert sorted(p.code for p in form.cleaned_data["place"].items) == sorted(codes)
    refused = ManyForm({"place_province": [personas.SULU, personas.SOUTH_COTABATO]}, user=officer_ix)
    assert not refused.is_valid()


def test_the_list_filter_accepts_a_province_alone_as_the_api_does(officer_ix):
    from communities.models import BarangayOBC

    fs = BarangayOBCFilterSet(
        {"province": personas.ZAMBOANGA_DEL_NORTE},
        queryset=BarangayOBC.objects.for_user(officer_ix),
        request=SimpleNamespace(user=officer_ix),
    )
    assert fs.is_valid(), fs.errors
    html = str(fs.form["place"])
    assert f'<option value="{personas.REGION_IX}" selected' in html  # the region is filled in for the picker


def test_the_list_filter_refuses_a_province_outside_the_users_areas(client, officer_ix):
    client.force_login(officer_ix)
    response = client.get(reverse("communities:barangay-list"), {"province": personas.SOUTH_COTABATO})
    assert "outside your assigned areas" in response.content.decode()


def test_the_list_page_with_the_picker_costs_a_fixed_number_of_queries(
    client, officer_ix, django_assert_max_num_queries
):
    client.force_login(officer_ix)
    params = {"region": personas.REGION_IX, "province": personas.ZAMBOANGA_DEL_NORTE}
    with django_assert_max_num_queries(25):
        assert client.get(reverse("communities:barangay-list"), params).status_code == 200


def test_the_location_api_labels_namesakes_with_their_parent(client, officer_ix):
    Municipality.objects.filter(code=personas.KORONADAL).update(name="City of Dapitan")
    client.force_login(officer_ix)
    url = reverse("locations:municipalities", args=[personas.ZAMBOANGA_DEL_NORTE])
    rows = {r["code"]: r["label"] for r in client.get(url, {"scope": "mine"}).json()}
    assert rows[personas.CITY_OF_DAPITAN] == "City of Dapitan (Zamboanga del Norte)"
    assert all("(" not in label for code, label in rows.items() if code != personas.CITY_OF_DAPITAN)


def test_within_bounds_the_picker_to_an_area(administrator):
    zdn = Province.objects.get(code=personas.ZAMBOANGA_DEL_NORTE)
    form = AreaForm(user=administrator)
    form.fields["place"].limit_to(administrator, within=zdn)
    html = str(form["place"])
    assert _options(html, "place_region") == [personas.REGION_IX]
    assert _options(html, "place_province") == [personas.ZAMBOANGA_DEL_NORTE]
    expected = Municipality.objects.for_cascade().filter(province=zdn).values_list("code", flat=True)
    assert set(_options(html, "place_municipality")) == set(expected)
    refused = AreaForm({"place_province": personas.SULU}, user=administrator)
    refused.fields["place"].limit_to(administrator, within=zdn)
    assert not refused.is_valid()


def test_assessment_form_refuses_an_area_outside_the_facilitators_regions(client, facilitator_ix):
    client.force_login(facilitator_ix)
    data = {"title": "Koronadal MANA", "level": "municipal", "municipality": personas.KORONADAL,
            "start_date": "2026-02-01", "end_date": "2026-02-20"}  # fmt: skip
    response = client.post(reverse("mana:assessment-add"), data)
    html = response.content.decode()
    assert response.status_code == 400 and "outside your assigned areas" in html and 'value="Koronadal MANA"' in html
    from mana.models import Assessment

    assert not Assessment.objects.exists()


def test_need_form_without_an_assessment_lists_no_municipality_until_a_province_is_chosen(client, administrator):
    client.force_login(administrator)
    html = client.get(reverse("mana:need-add")).content.decode()
    assert _options(html, "affected_communities_municipality") == []  # never every city of the country
    # After an error the chosen city comes back with its province's other cities, and its barangays.
    data = {"affected_communities_municipality": personas.CITY_OF_DAPITAN}
    html = client.post(reverse("mana:need-add"), data).content.decode()
    assert personas.CITY_OF_DAPITAN in _options(html, "affected_communities_municipality")
    assert personas.ALIGUAY in _options(html, "affected_communities")
