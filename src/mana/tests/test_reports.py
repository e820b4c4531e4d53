import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mana import reports, selectors
from mana.services import needs as need_service
from mana.services import participants as participant_service
from mana.services import responses as response_service
from mana.tests.conftest import complete_answers, q

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(facilitator_ix, session, assessment, version, aliguay):
    """Three submitted responses and one draft; two needs."""
    water = q(version, "Main water source")
    for i, (source, rating, size, madrasah) in enumerate(
        [("Well", "2", "6", "yes"), ("Well", "4", "4", "no"), ("Piped", "3", "5", "yes")]
    ):
        p = participant_service.register_participant(
            user=facilitator_ix, assessment=assessment, name=f"Respondent {i}", sex="female", consent_method="verbal"
        )
        answers = complete_answers(version)
        answers[water.field_name] = str(water.choices.get(label=source).pk)
        answers[q(version, "Satisfaction with barangay services").field_name] = rating
        answers[q(version, "Household size").field_name] = size
        answers[q(version, "Has a madrasah").field_name] = madrasah
        answers[q(version, "Describe the main problem").field_name] = f"Problem {i}"
        response_service.save_response(
            user=facilitator_ix, session=session, participant=p, answers=answers, submit=True
        )
    draft_p = participant_service.register_participant(
        user=facilitator_ix, assessment=assessment, name="Draft person", sex="male", consent_method="verbal"
    )
    response_service.save_response(
        user=facilitator_ix, session=session, participant=draft_p, answers={water.field_name: "River"}
    )
    for title, sev in [("Safe drinking water", 5), ("Road to the pier", 2)]:
        need_service.create_need(
            user=facilitator_ix,
            assessment=assessment,
            category="wash" if sev == 5 else "infrastructure",
            title=title,
            severity=sev,
            urgency=3,
            feasibility=3,
            affected_communities=[aliguay],
            affected_population=300,
        )
    return assessment


def _item(blocks, text):
    return next(i for b in blocks for i in b["questions"] if i["question"].text == text)


def test_analysis_counts_shares_averages_and_texts_from_submitted_responses_only(filled):
    blocks = selectors.analysis(filled)
    water = {o["label"]: (o["count"], round(o["share"], 2)) for o in _item(blocks, "Main water source")["options"]}
    assert water == {"Well": (2, 0.67), "Piped": (1, 0.33), "River": (0, 0)}
    rating = _item(blocks, "Satisfaction with barangay services")
    assert rating["avg"] == 3 and rating["n"] == 3
    assert [o["count"] for o in rating["options"]] == [0, 1, 1, 1, 0]
    assert _item(blocks, "Household size")["avg"] == 5
    madrasah = {o["label"]: o["count"] for o in _item(blocks, "Has a madrasah")["options"]}
    assert madrasah == {"Yes": 2, "No": 1}
    missing = {o["label"]: o["count"] for o in _item(blocks, "Services missing")["options"]}
    assert missing == {"Clinic": 3, "School": 0, "Road": 3}
    assert sorted(_item(blocks, "Describe the main problem")["texts"]) == ["Problem 0", "Problem 1", "Problem 2"]
    assert _item(blocks, "Date of last flood")["first"].isoformat() == "2025-11-02"


def test_report_pdf_contains_the_assessment_needs_and_results(filled):
    pdf = reports.report_pdf(filled, compress=False)
    assert pdf.startswith(b"%PDF")
    for text in [
        b"Aliguay MANA 2026",
        b"Prioritised needs",
        b"Safe drinking water",
        b"Road to the pier",
        b"Main water source",
        b"Problem 1",
        b"Average 3.00",
    ]:
        assert text in pdf, text


def test_report_excel_has_needs_matrix_responses_and_results(filled):
    wb = load_workbook(io.BytesIO(reports.report_xlsx(filled, personal_data=False)))
    assert wb.sheetnames == ["Summary", "Needs matrix", "Responses", "Results", "Breakdowns"]
    needs = list(wb["Needs matrix"].iter_rows(values_only=True))
    assert needs[0][:3] == ("Rank", "Need", "Category")
    assert [row[1] for row in needs[1:]] == ["Safe drinking water", "Road to the pier"]
    assert needs[1][0] == 1 and needs[1][2] == "Water and sanitation"
    responses = list(wb["Responses"].iter_rows(values_only=True))
    assert len(responses) == 5  # header + 3 submitted + 1 draft
    header = responses[0]
    water_col = next(i for i, h in enumerate(header) if h and h.endswith("Main water source"))
    assert [r[water_col] for r in responses[1:4]] == ["Well", "Well", "Piped"]
    assert all(str(r[1]).startswith("P-") for r in responses[1:])  # pseudonymous without personal-data access
    results = list(wb["Results"].iter_rows(values_only=True))
    assert ("Household survey v1", "Main water source", "Single choice", 3, "Well", 2) in [r[:6] for r in results]


def test_excel_shows_names_only_to_personal_data_roles(filled):
    wb = load_workbook(io.BytesIO(reports.report_xlsx(filled, personal_data=True)))
    names = [r[1] for r in wb["Responses"].iter_rows(min_row=2, values_only=True)]
    assert "Respondent 0" in names


def test_report_downloads(client, officer_ix, executive, filled):
    client.force_login(officer_ix)
    pdf = client.get(reverse("mana:report-pdf", args=[filled.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    client.force_login(executive)
    xlsx = client.get(reverse("mana:report-xlsx", args=[filled.pk]))
    names = [r[1] for r in load_workbook(io.BytesIO(xlsx.content))["Responses"].iter_rows(min_row=2, values_only=True)]
    assert "Respondent 0" not in names


def test_analysis_page_shows_aggregates_and_chart_data(client, officer_ix, filled):
    client.force_login(officer_ix)
    html = client.get(reverse("mana:analysis", args=[filled.pk])).content.decode()
    assert "3 submitted responses" in html
    assert 'id="mana-charts"' in html and "chart.umd.min.js" in html
    assert "Problem 2" in html and "Safe drinking water" in html
