"""Imports that scale (issue 9, item 5): the cost of a row does not grow with the file or the province.

The same mixed file (new rows by PSGC code, half with the leading zero lost as Excel stores codes,
and updates by OBC ID) is planned and committed at two sizes; the queries must be the same count
whatever the size. Every row is still validated and audited, and ids come from the per-province
counter without scanning the province.
"""

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.imports.engine import commit_table, get_spec, preview_table
from common.imports.files import Table
from common.models import Barangay
from communities.models import BarangayOBC, ObcIdCounter, ProvincialCoverage
from communities.services import bulk_create_communities, create_community, next_obc_ids
from communities.services.ids import id_prefix

pytestmark = pytest.mark.django_db

HEADERS = ["OBC ID", "Barangay PSGC code", "Purok/sitio", "Estimated OBC population", "Primary ethnolinguistic group"]


@pytest.fixture
def spec():
    return get_spec("communities.barangay_obc")


@pytest.fixture
def barangays():
    return list(Barangay.objects.filter(municipality__province__code="0907200000").order_by("code")[:60])


def _existing(user, barangays, n):
    rows = [{"barangay": barangays[i % len(barangays)], "purok_sitio": f"Old {i}", "estimated_obc_population": 10,
             "primary_ethnolinguistic_group": "tausug"} for i in range(n)]  # fmt: skip
    return bulk_create_communities(user=user, rows=rows)


def _table(barangays, existing, n, tag):
    """n rows: half new (codes as text or as Excel numbers), half updates by OBC ID."""
    rows = []
    for i in range(n):
        if i % 2:
            record = existing[i // 2]
            values = [record.obc_id, None, None, 20 + i, None]
        else:
            code = barangays[i % len(barangays)].code
            values = [None, int(code) if i % 4 == 0 else code, f"{tag} {i}", 30, "Sama"]
        rows.append((i + 2, values))
    return Table(headers=HEADERS, rows=rows)


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def test_queries_do_not_grow_with_the_file(spec, administrator, barangays):
    existing = _existing(administrator, barangays, 200)
    small, large = _table(barangays, existing, 40, "small"), _table(barangays, existing[20:], 360, "large")

    plan_small = _queries(lambda: preview_table(spec, small, user=administrator))
    plan_large = _queries(lambda: preview_table(spec, large, user=administrator))
    # Extra rows cost no query of their own (a few more municipalities' barangays are read).
    assert (plan_large - plan_small) / 320 < 0.03, (plan_small, plan_large)

    results = {}
    commit_small = _queries(lambda: results.setdefault("small", commit_table(spec, small, user=administrator)))
    commit_large = _queries(lambda: results.setdefault("large", commit_table(spec, large, user=administrator)))
    assert results["small"].committed and results["large"].committed, results["large"].attention_rows[:3]
    # Bulk writes run in batches (SQLite allows ~13 rows of 73 columns a statement): a query per batch,
    # none per row.
    assert (commit_large - commit_small) / 320 < 0.1, (commit_small, commit_large)
    assert commit_large / 360 <= commit_small / 40


def test_bulk_import_validates_audits_and_rolls_up_every_row(spec, administrator, barangays):
    existing = _existing(administrator, barangays, 10)
    table = _table(barangays, existing, 20, "audit")
    logged_before = LogEntry.objects.get_for_model(BarangayOBC).count()
    preview = commit_table(spec, table, user=administrator)
    assert preview.committed, [r.errors for r in preview.attention_rows]
    assert BarangayOBC.objects.filter(purok_sitio__startswith="audit").count() == 10
    updated = BarangayOBC.objects.get(pk=existing[0].pk)
    assert updated.estimated_obc_population == 21 and updated.updated_by == administrator
    entries = LogEntry.objects.get_for_model(BarangayOBC).count() - logged_before
    assert entries == 20  # one per record created or changed, with the actor
    change = LogEntry.objects.get_for_object(updated).order_by("-pk").first()
    assert change.actor == administrator and "estimated_obc_population" in change.changes
    coverage = ProvincialCoverage.objects.get(province__code="0907200000")
    assert coverage.community_count == BarangayOBC.objects.filter(province__code="0907200000").count()


def test_an_invalid_row_stops_the_whole_file(spec, administrator, barangays):
    existing = _existing(administrator, barangays, 2)
    table = _table(barangays, existing, 4, "bad")
    table.rows[2][1][3] = 10_000_000  # more OBC population than the barangay has
    preview = commit_table(spec, table, user=administrator)
    assert not preview.committed
    assert any("population" in e.lower() for e in preview.rows[2].errors)
    assert not BarangayOBC.objects.filter(purok_sitio__startswith="bad").exists()


def test_ids_come_from_the_counter_without_scanning_the_province(administrator, barangays):
    first = create_community(user=administrator, barangay=barangays[0], purok_sitio="A", estimated_obc_population=5,
                             primary_ethnolinguistic_group="sama")  # fmt: skip
    prefix = id_prefix(first.province)
    counter = ObcIdCounter.objects.get(prefix=prefix)
    assert first.obc_id == f"{prefix}{counter.last_number:04d}"
    _existing(administrator, barangays, 50)
    with CaptureQueriesContext(connection) as captured:
        ids = next_obc_ids(first.province, 3)
    assert len(captured) == 2  # read the counter (locked), bump it: no scan of the province's ids
    assert ids[0] == f"{prefix}{counter.last_number + 51:04d}"


def test_counter_starts_from_ids_already_stored(administrator, barangays):
    record = create_community(user=administrator, barangay=barangays[0], purok_sitio="A", estimated_obc_population=5,
                              primary_ethnolinguistic_group="sama")  # fmt: skip
    ObcIdCounter.objects.all().delete()  # e.g. records loaded from a dump without counters
    BarangayOBC.all_objects.filter(pk=record.pk).update(obc_id=id_prefix(record.province) + "0041")
    assert next_obc_ids(record.province)[0].endswith("-0042")


def test_bulk_import_bumps_the_revision_of_the_profiles_it_changes(spec, administrator, barangays):
    existing = _existing(administrator, barangays, 10)
    before = {c.pk: c.revision for c in existing}
    preview = commit_table(spec, _table(barangays, existing, 20, "revision"), user=administrator)
    assert preview.committed, [r.errors for r in preview.attention_rows]
    updated = BarangayOBC.objects.filter(pk__in=before)
    assert {c.pk: c.revision for c in updated} == {pk: revision + 1 for pk, revision in before.items()}
    created = BarangayOBC.objects.filter(purok_sitio__startswith="revision")
    assert created.exists() and set(created.values_list("revision", flat=True)) == {1}


def _spread_table(n_municipalities, tag):
    """One new row in each of ``n_municipalities`` cities/municipalities of Region IX."""
    from common.models import Municipality

    cities = Municipality.objects.for_cascade().filter(province__region__code="0900000000").order_by("code")
    rows = []
    for i, city in enumerate(cities[:n_municipalities]):
        barangay = Barangay.objects.filter(municipality=city).order_by("code").first()
        rows.append((i + 2, [None, barangay.code, f"{tag} {i}", 30, "Sama"]))
    return Table(headers=HEADERS, rows=rows)


def test_matching_and_roll_ups_cost_no_query_per_city(spec, administrator):
    """A file naming many cities reads their barangays at once, and their coverage roll-ups are
    written in one run (before: two queries per city to match, two per city to roll up)."""
    few, many = _spread_table(3, "few"), _spread_table(30, "many")
    plan_few = _queries(lambda: preview_table(spec, few, user=administrator))
    plan_many = _queries(lambda: preview_table(spec, many, user=administrator))
    assert plan_many - plan_few <= 2, (plan_few, plan_many)
    done = {}
    commit_few = _queries(lambda: done.setdefault("few", commit_table(spec, few, user=administrator)))
    commit_many = _queries(lambda: done.setdefault("many", commit_table(spec, many, user=administrator)))
    assert done["few"].committed and done["many"].committed
    provinces = len({c.province_id for c in BarangayOBC.objects.filter(purok_sitio__startswith="many")})
    # Only the provinces touched add queries (each is locked); the cities add none.
    assert commit_many - commit_few <= 3 * provinces + 2, (commit_few, commit_many, provinces)
    from communities.models import MunicipalCoverage

    for community in BarangayOBC.objects.filter(purok_sitio__startswith="many"):
        coverage = MunicipalCoverage.objects.get(municipality=community.municipality)
        assert coverage.community_count == BarangayOBC.objects.filter(municipality=community.municipality).count()


def test_imported_profiles_are_linked_to_the_mana_rows_of_their_barangay(spec, administrator, barangays):
    """MANA names communities by barangay; a profile created by an import joins the assessments
    that covered its barangay, as one created through the form does."""
    from mana.services.assessments import create_assessment

    barangay = barangays[0]
    assessment = create_assessment(
        user=administrator, title="Covered before the profile existed", level="community",
        municipality=barangay.municipality, communities=[barangay],
    )  # fmt: skip
    assert not assessment.community_profiles.exists()
    table = Table(headers=HEADERS, rows=[(2, [None, barangay.code, "Linked", 30, "Sama"])])
    assert commit_table(spec, table, user=administrator).committed
    profile = BarangayOBC.objects.get(purok_sitio="Linked")
    assert list(assessment.community_profiles.all()) == [profile]
