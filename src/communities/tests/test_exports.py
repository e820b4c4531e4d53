"""Exports: the filtered list to Excel/CSV (direct and as a job), the profile PDF, the area report PDF."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from common.models import Job
from common.tests import personas
from communities import exports
from communities.services import create_leader
from communities.tests.factories import make_community, system_user

pytestmark = pytest.mark.django_db

DAPITAN_2 = "0907201002"
KORONADAL_BRGY = "1206306002"
EXPORT = "communities-io:export"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def communities():
    aliguay = make_community(personas.ALIGUAY, purok_sitio="Purok Uno", estimated_obc_population=150,
                             primary_ethnolinguistic_group="tausug", languages=["tausug", "cebuano"])  # fmt: skip
    dapitan = make_community(DAPITAN_2, purok_sitio="Sitio Dos", primary_ethnolinguistic_group="sama")
    koronadal = make_community(KORONADAL_BRGY, purok_sitio="Purok Tres", primary_ethnolinguistic_group="maguindanaon")
    create_leader(user=system_user(), community=aliguay, name="Hadji Abdul Secret", role="religious",
                  phone="0917 000 1111", consent_given=True)  # fmt: skip
    return {"aliguay": aliguay, "dapitan": dapitan, "koronadal": koronadal}


def _sheet(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    book = openpyxl.load_workbook(io.BytesIO(content))
    rows = list(book["Data"].iter_rows(values_only=True))
    return book, rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_excel_export_holds_the_users_area_only_with_formatting(client, officer_ix, communities):
    client.force_login(officer_ix)
    response = client.get(reverse(EXPORT), {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book, _header, rows = _sheet(response)
    assert {r["OBC ID"] for r in rows} == {communities["aliguay"].obc_id, communities["dapitan"].obc_id}
    aliguay = next(r for r in rows if r["Barangay"] == "Aliguay")
    assert aliguay["City/Municipality"] == "City of Dapitan" and aliguay["Total barangay population"] == 601
    assert aliguay["Estimated OBC population"] == 150
    assert aliguay["Primary ethnolinguistic group"] == "Tausug"
    assert aliguay["Languages spoken"] == "Bahasa Sug (Tausug); Cebuano/Bisaya"
    assert aliguay["Barangay PSGC code"] == personas.ALIGUAY
    assert "Hadji Abdul Secret" in aliguay["Leaders and contacts"]  # officers may see personal data
    sheet = book["Data"]
    assert sheet.freeze_panes == "C2" and sheet["A1"].font.bold and sheet.auto_filter.ref
    assert sheet.column_dimensions["A"].width >= 15
    assert "officer_ix" in dict(book["About"].iter_rows(values_only=True))["Exported by"]


def test_export_uses_the_list_filters(client, administrator, communities):
    client.force_login(administrator)
    _, _, rows = _sheet(client.get(reverse(EXPORT), {"format": "xlsx"}))
    assert len(rows) == 3
    _, _, rows = _sheet(client.get(reverse(EXPORT), {"format": "xlsx", "province": personas.SOUTH_COTABATO}))
    assert [r["OBC ID"] for r in rows] == [communities["koronadal"].obc_id]
    _, _, rows = _sheet(client.get(reverse(EXPORT), {"format": "xlsx", "ethnolinguistic_group": "sama"}))
    assert [r["OBC ID"] for r in rows] == [communities["dapitan"].obc_id]
    _, _, rows = _sheet(client.get(reverse(EXPORT), {"format": "xlsx", "q": "Purok Uno"}))
    assert [r["OBC ID"] for r in rows] == [communities["aliguay"].obc_id]


def test_filters_outside_the_users_areas_are_refused_not_widened(client, officer_ix, communities):
    client.force_login(officer_ix)
    response = client.get(reverse(EXPORT), {"format": "xlsx", "province": personas.SOUTH_COTABATO})
    assert response.status_code == 400 and b"filters are not valid" in response.content


def test_csv_export_has_the_same_columns_and_rows(client, officer_xii, communities):
    client.force_login(officer_xii)
    response = client.get(reverse(EXPORT), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["OBC ID"] for r in rows] == [communities["koronadal"].obc_id]
    assert list(rows[0])[:6] == ["OBC ID", "Barangay PSGC code", "Region", "Province", "City/Municipality", "Barangay"]


@pytest.mark.parametrize("persona", ["partner_ix", "executive"])
def test_roles_without_personal_data_get_no_contacts_in_exports(client, request, persona, communities):
    client.force_login(request.getfixturevalue(persona))
    _, header, rows = _sheet(client.get(reverse(EXPORT), {"format": "xlsx"}))
    assert rows and "Leaders and contacts" not in header
    text = b"".join(client.get(reverse(EXPORT), {"format": "csv"}).streaming_content).decode()
    assert "Hadji Abdul Secret" not in text and "0917 000 1111" not in text


def test_outsider_cannot_export(client, outsider, communities):
    client.force_login(outsider)
    assert client.get(reverse(EXPORT), {"format": "xlsx"}).status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse(EXPORT), {"format": "xlsx"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_unknown_format_is_refused(client, officer_ix):
    client.force_login(officer_ix)
    assert client.get(reverse(EXPORT), {"format": "pdf"}).status_code == 400


def test_an_exported_file_imports_back_as_updates(client, officer_ix, communities):
    from common.imports.engine import UPDATE, build_preview, get_spec

    client.force_login(officer_ix)
    response = client.get(reverse(EXPORT), {"format": "xlsx"})
    content = b"".join(response.streaming_content)
    preview = build_preview(get_spec("communities.barangay_obc"), io.BytesIO(content), "export.xlsx", user=officer_ix)
    assert preview.can_commit, (preview.file_errors, [r.errors for r in preview.rows])
    assert [r.status for r in preview.rows] == [UPDATE, UPDATE]


def test_large_export_runs_as_a_job_with_progress_and_download(
    client, officer_ix, officer_xii, communities, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("communities.views_io.DIRECT_EXPORT_MAX_ROWS", 1)
    client.force_login(officer_ix)
    confirm = client.get(reverse(EXPORT), {"format": "xlsx", "region": personas.REGION_IX})
    assert confirm.status_code == 200 and b"Prepare the Excel file" in confirm.content and not Job.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(EXPORT) + f"?format=xlsx&region={personas.REGION_IX}")
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.params == {"format": "xlsx", "filters": {"region": personas.REGION_IX}}
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and (job.done, job.total) == (2, 2)
    page = client.get(response["Location"]).content.decode()
    assert reverse("jobs:download", args=[job.pk]) in page
    _, _, rows = _sheet(client.get(reverse("jobs:download", args=[job.pk])))
    assert len(rows) == 2
    client.force_login(officer_xii)
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_export_job_reads_as_its_owner_not_as_a_superuser(officer_xii, communities):
    filename, file = exports.build_list_export(user=officer_xii, params={}, fmt="xlsx")
    rows = list(openpyxl.load_workbook(file)["Data"].iter_rows(values_only=True))
    assert filename.endswith(".xlsx") and len(rows) == 2 and rows[1][0] == communities["koronadal"].obc_id


def test_export_costs_the_same_queries_for_few_or_many_rows(officer_ix, communities, django_assert_max_num_queries):
    for code in ("0907201003", "0907201004", "0907201005", "0907201006"):
        make_community(code)
    with django_assert_max_num_queries(8):
        exports.build_list_export(user=officer_ix, params={}, fmt="xlsx")


# --- PDFs -------------------------------------------------------------------------------------------


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_profile_pdf_shows_the_community_and_its_sections(client, officer_ix, communities):
    client.force_login(officer_ix)
    response = client.get(reverse("communities-io:profile-pdf", args=[communities["aliguay"].pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Purok Uno, Aliguay" in text and communities["aliguay"].obc_id in text
    assert "City of Dapitan" in text and "Demographics" in text and "Tausug" in text
    assert "Hadji Abdul Secret" in text  # officers may see contacts


def test_profile_pdf_leaves_out_contacts_for_partners(client, partner_ix, communities):
    client.force_login(partner_ix)
    response = client.get(reverse("communities-io:profile-pdf", args=[communities["aliguay"].pk]))
    text = _pdf_text(response.content)
    assert "Aliguay" in text and "Hadji Abdul Secret" not in text and "Contacts and community leaders" not in text


@pytest.mark.parametrize("persona", ["officer_xii", "outsider"])
def test_profile_pdf_of_a_community_outside_the_users_areas_is_not_found(client, request, persona, communities):
    client.force_login(request.getfixturevalue(persona))
    status = client.get(reverse("communities-io:profile-pdf", args=[communities["aliguay"].pk])).status_code
    assert status in (403, 404)


def test_area_report_runs_as_a_job_and_holds_the_areas_figures(client, officer_ix, communities,
                                                              django_capture_on_commit_callbacks):  # fmt: skip
    client.force_login(officer_ix)
    page = client.get(reverse("communities-io:area-report")).content.decode()
    assert personas.ZAMBOANGA_DEL_NORTE in page and personas.SOUTH_COTABATO not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("communities-io:area-report"), {"province": personas.ZAMBOANGA_DEL_NORTE})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    download = client.get(reverse("jobs:download", args=[job.pk]))
    text = _pdf_text(b"".join(download.streaming_content))
    assert "OBC summary report: Zamboanga del Norte" in text
    assert communities["aliguay"].obc_id in text and communities["dapitan"].obc_id in text
    assert communities["koronadal"].obc_id not in text and "Hadji Abdul Secret" not in text


def test_area_report_for_an_area_outside_the_users_areas_is_refused(client, officer_xii, communities):
    client.force_login(officer_xii)
    response = client.post(reverse("communities-io:area-report"), {"province": personas.ZAMBOANGA_DEL_NORTE})
    assert response.status_code == 400 and b"outside your assigned areas" in response.content
    assert not Job.objects.exists()


def test_area_report_of_a_region_counts_only_the_users_provinces(officer_zdn, communities):
    from common.models import Barangay
    from communities.reports import AreaNotFound, build_area_report

    huc = Barangay.objects.filter(municipality__province__code=personas.ZAMBOANGA_CITY_HUC).first()
    outside = make_community(huc.code, purok_sitio="Purok Cuatro")
    filename, content = build_area_report(user=officer_zdn, region=personas.REGION_IX)
    text = _pdf_text(content)
    assert filename.startswith("obc-report-region-ix")
    assert communities["aliguay"].obc_id in text and outside.obc_id not in text
    with pytest.raises(AreaNotFound):
        build_area_report(user=officer_zdn, province=personas.SOUTH_COTABATO)


def test_outsider_cannot_open_the_area_report(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("communities-io:area-report")).status_code == 403
