"""Long text flows across PDF pages instead of failing the document."""

import io

from pypdf import PdfReader

from common.tests import personas
from communities.reports import build_area_report, build_profile_pdf
from communities.tests.factories import make_community

WORDS = "Bangsamoro families settled along the coast and traded with the mainland. "


def long_text(marker: str, length: int = 6000) -> str:
    return (WORDS * (length // len(WORDS) + 1))[: length - len(marker) - 1] + " " + marker


def pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def test_profile_pdf_renders_a_6000_character_history_across_pages(administrator):
    community = make_community(
        personas.ALIGUAY,
        history_and_origin=long_text("END-OF-HISTORY"),
        challenges="\n".join(long_text(f"CHALLENGE-{n}", 1500) for n in range(4)),
    )
    pages = pdf_pages(build_profile_pdf(community, user=administrator))
    text = "\n".join(pages)
    assert len(pages) >= 3
    assert "END-OF-HISTORY" in text and "CHALLENGE-3" in text
    assert text.count("Bangsamoro families settled") >= 6000 // len(WORDS) + 20  # nothing cut off


def test_area_report_lists_communities_with_the_longest_names(administrator):
    names = [("Purok " + "Maharlika " * 20)[:110] + f" N{n}" for n in range(3)]
    for name in names:
        make_community(personas.ALIGUAY, purok_sitio=name)
    _, content = build_area_report(user=administrator, province=personas.ZAMBOANGA_DEL_NORTE)
    text = "\n".join(pdf_pages(content)).replace("\n", " ")
    assert all(f"N{n}" in text for n in range(3))
