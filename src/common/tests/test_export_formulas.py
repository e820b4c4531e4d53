"""Every CSV and Excel export OBCMS writes holds no live formula (issue 8, item 5).

The records are filled with formula-led text (``=``, ``+``, ``-``, ``@``, tab, carriage return);
each export is opened and checked cell by cell with ``formula_cells``.
"""

import csv
import io

import openpyxl
import pytest
import xlsxwriter
from django.urls import reverse

from common.exports import (
    SafeWorkbook,
    csv_bytes,
    neutralise,
    openpyxl_row,
)
from common.models import Job
from common.services.jobs import start_job
from common.tests.spreadsheets import formula_cells
from communities.services import create_leader
from communities.tests.factories import make_community, system_user
from mana import reports
from mana.services import needs as need_service
from mana.services import participants as participant_service
from mana.services import responses as response_service
from mana.tests.conftest import (  # noqa: F401 — fixtures
    aliguay,
    assessment,
    complete_answers,
    dapitan,
    instrument,
    q,
    session,
    version,
)

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://x","y")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def hostile_community():
    community = make_community("0907201001", purok_sitio=HOSTILE[0], data_source_notes=HOSTILE[1])
    for index, text in enumerate(HOSTILE):
        create_leader(user=system_user(), community=community, name=f"{text} {index}", role="religious",
                      position=HOSTILE[3], consent_given=True)  # fmt: skip
    return community


@pytest.fixture
def hostile_assessment(facilitator_ix, assessment, session, version, aliguay):  # noqa: F811
    for index, text in enumerate(HOSTILE):
        participant = participant_service.register_participant(
            user=facilitator_ix, assessment=assessment, name=text, sex="female", organization=HOSTILE[index - 1],
            contact=HOSTILE[index - 2], consent_method="verbal",
        )  # fmt: skip
        answers = complete_answers(version)
        answers[q(version, "Describe the main problem").field_name] = text
        response_service.save_response(
            user=facilitator_ix, session=session, participant=participant, answers=answers, submit=True
        )
    need_service.create_need(
        user=facilitator_ix, assessment=assessment, category="wash", title=HOSTILE[0], description=HOSTILE[2],
        severity=3, urgency=3, feasibility=3, affected_communities=[aliguay],
    )  # fmt: skip
    return assessment


def _content(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_communities_list_export_has_no_formula(client, officer_ix, hostile_community, fmt):
    client.force_login(officer_ix)
    content = _content(client.get(reverse("communities-io:export"), {"format": fmt}))
    assert formula_cells(content, fmt) == []
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
        assert rows[0]["Purok/sitio"] == "'" + HOSTILE[0]  # kept, neutralised


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_communities_export_job_has_no_formula(officer_ix, hostile_community, fmt, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(owner=officer_ix, kind="communities.export_list", params={"format": fmt, "filters": {}})
    job = Job.objects.get(pk=job.pk)
    assert job.status == Job.Status.SUCCEEDED, job.error
    with job.result.open("rb") as handle:
        assert formula_cells(handle.read(), fmt) == []


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_mana_participant_export_has_no_formula(client, facilitator_ix, hostile_assessment, fmt):
    client.force_login(facilitator_ix)
    url = reverse("mana:participant-export", args=[hostile_assessment.pk, fmt])
    content = _content(client.get(url))
    assert formula_cells(content, fmt) == []


def test_mana_report_workbook_has_no_formula(client, facilitator_ix, hostile_assessment):
    client.force_login(facilitator_ix)
    content = _content(client.get(reverse("mana:report-xlsx", args=[hostile_assessment.pk])))
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book["Needs matrix"]["B2"].value == HOSTILE[0]  # the text is kept as typed
    assert formula_cells(content, "xlsx") == []


def test_mana_report_workbook_for_roles_without_personal_data_has_no_formula(hostile_assessment):
    assert formula_cells(reports.report_xlsx(hostile_assessment, personal_data=False), "xlsx") == []


@pytest.mark.parametrize("kind", ["communities.barangay_obc", "mana.participants"])
def test_import_templates_have_no_formula(client, administrator, kind):
    client.force_login(administrator)
    response = client.get(reverse("imports:template", args=[kind]))
    assert formula_cells(_content(response), "xlsx") == []


# --- the writer itself ------------------------------------------------------------------------


def test_plain_xlsxwriter_writes_formulas_the_safe_workbook_does_not():
    """The defect the writer closes: XlsxWriter's ``write`` turns "=..." into a live formula."""
    for book_class, expected in ((xlsxwriter.Workbook, 1), (SafeWorkbook, 0)):
        out = io.BytesIO()
        book = book_class(out, {"in_memory": True})
        sheet = book.add_worksheet()
        sheet.write_row(0, 0, ["=1+1", "plain", -5, "-5"])
        sheet.write(1, 0, "@SUM(A1)", book.add_format({"bold": True}))
        book.close()
        cells = formula_cells(out.getvalue(), "xlsx")
        assert len([c for c in cells if "formula" in c]) == expected
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    assert sheet["A1"].value == "=1+1" and sheet["A1"].quotePrefix and sheet["A1"].data_type == "s"
    assert sheet["C1"].value == -5  # numbers stay numbers
    assert sheet["A2"].font.b and sheet["A2"].quotePrefix  # the cell keeps its format


def test_safe_workbook_refuses_explicit_formulas():
    book = SafeWorkbook(io.BytesIO(), {"in_memory": True})
    sheet = book.add_worksheet()
    with pytest.raises(TypeError, match="never formulas"):
        sheet.write_formula(0, 0, "=1+1")
    with pytest.raises(TypeError):
        sheet.write_array_formula(0, 0, 0, 0, "{=SUM(A1)}")


@pytest.mark.parametrize("write_only", [True, False])
def test_openpyxl_rows_are_neutralised(write_only):
    book = openpyxl.Workbook(write_only=write_only)
    sheet = book.create_sheet("S") if write_only else book.active
    sheet.append(openpyxl_row(sheet, ["=1+1", "@x", 3, -2.5, "ok", None]))
    out = io.BytesIO()
    book.save(out)
    assert formula_cells(out.getvalue(), "xlsx") == []
    loaded = openpyxl.load_workbook(io.BytesIO(out.getvalue())).worksheets[0]
    assert [c.value for c in loaded[1]][:5] == ["=1+1", "@x", 3, -2.5, "ok"]


def test_csv_values_are_neutralised_and_numbers_kept():
    content = csv_bytes(["a", "b", "c", "d", "e", "f", "g"], [["=1+1", "+63 917", "-5", -5, "\tx", "-inf", "ok"]])
    assert formula_cells(content, "csv") == []
    row = content.decode("utf-8-sig").splitlines()[1]
    assert row.split(",")[:4] == ["'=1+1", "'+63 917", "-5", "-5"]
    assert neutralise("-1.5e3") == "-1.5e3" and neutralise("\r=1") == "'\r=1" and neutralise("-inf") == "'-inf"
