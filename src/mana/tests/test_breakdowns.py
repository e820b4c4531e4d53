"""Disaggregated results (issue 9 item 4) against a hand-built fixture: four respondents and one
group response, answers chosen so every figure below can be worked out by hand."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from common.models import Barangay
from mana import reports, selectors
from mana.breakdowns import GROUP_RESPONSES, NOT_RECORDED, breakdown
from mana.services import participants as participant_service
from mana.services import responses as response_service
from mana.tests.conftest import complete_answers, q

pytestmark = pytest.mark.django_db

# name, sex, age group, sector, in Aliguay?, water source, rating, household size, madrasah
PEOPLE = [
    ("Amina", "female", "25-39", "women", True, "Well", "2", "6", "yes"),
    ("Bai", "female", "15-24", "youth", True, "Piped", "4", "4", "no"),
    ("Carlo", "male", "25-39", "farmers", False, "Well", "5", "8", "yes"),
    ("Datu", "male", "", "", False, "Well", "3", "2", "no"),
]


@pytest.fixture
def other_barangay(dapitan, aliguay):
    return Barangay.objects.filter(municipality=dapitan).exclude(pk=aliguay.pk).order_by("name").first()


@pytest.fixture
def surveyed(facilitator_ix, session, assessment, version, aliguay, other_barangay):
    assessment.communities.add(other_barangay)
    water = q(version, "Main water source")
    members = []
    for name, sex, age, sector, local, source, rating, size, madrasah in PEOPLE:
        person = participant_service.register_participant(
            user=facilitator_ix,
            assessment=assessment,
            name=name,
            sex=sex,
            age_group=age,
            sector=sector,
            community=aliguay if local else other_barangay,
            consent_method="verbal",
        )
        members.append(person)
        answers = complete_answers(version)
        answers[water.field_name] = str(water.choices.get(label=source).pk)
        answers[q(version, "Satisfaction with barangay services").field_name] = rating
        answers[q(version, "Household size").field_name] = size
        answers[q(version, "Has a madrasah").field_name] = madrasah
        response_service.save_response(
            user=facilitator_ix, session=session, participant=person, answers=answers, submit=True
        )
    group_answers = complete_answers(version)
    group_answers[water.field_name] = str(water.choices.get(label="River").pk)
    response_service.save_response(
        user=facilitator_ix,
        session=session,
        group_label="Women's FGD",
        group_members=members[:2],
        answers=group_answers,
        submit=True,
    )
    return assessment


def _tables(assessment, dimension):
    blocks = selectors.analysis(assessment)
    return blocks, breakdown(selectors.submitted_answers(assessment), blocks, dimension)


def _rows(assessment, version, dimension, question):
    _, tables = _tables(assessment, dimension)
    table = tables[q(version, question).pk]
    return {r["label"]: r for r in table["rows"]}, table


def test_water_source_by_sex_counts_and_shares(surveyed, version):
    rows, table = _rows(surveyed, version, "sex", "Main water source")
    assert table["columns"] == ["Well", "Piped", "River"]
    assert list(rows) == ["Female", "Male", GROUP_RESPONSES]
    assert [(c["count"], c["share"]) for c in rows["Female"]["cells"]] == [(1, 0.5), (1, 0.5), (0, 0)]
    assert [c["count"] for c in rows["Male"]["cells"]] == [2, 0, 0]
    assert rows["Male"]["n"] == 2 and rows["Male"]["cells"][0]["share"] == 1
    assert [c["count"] for c in rows[GROUP_RESPONSES]["cells"]] == [0, 0, 1]


def test_numbers_ratings_and_yes_no_by_age_group(surveyed, version):
    size, table = _rows(surveyed, version, "age_group", "Household size")
    assert table["numeric"] and list(size) == ["15–24", "25–39", NOT_RECORDED, GROUP_RESPONSES]
    assert size["25–39"]["avg"] == 7 and size["25–39"]["min"] == 6 and size["25–39"]["max"] == 8
    assert size[NOT_RECORDED]["avg"] == 2
    rating, table = _rows(surveyed, version, "age_group", "Satisfaction with barangay services")
    assert table["columns"] == ["1", "2", "3", "4", "5"]
    assert [c["count"] for c in rating["25–39"]["cells"]] == [0, 1, 0, 0, 1]
    assert rating["25–39"]["avg"] == 3.5
    madrasah, _ = _rows(surveyed, version, "age_group", "Has a madrasah")
    assert [c["count"] for c in madrasah["15–24"]["cells"]] == [0, 1]


def test_multiple_choice_by_sector_and_community(surveyed, version, aliguay, other_barangay):
    missing, table = _rows(surveyed, version, "sector", "Services missing")
    assert table["columns"] == ["Clinic", "School", "Road"]
    assert [c["count"] for c in missing["Farmers"]["cells"]] == [1, 0, 1]
    assert NOT_RECORDED in missing  # Datu has no sector
    water, _ = _rows(surveyed, version, "community", "Main water source")
    here = f"{aliguay.name}, {aliguay.municipality.name}"
    there = f"{other_barangay.name}, {other_barangay.municipality.name}"
    assert [c["count"] for c in water[here]["cells"]] == [1, 1, 0]
    assert [c["count"] for c in water[there]["cells"]] == [2, 0, 0]
    assert [c["count"] for c in water[GROUP_RESPONSES]["cells"]] == [0, 0, 1]


def test_breakdown_costs_a_fixed_number_of_queries(surveyed, django_assert_max_num_queries):
    blocks = selectors.analysis(surveyed)
    answers = selectors.submitted_answers(surveyed)
    with django_assert_max_num_queries(3):
        breakdown(answers, blocks, "sex")
    with django_assert_max_num_queries(4):
        breakdown(answers, blocks, "community")


def test_analysis_page_breaks_down_by_the_chosen_dimension_with_chart_data(client, officer_ix, surveyed):
    client.force_login(officer_ix)
    url = reverse("mana:analysis", args=[surveyed.pk])
    overall = client.get(url).content.decode()
    assert "data-breakdown=" not in overall
    html = client.get(url, {"by": "sex"}).content.decode()
    assert 'data-breakdown="sex"' in html and 'data-group="Male"' in html
    assert 'id="mana-breakdown-charts"' in html and '"datasets"' in html
    assert "report.pdf?by=sex" in html
    assert 'data-breakdown="' not in client.get(url, {"by": "religion"}).content.decode()


def test_pdf_report_carries_the_breakdown_tables(surveyed):
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(reports.report_pdf(surveyed))).pages)
    for heading in ("By sex", "By age group", "By sector", "By community", GROUP_RESPONSES):
        assert heading in text
    only_sex = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(reports.report_pdf(surveyed, by="sex"))).pages
    )
    assert "By sex" in only_sex and "By sector" not in only_sex


def test_excel_report_carries_the_breakdown_tables(surveyed):
    wb = load_workbook(io.BytesIO(reports.report_xlsx(surveyed, personal_data=False)))
    rows = list(wb["Breakdowns"].iter_rows(values_only=True))
    assert rows[0][:7] == ("Breakdown", "Instrument", "Question", "Group", "Answers", "Option", "Count")
    male_well = [r for r in rows if r[0] == "Sex" and r[2] == "Main water source" and r[3] == "Male" and r[5] == "Well"]
    assert len(male_well) == 1 and male_well[0][4] == 2 and male_well[0][6] == 2 and male_well[0][7] == 1
    assert {r[0] for r in rows[1:]} == {"Sex", "Age group", "Sector", "Community"}


@pytest.mark.parametrize("persona", ["partner_ix", "officer_xii", "outsider"])
def test_breakdown_refused_outside_mana_roles_and_areas(client, request, persona, surveyed):
    client.force_login(request.getfixturevalue(persona))
    for name in ("mana:analysis", "mana:report-pdf", "mana:report-xlsx"):
        assert client.get(reverse(name, args=[surveyed.pk]), {"by": "sex"}).status_code == 404
