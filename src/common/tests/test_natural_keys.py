import json

import pytest
from django.core.management import call_command

from common.models import Barangay, Municipality, Province, Region
from common.tests import personas


@pytest.mark.django_db
def test_geography_round_trips_through_dumpdata_and_loaddata_with_natural_keys(tmp_path):
    dump = tmp_path / "geo.json"
    call_command(
        "dumpdata", "common.region", "common.province", "common.municipality", "common.barangay",
        "--natural-foreign", "--natural-primary", "--output", str(dump),
    )  # fmt: skip
    rows = json.loads(dump.read_text())
    barangay_row = next(r for r in rows if r["model"] == "common.barangay")
    assert "pk" not in barangay_row
    assert isinstance(barangay_row["fields"]["municipality"], list)

    before = {m: m.objects.count() for m in (Region, Province, Municipality, Barangay)}
    Barangay.objects.all().delete()
    Municipality.objects.filter(parent_city__isnull=False).delete()
    Municipality.objects.all().delete()
    Province.objects.all().delete()
    Region.objects.all().delete()

    call_command("loaddata", str(dump), verbosity=0)
    assert {m: m.objects.count() for m in before} == before
    aliguay = Barangay.objects.select_related("municipality__province__region").get(code=personas.ALIGUAY)
    assert aliguay.population == 601
    assert aliguay.municipality.province.region.code == personas.REGION_IX
