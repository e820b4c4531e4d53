"""The number check: figures of an answer that are not in the tool results are flagged; real ones are not."""

from ai_assistant.numbers import extract_figures, unsupported_figures
from ai_assistant.tools.base import ToolResult

DATA = ToolResult(
    data={
        "area": {"name": "Zamboanga del Norte", "code": "0907200000"},
        "obc_communities": 6,
        "obc_population": 12345,
        "census_population_2020": 1067067,
        "obc_share_of_population_percent": 1.2,
        "by_province": [{"name": "Zamboanga del Norte", "communities": 6, "obc_population": 12345}],
        "items": [{"title": "MOA PR-2026-0001", "expiry_date": "2026-12-31", "priority_score": 84.25}],
    }
)


def test_an_invented_figure_is_flagged_and_real_ones_are_not():
    text = "Zamboanga del Norte has 6 OBC communities with 12,345 people, and 4,321 households."
    assert unsupported_figures(text, [DATA]) == ["4,321"]


def test_written_forms_of_the_same_figure_match():
    text = ("OBC population 12345 (12,345; about 12.3k or 0.02 million?), census 1,067,067, share 1.2%, "
            "priority 84.25 or 84.3 or 84.")  # fmt: skip
    assert unsupported_figures(text, [DATA]) == ["0.02 million"]


def test_dates_years_codes_and_list_markers_are_not_figures():
    text = ("1. Expires on 31 Dec 2026 (2026-12-31), December 31, 2026, at 10:30 am.\n"
            "2. PR-2026-0001 was filed in 2025; PSGC 0907200000.")  # fmt: skip
    assert unsupported_figures(text, [DATA]) == []


def test_percentages_and_rounding():
    assert unsupported_figures("The share is 1.2%.", [DATA]) == []
    assert unsupported_figures("The share is 12%.", [DATA]) == ["12%"]
    assert unsupported_figures("The share is 1.25%.", [{"share": 0.0125}]) == []


def test_numbers_inside_tool_strings_count_and_nothing_known_flags_everything():
    assert unsupported_figures("Due in 45 days.", [{"items": ["45 days left"]}]) == []
    assert unsupported_figures("There are 7 needs and 7 more.", []) == ["7"]
    assert unsupported_figures("No figures here.", [DATA]) == []


def test_extract_figures_reads_thousands_separators_and_suffixes():
    figures = {f.text: (f.value, f.multiplier, f.percent) for f in extract_figures("12,345 and 1.5k and 3%")}
    assert figures["12,345"][0] == 12345 and figures["1.5k"][1] == 1000 and figures["3%"][2] is True
