import pytest

from common.locations.matching import AMBIGUOUS, MATCHED, NOT_FOUND, LocationMatcher, describe, normalise_code
from common.models import Barangay
from common.tests import personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def matcher():
    return LocationMatcher()


def test_code_matches_even_when_a_spreadsheet_dropped_the_leading_zero(matcher):
    for typed in (personas.ALIGUAY, "907201001", 907201001, "907201001.0", " 0907-201001 "):
        result = matcher.match(code=typed)
        assert result.status == MATCHED and result.barangay.code == personas.ALIGUAY
    assert normalise_code(907201001) == personas.ALIGUAY


def test_unknown_code_or_code_of_a_city_says_so(matcher):
    assert matcher.match(code="0907299999").status == NOT_FOUND
    city = matcher.match(code=personas.CITY_OF_DAPITAN)
    assert city.status == NOT_FOUND and "City of Dapitan, not a barangay" in city.message


def test_code_and_a_different_barangay_name_is_an_error(matcher):
    result = matcher.match(code=personas.ALIGUAY, barangay="Banbanan")
    assert result.status == NOT_FOUND
    assert "Aliguay, City of Dapitan, Zamboanga del Norte" in result.message and "Banbanan" in result.message
    assert matcher.match(code=personas.ALIGUAY, barangay="ALIGUAY").is_matched


@pytest.mark.parametrize(
    "municipality", ["City of Dapitan", "Dapitan City", "dapitan", "DAPITAN CITY", "Dapitan, City of"]
)
def test_city_of_x_and_x_city_are_the_same_place(matcher, municipality):
    result = matcher.match(barangay="Aliguay", municipality=municipality, province="Zamboanga del Norte")
    assert result.status == MATCHED and result.barangay.code == personas.ALIGUAY
    assert result.note == ""


def test_region_narrows_by_numeral_or_name(matcher):
    for region in ("IX", "Region IX", "Zamboanga Peninsula", "region 9"):
        result = matcher.match(barangay="Aliguay", municipality="Dapitan", region=region)
        assert result.is_matched, (region, result.message)
    assert matcher.match(barangay="Aliguay", region="XII").status == NOT_FOUND


def test_sto_and_accents_match_santo_nino(matcher):
    target = Barangay.objects.filter(name="Santo Niño").select_related("municipality__province").first()
    municipality = target.municipality
    for typed in ("Sto. Niño", "Sto Nino", "santo nino", "STO. NIÑO"):
        result = matcher.match(barangay=typed, municipality=municipality.name, province=municipality.province.name)
        assert result.is_matched and result.barangay == target, typed


def test_small_spelling_mistakes_are_forgiven_and_reported(matcher):
    result = matcher.match(barangay="Aligway", municipality="Dapitan City", province="Zamboanga del Norte")
    assert result.is_matched and result.barangay.code == personas.ALIGUAY
    assert '"Aligway" read as Aliguay' in result.note
    result = matcher.match(barangay="Aliguay", municipality="Dapitn City", province="Zambonga del Norte")
    assert result.is_matched and "Dapitn City" in result.note and "Zambonga del Norte" in result.note


def test_common_name_without_municipality_is_ambiguous_with_candidates(matcher):
    result = matcher.match(barangay="San Jose", province="Zamboanga del Norte")
    expected = Barangay.objects.filter(name="San Jose", municipality__province__code=personas.ZAMBOANGA_DEL_NORTE)
    assert expected.count() > 1
    assert result.status == AMBIGUOUS and result.barangay is None
    assert {b.pk for b in result.candidates} == set(expected.values_list("pk", flat=True))
    assert "more than one barangay" in result.message and "city or municipality" in result.message
    assert all(describe(b).startswith("San Jose, ") for b in result.candidates)


def test_ambiguity_lists_at_most_a_dozen_candidates(matcher):
    result = matcher.match(barangay="Poblacion")
    assert result.status == AMBIGUOUS and len(result.candidates) == 12 and "the first 12 are listed" in result.message


def test_huc_is_found_as_province_or_as_city(matcher):
    target = Barangay.objects.filter(municipality__province__code=personas.ZAMBOANGA_CITY_HUC).first()
    for kwargs in ({"province": "Zamboanga City"}, {"municipality": "City of Zamboanga"},
                   {"municipality": "Zamboanga City", "province": "City of Zamboanga"}):  # fmt: skip
        result = matcher.match(barangay=target.name, **kwargs)
        assert result.is_matched and result.barangay == target, kwargs


def test_city_placed_under_the_wrong_province_is_offered_not_assumed(matcher):
    target = Barangay.objects.filter(municipality__province__code=personas.ZAMBOANGA_CITY_HUC).first()
    result = matcher.match(barangay=target.name, municipality="Zamboanga City", province="Zamboanga del Sur")
    assert result.status == AMBIGUOUS and target in result.candidates
    assert "is not in Zamboanga del Sur" in result.message


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"barangay": "Nowhere Land", "municipality": "Dapitan"}, 'No barangay matches "Nowhere Land" in Dapitan.'),
        ({"barangay": "Aliguay", "municipality": "Atlantis"}, 'No city or municipality matches "Atlantis".'),
        ({"barangay": "Aliguay", "province": "Cebu"}, 'No province matches "Cebu".'),
        ({"barangay": "Aliguay", "region": "Region XXV"}, 'No region matches "Region XXV".'),
        ({"barangay": ""}, "The barangay name (or its PSGC code) is missing."),
    ],
)
def test_names_that_match_nothing_say_which_part_failed(matcher, kwargs, message):
    result = matcher.match(**kwargs)
    assert result.status == NOT_FOUND and result.message.startswith(message)


def test_matcher_reads_each_municipality_once(matcher, django_assert_max_num_queries):
    matcher.match(barangay="Aliguay", municipality="Dapitan")
    with django_assert_max_num_queries(0):
        for _ in range(50):
            assert matcher.match(barangay="Aliguay", municipality="Dapitan City").is_matched
