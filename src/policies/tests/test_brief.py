"""The policy brief PDF: its text (title, evidence figures, citations), no internal comments, long text
flowing across pages, and the access rule per persona."""

from __future__ import annotations

import io

from django.urls import reverse
from pypdf import PdfReader

from policies import services
from policies.brief import build_brief_pdf
from policies.models import Status

from .conftest import advance


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_brief_has_title_evidence_figures_and_citations(rec_ix, officer_ix, executive, need_ix):
    services.add_evidence(
        user=officer_ix, recommendation=rec_ix, kind="external", source_title="Madrasah census", source_author="MBHTE",
        source_year=2024, source_url="https://example.org/census", reliability="A", statement="Only 2 of 9 madaris.",
    )  # fmt: skip
    services.transition_recommendation(user=officer_ix, recommendation=rec_ix, to_status=Status.UNDER_REVIEW)
    services.transition_recommendation(user=executive, recommendation=rec_ix, to_status=Status.NEEDS_REVISION,
                                       comment="SECRET-REVIEW-NOTE")  # fmt: skip
    text = _squash(_text(build_brief_pdf(rec_ix, user=executive)))
    assert "Madrasah teachers for Dapitan OBCs" in text and rec_ix.reference in text
    assert f"Priority score {need_ix.priority_score}" in text and "0 votes" in text
    assert "MBHTE (2024) Madrasah census. https://example.org/census" in text
    assert "[1]" in text and "[2]" in text
    assert "PHP 1,200,000.00" in text and "City of Dapitan" in text
    assert "SECRET-REVIEW-NOTE" not in text


def test_long_text_flows_across_pages(rec_ix, officer_ix, executive):
    """The brief's speed is measured in `make bench` (bench_policies), not here."""
    services.update_recommendation(user=officer_ix, recommendation=rec_ix, problem="Long history. " * 900)
    rec_ix.refresh_from_db()
    pdf = build_brief_pdf(rec_ix, user=executive)
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) >= 3
    assert "Long history." in pages[-1].extract_text() or "Long history." in pages[1].extract_text()


def test_brief_page_per_persona(client, rec_ix, officer_ix, executive, officer_xii, partner_ix, outsider):
    url = reverse("policies:recommendation-brief", args=[rec_ix.pk])
    expected = {officer_ix: 200, executive: 200, officer_xii: 404, partner_ix: 404, outsider: 403}
    for user, code in expected.items():
        client.force_login(user)
        assert client.get(url).status_code == code, user
    advance(rec_ix, officer_ix, executive, Status.APPROVED)
    client.force_login(partner_ix)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Madrasah teachers" in _text(response.content)
