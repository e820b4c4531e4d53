"""Place names as other government lists write them resolve to the PSGC place; a name that matches
nothing is answered with its three nearest places; a corrected spelling is reported."""

import pytest

from common.locations.matching import MATCHED, NOT_FOUND, LocationMatcher, describe
from common.models import Barangay
from common.places.labels import display_name, place_labels
from common.tests import personas

pytestmark = pytest.mark.django_db
GENERAL_SANTOS_HUC = "1230899999"


@pytest.fixture
def matcher():
    return LocationMatcher()


def _first(**lookups):
    return Barangay.objects.select_related("municipality__province").filter(**lookups).order_by("code").first()


@pytest.mark.parametrize("written", ["Zamboanga City (HUC)", "City of Zamboanga", "Zamboanga City",
                                     "ZAMBOANGA CITY (Highly Urbanized City)"])  # fmt: skip
def test_a_huc_written_as_a_province_in_any_form_resolves(matcher, written):
    target = _first(municipality__province__code=personas.ZAMBOANGA_CITY_HUC)
    result = matcher.match(barangay=target.name, province=written)
    assert result.status == MATCHED and result.barangay == target


def test_general_santos_city_huc_resolves_as_a_province(matcher):
    target = _first(municipality__province__code=GENERAL_SANTOS_HUC)
    assert matcher.match(barangay=target.name, province="General Santos City (HUC)").barangay == target


@pytest.mark.parametrize("written", ["City of Dapitan", "Dapitan City", "dapitan"])
def test_city_of_x_and_x_city_are_one_place(matcher, written):
    result = matcher.match(barangay="Aliguay", municipality=written)
    assert result.status == MATCHED and result.barangay.code == personas.ALIGUAY and not result.note


def test_pob_is_read_as_poblacion(matcher):
    target = _first(name="Poblacion", municipality__province__region__code=personas.REGION_IX)
    for written in ("Pob.", "POB", "Poblacion"):
        result = matcher.match(barangay=written, municipality=target.municipality.name)
        assert result.status == MATCHED and result.barangay == target, written


def test_the_psgc_asterisk_is_ignored_in_matching_and_dropped_on_screen(matcher):
    tugop = _first(name="Tugop*")
    result = matcher.match(barangay="Tugop", municipality=tugop.municipality.name)
    assert result.status == MATCHED and result.barangay == tugop
    assert display_name(tugop) == "Tugop" and "*" not in describe(tugop)


def test_a_barangay_that_matches_nothing_gets_its_three_nearest_places(matcher):
    result = matcher.match(barangay="Aliguy Island", municipality="Dapitan")
    assert result.status == NOT_FOUND and len(result.suggestions) == 3
    assert result.suggestions[0].startswith("Aliguay, City of Dapitan")
    assert "Nearest: Aliguay, City of Dapitan" in result.message


def test_a_municipality_that_matches_nothing_gets_its_three_nearest(matcher):
    result = matcher.match(barangay="Aliguay", municipality="Xyzzy", province="Zamboanga del Norte")
    assert result.status == NOT_FOUND and len(result.suggestions) == 3
    assert all(s.endswith("Zamboanga del Norte") for s in result.suggestions)


def test_a_province_that_matches_nothing_gets_its_nearest(matcher):
    result = matcher.match(barangay="Aliguay", province="Cebu")
    assert result.status == NOT_FOUND and len(result.suggestions) == 3
    assert result.message.startswith('No province matches "Cebu". Nearest: ')


def test_a_silently_corrected_spelling_is_noted(matcher):
    result = matcher.match(barangay="Aliguway", municipality="Dapitan")
    assert result.status == MATCHED and result.barangay.code == personas.ALIGUAY
    assert '"Aliguway" read as Aliguay' in result.note


def test_duplicate_names_show_their_parent_and_unique_names_do_not():
    poblaciones = list(
        Barangay.objects.filter(name="Poblacion", municipality__province__region__code=personas.REGION_IX)
        .select_related("municipality__parent_city")
        .order_by("code")[:5]
    )
    assert len(poblaciones) == 5
    labels = place_labels(poblaciones)
    assert [labels[b.pk] for b in poblaciones] == [f"Poblacion ({b.municipality.name})" for b in poblaciones]
    aliguay = Barangay.objects.select_related("municipality").get(code=personas.ALIGUAY)
    assert place_labels([aliguay])[aliguay.pk] == "Aliguay"


def test_a_huc_is_labelled_once():
    from common.models import Province

    huc = Province.objects.get(code=personas.ZAMBOANGA_CITY_HUC)
    assert display_name(huc) == "City of Zamboanga (HUC)"
