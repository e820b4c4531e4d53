"""Bulk participant registration on the generic import machinery: preview, all-or-nothing commit, rules."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from common.imports.engine import CREATE, ERROR, build_preview, commit, get_spec
from common.models import ImportUpload
from common.tests import personas
from common.tests.spreadsheets import xlsx as build_xlsx
from mana.models import Participant

pytestmark = pytest.mark.django_db

KIND = "mana.participants"
HEADERS = ("Assessment ID", "Name", "Sex", "Age group", "Sector", "Barangay PSGC code", "Contact", "Consent method",
           "Consent date")  # fmt: skip


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def xlsx(rows):
    return build_xlsx(rows, HEADERS)


def rows(assessment):
    return [
        [assessment.pk, "Amina Hadjiri", "Female", "25–39", "Women", personas.ALIGUAY, "0917 1", "Signed consent form",
         "2026-02-10"],
        [assessment.pk, "Jamal Ututalum", "male", "40-59", "Fisherfolk", personas.ALIGUAY, "", "", ""],
    ]  # fmt: skip


def test_preview_writes_nothing_and_commit_registers_through_the_service(assessment, facilitator_ix):
    spec = get_spec(KIND)
    preview = build_preview(spec, xlsx(rows(assessment)), "p.xlsx", user=facilitator_ix)
    assert [r.status for r in preview.rows] == [CREATE, CREATE], [r.errors for r in preview.rows]
    assert not Participant.objects.exists()
    committed = commit(spec, xlsx(rows(assessment)), "p.xlsx", user=facilitator_ix)
    assert committed.committed
    amina = Participant.objects.get(name="Amina Hadjiri")
    assert amina.has_consent and amina.consent_recorded_by == facilitator_ix and amina.sector == "women"
    assert amina.community.code == personas.ALIGUAY
    assert not Participant.objects.get(name="Jamal Ututalum").has_consent


def test_bad_rows_are_listed_and_nothing_is_written(assessment, assessment_xii, facilitator_ix):
    bad = [
        [assessment.pk, "A", "Female", "", "", "1206306002", "", "", ""],  # barangay outside the area
        [assessment_xii.pk, "B", "Male", "", "", "", "", "", ""],  # not on that team
        [assessment.pk, "C", "Unknown", "", "", "", "", "", ""],  # bad sex
        [assessment.pk, "D", "Male", "", "", "", "", "", "2099-01-01"],  # consent date without method
    ]
    spec = get_spec(KIND)
    preview = commit(spec, xlsx([*rows(assessment), *bad]), "p.xlsx", user=facilitator_ix)
    assert not preview.committed and not Participant.objects.exists()
    statuses = [r.status for r in preview.rows]
    assert statuses == [CREATE, CREATE, ERROR, ERROR, ERROR, ERROR]
    messages = " ".join(e for r in preview.rows for e in r.errors)
    assert "outside the area" in messages and "not on its team" in messages and "Consent method" in messages


def test_facilitator_imports_a_csv_through_the_pages(client, facilitator_ix, assessment):
    client.force_login(facilitator_ix)
    page = client.get(reverse("mana:participant-list", args=[assessment.pk])).content.decode()
    assert reverse("imports:start", args=[KIND]) in page
    content = f'Assessment ID,Name,Sex,Consent method\n{assessment.pk},Nur Alonto,Female,"Verbal, witnessed"\n'
    with TestCase.captureOnCommitCallbacks(execute=True):  # the file is read by a job
        response = client.post(
            reverse("imports:start", args=[KIND]), {"file": SimpleUploadedFile("p.csv", content.encode())}
        )
    upload = ImportUpload.objects.get()
    assert "Nur Alonto" in client.get(response["Location"]).content.decode()
    assert not Participant.objects.exists()
    client.post(reverse("imports:commit", args=[upload.pk]))
    assert Participant.objects.get().consent_method == "verbal"


@pytest.mark.parametrize("persona", ["executive", "partner_ix", "outsider", "officer_ix"])
def test_roles_without_personal_data_or_add_permission_cannot_import(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("imports:start", args=[KIND])).status_code == 403


def test_codes_excel_stored_as_numbers_and_place_names_are_matched(assessment, facilitator_ix):
    """The communities import's place matcher: a code that lost its leading zero, or names."""
    headers = ("Assessment ID", "Name", "Sex", "Barangay PSGC code", "Barangay", "City/Municipality")
    table = [
        [assessment.pk, "Number code", "Female", int(personas.ALIGUAY), None, None],
        [assessment.pk, "By name", "Male", None, "Aliguay", "Dapitan City"],
        [assessment.pk, "Unknown place", "Male", None, "Nowhere Land", "Dapitan City"],
    ]
    preview = build_preview(get_spec(KIND), build_xlsx(table, headers), "p.xlsx", user=facilitator_ix)
    assert [r.status for r in preview.rows] == [CREATE, CREATE, ERROR], [r.errors for r in preview.rows]
    assert preview.rows[0].data["community"].code == personas.ALIGUAY
    assert preview.rows[1].data["community"].code == personas.ALIGUAY
    assert "Nowhere Land" in preview.rows[2].errors[0]


def test_already_registered_participants_are_found_without_a_query_per_row(assessment, facilitator_ix,
                                                                           django_assert_max_num_queries):  # fmt: skip
    spec = get_spec(KIND)
    commit(spec, xlsx(rows(assessment)), "p.xlsx", user=facilitator_ix)
    many = [[assessment.pk, f"Person {i}", "Female", "", "", personas.ALIGUAY, "", "", ""] for i in range(60)]
    with django_assert_max_num_queries(15):
        preview = build_preview(spec, xlsx([*rows(assessment), *many]), "p.xlsx", user=facilitator_ix)
    assert "already registered" in preview.rows[0].errors[0]
    assert all(r.status == CREATE for r in preview.rows[2:])
