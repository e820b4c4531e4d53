"""The MANA report PDF prints text, not markup, and its needs table fits the page (issue 9 item 6)."""

import io

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm

from mana import reports, selectors
from mana.models import Need
from mana.report_tables import NEEDS_COLUMNS, needs_table
from mana.services import needs as need_service
from mana.services import responses as response_service
from mana.tests.conftest import complete_answers

pytestmark = pytest.mark.django_db

LONG_TITLE = "Rehabilitation of the communal water system serving the coastal puroks of Aliguay Island"


@pytest.fixture
def reported(facilitator_ix, session, assessment, version, participant, aliguay):
    response_service.save_response(
        user=facilitator_ix, session=session, participant=participant, answers=complete_answers(version), submit=True
    )
    need_service.create_need(
        user=facilitator_ix,
        assessment=assessment,
        category="livelihood",
        title=LONG_TITLE,
        severity=5,
        urgency=5,
        feasibility=4,
        affected_communities=[aliguay],
    )
    return assessment


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_pdf_question_headings_have_no_markup(reported, version):
    text = _text(reports.report_pdf(reported))
    assert "Main water source — 1 answer" in text
    for markup in ("<b>", "</b>", "&lt;", "&amp;"):
        assert markup not in text


def test_pdf_shows_markup_typed_in_a_question_as_text(reported, version):
    question = version.questions.get(text="Name of your purok")
    question.text = "Water <b>and</b> power & roads"
    question.save()
    text = _text(reports.report_pdf(reported))
    assert "Water <b>and</b> power & roads" in text


def test_needs_table_fits_the_frame_and_wraps_long_text(reported):
    width = A4[0] - 3.6 * cm
    needs = list(selectors.ranked_needs(Need.objects.filter(assessment=reported)))
    table = needs_table(needs, width=width, style=[], number=str)
    used, _ = table.wrap(width, A4[1])
    assert abs(sum(share for _, share in NEEDS_COLUMNS) - 1) < 1e-9
    assert used <= width + 0.01
    text = _text(reports.report_pdf(reported))
    assert "Livelihood and economy" in text.replace("\n", " ")
    assert "Rehabilitation of the communal water system" in text.replace("\n", " ")
