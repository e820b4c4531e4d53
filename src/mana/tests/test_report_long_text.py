"""The MANA report PDF lets long text flow across pages."""

import io

import pytest
from pypdf import PdfReader

from mana import reports
from mana.services import needs as need_service
from mana.services import participants as participant_service
from mana.services import responses as response_service
from mana.tests.conftest import complete_answers, q

pytestmark = pytest.mark.django_db

WORDS = "Fisherfolk of the island need a safe landing and clean water for the dry season. "


def long_text(marker: str, length: int = 6000) -> str:
    return (WORDS * (length // len(WORDS) + 1))[: length - len(marker) - 1] + " " + marker


def test_report_pdf_renders_long_purpose_need_titles_and_answers_across_pages(
    facilitator_ix, session, assessment, version, aliguay
):
    assessment.purpose = long_text("END-OF-PURPOSE")
    assessment.save(update_fields=["purpose"])
    participant = participant_service.register_participant(
        user=facilitator_ix, assessment=assessment, name="Respondent", sex="female", consent_method="verbal"
    )
    answers = complete_answers(version)
    answers[q(version, "Describe the main problem").field_name] = long_text("END-OF-ANSWER")
    response_service.save_response(
        user=facilitator_ix, session=session, participant=participant, answers=answers, submit=True
    )
    need_service.create_need(
        user=facilitator_ix,
        assessment=assessment,
        category="wash",
        title=long_text("END-OF-NEED", 200),
        severity=5,
        urgency=4,
        feasibility=3,
        affected_communities=[aliguay],
        affected_population=300,
    )
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(reports.report_pdf(assessment))).pages]
    text = "\n".join(pages)
    assert len(pages) >= 3
    for marker in ("END-OF-PURPOSE", "END-OF-ANSWER", "END-OF-NEED"):
        assert marker in text, marker
