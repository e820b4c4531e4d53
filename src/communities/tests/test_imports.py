"""Import of barangay OBC profiles: template, dry run, commit, ambiguity, bad files and values, areas."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from common.imports.engine import CHOOSE, CREATE, ERROR, UPDATE, build_preview, commit, get_spec
from common.models import Barangay, ImportUpload
from common.tests import personas
from common.tests.spreadsheets import xlsx as build_xlsx
from communities.models import BarangayOBC, MunicipalCoverage
from communities.tests.factories import make_community

pytestmark = pytest.mark.django_db

KIND = "communities.barangay_obc"
HEADERS = ("Barangay", "City/Municipality", "Province", "Purok/sitio", "Estimated OBC population",
           "Primary ethnolinguistic group", "Households", "Languages spoken")  # fmt: skip
KORONADAL_BRGY = "1206306002"


@pytest.fixture
def spec():
    return get_spec(KIND)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def xlsx(rows, headers=HEADERS):
    return build_xlsx(rows, headers)


ALIGUAY_ROW = ["Aliguay", "Dapitan City", "Zamboanga del Norte", "Purok 1", 120, "Tausug", 25, "Bahasa Sug; Cebuano"]


def test_dry_run_shows_what_will_be_created_and_writes_nothing(spec, officer_ix):
    preview = build_preview(spec, xlsx([ALIGUAY_ROW]), "obc.xlsx", user=officer_ix)
    row = preview.rows[0]
    assert row.status == CREATE, row.errors
    assert row.summary == "Purok 1, Aliguay, City of Dapitan, Zamboanga del Norte"
    assert preview.can_commit
    assert not BarangayOBC.all_objects.exists() and not MunicipalCoverage.objects.exists()


def test_commit_creates_through_the_service_with_census_total_and_rollup(spec, officer_ix):
    preview = commit(spec, xlsx([ALIGUAY_ROW]), "obc.xlsx", user=officer_ix)
    assert preview.committed, [r.errors for r in preview.rows]
    community = BarangayOBC.objects.get()
    assert community.obc_id.startswith("OBC-IX-")
    assert community.total_barangay_population == 601
    assert (community.estimated_obc_population, community.households) == (120, 25)
    assert community.primary_ethnolinguistic_group == "tausug"
    assert community.languages == ["tausug", "cebuano"]
    assert community.created_by == officer_ix
    assert MunicipalCoverage.objects.get(municipality__code=personas.CITY_OF_DAPITAN).attributed_obc_population == 120


def test_rows_by_psgc_code_and_rows_with_an_obc_id_update(spec, officer_ix):
    existing = make_community(personas.ALIGUAY, purok_sitio="Purok 9", households=10, estimated_obc_population=100)
    headers = (
        "OBC ID",
        "Barangay PSGC code",
        "Households",
        "Estimated OBC population",
        "Primary ethnolinguistic group",
    )
    rows = [[existing.obc_id, None, 30, None, None], [None, "907201002", None, 50, "Sama"]]
    preview = commit(spec, xlsx(rows, headers), "obc.xlsx", user=officer_ix)
    assert preview.committed, [r.errors for r in preview.rows]
    assert [r.status for r in preview.rows] == [UPDATE, CREATE]
    existing.refresh_from_db()
    assert existing.households == 30
    assert existing.estimated_obc_population == 100  # empty cell keeps the stored value
    assert BarangayOBC.objects.get(barangay__code="0907201002").primary_ethnolinguistic_group == "sama"


def test_row_for_same_barangay_and_purok_updates_the_existing_record(spec, officer_ix):
    existing = make_community(personas.ALIGUAY, purok_sitio="Purok 1", estimated_obc_population=80)
    preview = commit(spec, xlsx([ALIGUAY_ROW]), "obc.xlsx", user=officer_ix)
    assert preview.committed and preview.rows[0].status == UPDATE
    assert f"updates {existing.obc_id}" in preview.rows[0].notes[0]
    assert BarangayOBC.objects.get().estimated_obc_population == 120


def test_ambiguous_barangay_is_shown_and_resolved_by_the_user(spec, officer_ix):
    row = ["San Jose", None, "Zamboanga del Norte", None, 40, "Tausug", None, None]
    preview = commit(spec, xlsx([row]), "obc.xlsx", user=officer_ix)
    plan = preview.rows[0]
    assert not preview.committed and plan.status == CHOOSE
    assert len(plan.options) > 1 and all(label.startswith("San Jose, ") for _, label in plan.options)
    assert not BarangayOBC.all_objects.exists()
    chosen = plan.options[-1][0]
    preview = commit(spec, xlsx([row]), "obc.xlsx", user=officer_ix, choices={2: chosen})
    assert preview.committed
    assert BarangayOBC.objects.get().barangay.code == chosen


def test_bad_values_are_listed_per_row_and_nothing_is_written(spec, officer_ix):
    rows = [
        ALIGUAY_ROW,
        ["Aliguay", "Dapitan", "Zamboanga del Norte", "Purok 2", 5000, "Tausug", None, None],
        ["Aliguay", "Dapitan", "Zamboanga del Norte", "Purok 3", "many", "Klingon", "12a", "Latin"],
        ["Atlantis", "Dapitan", "Zamboanga del Norte", "Purok 4", 10, "Sama", None, None],
    ]
    preview = commit(spec, xlsx(rows), "obc.xlsx", user=officer_ix)
    assert not preview.committed and not BarangayOBC.all_objects.exists()
    assert [r.status for r in preview.rows] == [CREATE, ERROR, ERROR, ERROR]
    assert preview.rows[1].errors == [
        "Estimated OBC population (5,000) cannot exceed the barangay's total population (601, 2020 census)."
    ]
    errors = " | ".join(preview.rows[2].errors)
    assert '"Estimated OBC population": must be a whole number, not "many".' in errors
    assert '"Primary ethnolinguistic group": "Klingon" is not one of' in errors
    assert '"Households": must be a whole number, not "12a".' in errors
    assert "\"Languages spoken\": unknown value(s) 'Latin'" in errors
    assert len(preview.rows[2].errors) == 4  # each problem once
    [error] = preview.rows[3].errors
    assert error.startswith('No barangay matches "Atlantis" in Dapitan. Nearest: ')  # three suggestions


def test_missing_required_values_for_a_new_record_are_errors(spec, officer_ix):
    preview = build_preview(
        spec, xlsx([["Aliguay", "Dapitan", None, None, None, None, None, None]]), "a.xlsx", user=officer_ix
    )
    assert preview.rows[0].errors == [
        '"Estimated OBC population" is required for a new community.',
        '"Primary ethnolinguistic group" is required for a new community.',
    ]


def test_wrong_columns_reject_the_whole_file(spec, officer_ix):
    preview = build_preview(spec, xlsx([["x", 1]], headers=("Barangay", "Favourite colour")), "a.xlsx", user=officer_ix)
    assert not preview.rows and "Unknown column(s): 'Favourite colour'" in preview.file_errors[0]


def test_system_columns_of_an_export_are_read_past_with_a_notice(spec, officer_ix):
    headers = (*HEADERS, "Total barangay population")
    preview = build_preview(spec, xlsx([[*ALIGUAY_ROW, 999999]], headers), "a.xlsx", user=officer_ix)
    assert preview.can_commit and "Total barangay population" in preview.notices[0]
    commit(spec, xlsx([[*ALIGUAY_ROW, 999999]], headers), "a.xlsx", user=officer_ix)
    assert BarangayOBC.objects.get().total_barangay_population == 601  # a forged total is ignored


def test_officer_cannot_import_rows_outside_their_areas(spec, officer_xii, officer_zdn):
    preview = commit(spec, xlsx([ALIGUAY_ROW]), "obc.xlsx", user=officer_xii)
    assert not preview.committed
    assert preview.rows[0].errors == [
        "Aliguay, City of Dapitan, Zamboanga del Norte is outside your assigned areas; you cannot import it."
    ]
    zds = Barangay.objects.filter(municipality__province__code="0907300000").select_related("municipality").first()
    row = [zds.name, zds.municipality.name, "Zamboanga del Sur", None, 1, "Sama", None, None]
    preview = commit(spec, xlsx([ALIGUAY_ROW, row]), "obc.xlsx", user=officer_zdn)
    assert not preview.committed and preview.rows[0].status == CREATE and preview.rows[1].status == ERROR
    assert not BarangayOBC.all_objects.exists()


def test_officer_cannot_update_a_record_outside_their_areas_by_obc_id(spec, officer_xii):
    existing = make_community(personas.ALIGUAY, households=10)
    preview = commit(spec, xlsx([[existing.obc_id, 99]], ("OBC ID", "Households")), "a.xlsx", user=officer_xii)
    assert not preview.committed
    assert preview.rows[0].errors == [
        f"No record with OBC ID {existing.obc_id} in your areas. Leave the OBC ID empty to create one."
    ]
    existing.refresh_from_db()
    assert existing.households == 10


def test_template_columns_can_be_imported_back(spec, client, officer_ix):
    client.force_login(officer_ix)
    response = client.get(reverse("imports:template", args=[KIND]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    headers = [cell.value for cell in book["Data"][1]]
    assert headers[:6] == ["OBC ID", "Barangay PSGC code", "Region", "Province", "City/Municipality", "Barangay"]
    assert "Estimated OBC population" in headers and "Total barangay population" not in headers
    values = {
        "Barangay PSGC code": personas.ALIGUAY,
        "Estimated OBC population": 10,
        "Primary ethnolinguistic group": "Yakan",
    }
    preview = build_preview(spec, xlsx([[values.get(h) for h in headers]], headers), "t.xlsx", user=officer_ix)
    assert preview.rows[0].status == CREATE, preview.rows[0].errors


def test_officer_imports_a_csv_through_the_pages(client, officer_ix):
    client.force_login(officer_ix)
    content = (
        "Barangay PSGC code,Purok/sitio,Estimated OBC population,Primary ethnolinguistic group\n"
        "0907201001,Purok 5,77,Meranaw\n"
    )
    with TestCase.captureOnCommitCallbacks(execute=True):  # the file is read by a job
        response = client.post(
            reverse("imports:start", args=[KIND]), {"file": SimpleUploadedFile("obc.csv", content.encode())}
        )
    upload = ImportUpload.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert 'data-count="create">1 to create' in page and "Purok 5, Aliguay" in page
    assert not BarangayOBC.all_objects.exists()
    response = client.post(reverse("imports:commit", args=[upload.pk]))
    assert response.status_code == 302
    assert BarangayOBC.objects.get().primary_ethnolinguistic_group == "meranaw"


@pytest.mark.parametrize("persona", ["partner_ix", "facilitator_ix", "executive", "outsider"])
def test_roles_that_cannot_add_or_change_communities_cannot_import(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("imports:start", args=[KIND])).status_code == 403
    response = client.post(
        reverse("imports:start", args=[KIND]), {"file": SimpleUploadedFile("a.xlsx", xlsx([ALIGUAY_ROW]).getvalue())}
    )
    assert response.status_code == 403 and not ImportUpload.objects.exists()


def test_preview_queries_do_not_grow_with_rows(spec, officer_ix, django_assert_max_num_queries):
    from common.models import Barangay

    codes = list(
        Barangay.objects.filter(municipality__code=personas.CITY_OF_DAPITAN).values_list("code", flat=True)[:30]
    )
    headers = ("Barangay PSGC code", "Estimated OBC population", "Primary ethnolinguistic group")
    rows = [[code, 1, "Sama"] for code in codes]
    with django_assert_max_num_queries(12):
        preview = build_preview(spec, xlsx(rows, headers), "many.xlsx", user=officer_ix)
    assert len(preview.rows) == 30 and preview.can_commit
