import io

import pytest
from django.core.management import CommandError, call_command

from common.models import Barangay, Municipality, Province, Region
from common.services import psgc_source
from common.services.hierarchy import RegionSelectionError, load_hierarchy, resolve_regions
from common.services.psgc_source import HierarchyDataError, read_psgc_package
from common.tests import personas


def run(*args) -> str:
    out = io.StringIO()
    call_command("populate_administrative_hierarchy", *args, stdout=out)
    return out.getvalue()


def counts():
    return tuple(m.objects.count() for m in (Region, Province, Municipality, Barangay))


@pytest.mark.slow
@pytest.mark.django_db
def test_full_load_has_every_region_province_city_and_barangay():
    output = run()
    assert counts() == (18, 102, 1656, 42010)
    assert "Barangays" in output and "42,010" in output


@pytest.mark.django_db
def test_city_of_dapitan_has_its_census_population_in_zamboanga_del_norte():
    dapitan = Municipality.objects.select_related("province__region").get(code=personas.CITY_OF_DAPITAN)
    assert dapitan.name == "City of Dapitan"
    assert dapitan.population == 87_699
    assert dapitan.population_year == 2020
    assert dapitan.kind == Municipality.Kind.CITY
    assert dapitan.city_class == Municipality.CityClass.COMPONENT
    assert dapitan.province.name == "Zamboanga del Norte"
    assert dapitan.province.region.short_name == "IX"
    assert dapitan.latitude == pytest.approx(8.59, abs=0.05)


@pytest.mark.django_db
def test_zamboanga_city_is_a_huc_at_province_level_with_its_barangays_below():
    huc = Province.objects.get(code=personas.ZAMBOANGA_CITY_HUC)
    assert huc.kind == Province.Kind.HUC
    assert huc.region.code == personas.REGION_IX
    city = huc.municipalities.get()
    assert city.name == "City of Zamboanga"
    assert city.city_class == Municipality.CityClass.HIGHLY_URBANIZED
    assert Barangay.objects.of_municipality(city).count() == 98


@pytest.mark.django_db
def test_sulu_belongs_to_region_ix():
    assert Province.objects.get(code=personas.SULU).region.code == personas.REGION_IX
    assert Province.objects.get(name="Sulu").region.short_name == "IX"


@pytest.mark.django_db
def test_aliguay_barangay_population_and_kind():
    aliguay = Barangay.objects.get(code=personas.ALIGUAY)
    assert (aliguay.name, aliguay.population, aliguay.urban_rural) == ("Aliguay", 601, "R")


@pytest.mark.django_db
def test_second_run_creates_and_changes_nothing_and_says_so():
    before = counts()
    output = run("--regions", "IX", "XII")
    assert counts() == before
    assert "Nothing to do" in output


@pytest.mark.django_db
def test_without_force_a_changed_population_is_left_alone_and_reported():
    Barangay.objects.filter(code=personas.ALIGUAY).update(population=5)
    output = run("--regions", "IX")
    assert Barangay.objects.get(code=personas.ALIGUAY).population == 5
    assert "1 existing rows differ" in output and "--force" in output


@pytest.mark.django_db
def test_force_repairs_a_changed_population_and_reports_the_change():
    Barangay.objects.filter(code=personas.ALIGUAY).update(population=5, name="Aligway")
    output = run("--regions", "IX", "--force")
    aliguay = Barangay.objects.get(code=personas.ALIGUAY)
    assert (aliguay.name, aliguay.population) == ("Aliguay", 601)
    assert "population 5 → 601" in output
    assert "name 'Aligway' → 'Aliguay'" in output
    assert "updated 1 rows" in output


@pytest.mark.django_db
def test_dry_run_reports_but_writes_nothing():
    Barangay.objects.filter(code=personas.ALIGUAY).update(population=5)
    output = run("--regions", "XI", "--force", "--dry-run")
    assert not Region.objects.filter(short_name="XI").exists()
    assert Barangay.objects.get(code=personas.ALIGUAY).population == 5
    assert "Dry run" in output


@pytest.mark.django_db
def test_regions_option_loads_only_the_named_regions():
    output = run("--regions", "Davao Region")
    assert Region.objects.filter(short_name="XI").exists()
    assert not Region.objects.filter(short_name="X").exists()
    davao = Barangay.objects.filter(municipality__province__region__short_name="XI").count()
    assert davao > 1000
    assert f"{davao:,}" in output


@pytest.mark.django_db
def test_unknown_region_is_a_clear_error_and_writes_nothing():
    before = counts()
    with pytest.raises(CommandError, match=r"unknown region 'Atlantis'.*Valid regions: I "):
        run("--regions", "XI", "Atlantis")
    assert counts() == before


@pytest.mark.django_db
def test_corrupt_package_data_is_refused_and_writes_nothing(monkeypatch):
    real = read_psgc_package()

    def corrupt():
        real.rows["barangay"][5]["population"] = -3
        real.rows["municipality"][0]["province_code"] = "0000000000"
        psgc_source.validate(real)
        return real

    monkeypatch.setattr("common.management.commands.populate_administrative_hierarchy.read_psgc_package", corrupt)
    before = counts()
    with pytest.raises(CommandError) as exc:
        run("--force")
    assert "nothing was written" in str(exc.value)
    assert "population -3" in str(exc.value)
    assert "province '0000000000' is not in the data" in str(exc.value)
    assert counts() == before


def test_validate_rejects_bad_codes_and_coordinates():
    source = psgc_source.SourceData(
        rows={
            "region": [{"code": "09", "name": "X", "region_code": "09"}],
            "province": [],
            "municipality": [],
            "barangay": [],
        }
    )
    with pytest.raises(HierarchyDataError, match="must be 10 digits"):
        psgc_source.validate(source)


@pytest.mark.parametrize(
    ("token", "short_name"),
    [("IX", "IX"), ("9", "IX"), ("region xii", "XII"), ("Zamboanga Peninsula", "IX"), ("0900000000", "IX"),
     ("caraga", "XIII"), ("XIII", "XIII"), ("NCR", "NCR"), ("soccsksargen", "XII"), ("IV-A", "IV-A")],
)  # fmt: skip
def test_resolve_regions_accepts_numerals_names_and_codes(token, short_name):
    regions = read_psgc_package().rows["region"]
    (code,) = resolve_regions([token], regions)
    assert next(r for r in regions if r["code"] == code)["short_name"] == short_name


def test_resolve_regions_refuses_ambiguous_names():
    with pytest.raises(RegionSelectionError, match="matches more than one region"):
        resolve_regions(["Mindanao"], read_psgc_package().rows["region"])


@pytest.mark.django_db
def test_load_service_reports_differences_per_level():
    Municipality.objects.filter(code=personas.CITY_OF_DAPITAN).update(population=1)
    result = load_hierarchy(read_psgc_package(), region_codes={personas.REGION_IX}, force=True)
    assert result.levels["municipality"].updated == 1
    assert result.levels["barangay"].updated == 0
    assert [(c.field, c.old, c.new) for c in result.changes] == [("population", 1, 87_699)]
