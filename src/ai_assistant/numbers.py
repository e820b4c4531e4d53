"""The number check: which figures in an answer do not appear in the data the answer was built from.

``unsupported_figures(text, tool_results)`` extracts the figures of ``text`` (12,345 / 12345 / 12.5% / 1.2k /
3.4 million) and returns, in order, those that match no number in the tool results (searched recursively,
numbers inside strings included). Dates (2026-03-31, 31 Mar 2026, March 31), years (1900–2100) and list
markers are not figures. A figure written with fewer decimals matches a value it rounds (12.5% ↔ 12.46);
"1.2k" matches 1,150–1,249; a percentage also matches a share (12.5% ↔ 0.125).
"""

from __future__ import annotations

import contextlib
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATES = re.compile(
    rf"\b\d{{4}}-\d{{2}}-\d{{2}}(?:[t ]\d{{2}}:\d{{2}}(?::\d{{2}})?)?\b"  # ISO date / datetime
    rf"|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b"  # 31/03/2026
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTHS}(?:,?\s+\d{{4}})?"  # 31 Mar 2026
    rf"|\b{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"  # March 31, 2026
    rf"|\b\d{{1,2}}:\d{{2}}\s*(?:am|pm)?",  # times
    re.I,
)
#: Codes whose digits are identifiers, not figures (PR-2027-0014, OBC-IX-ZDN-0001, a PSGC code).
CODES = re.compile(r"\b[A-Z]{2,}(?:-[A-Z0-9]+)+\b|\b\d{9,10}\b")
LIST_MARKER = re.compile(r"^\s*\d{1,2}[.)]\s", re.M)
FIGURE = re.compile(
    r"(?<![\w.])(?P<number>\d{1,3}(?:,\d{3})+|\d+)(?P<decimals>\.\d+)?"
    r"(?P<suffix>\s*%|\s*(?:k\b|thousand\b|million\b|m\b))?",
    re.I,
)
MULTIPLIER = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "million": 1_000_000}


class Figure:
    def __init__(self, text: str, value: Decimal, decimals: int, multiplier: int, percent: bool):
        self.text, self.value, self.decimals, self.multiplier, self.percent = text, value, decimals, multiplier, percent

    @property
    def is_year(self) -> bool:
        return (
            self.decimals == 0 and self.multiplier == 1 and not self.percent and "," not in self.text
            and 1900 <= self.value <= 2100
        )  # fmt: skip

    def matches(self, number: Decimal) -> bool:
        candidates = [number]
        if self.percent:
            candidates.append(number * 100)
        quantum = Decimal(1).scaleb(-self.decimals)
        for candidate in candidates:
            scaled = candidate / self.multiplier
            try:
                rounded = scaled.quantize(quantum, rounding=ROUND_HALF_UP)
                if rounded == self.value or candidate == self.value * self.multiplier:
                    return True
            except InvalidOperation:
                continue
        return False


def extract_figures(text: str) -> list[Figure]:
    cleaned = DATES.sub(" ", text or "")
    cleaned = CODES.sub(" ", cleaned)
    cleaned = LIST_MARKER.sub(" ", cleaned)
    figures = []
    for match in FIGURE.finditer(cleaned):
        number = match.group("number").replace(",", "")
        decimals = match.group("decimals") or ""
        suffix = (match.group("suffix") or "").strip().lower()
        figures.append(
            Figure(
                text=match.group(0).strip(),
                value=Decimal(number + decimals),
                decimals=len(decimals) - 1 if decimals else 0,
                multiplier=MULTIPLIER.get(suffix, 1),
                percent=suffix == "%",
            )
        )
    return figures


NUMBER_IN_TEXT = re.compile(r"-?\d+(?:\.\d+)?")


def known_numbers(value, found: set[Decimal] | None = None) -> set[Decimal]:
    """Every number in a tool result's data (recursively; digits inside strings count too)."""
    found = set() if found is None else found
    if isinstance(value, bool) or value is None:
        return found
    if isinstance(value, int | float | Decimal):
        with contextlib.suppress(InvalidOperation):
            found.add(Decimal(str(value)))
    elif isinstance(value, str):
        for token in NUMBER_IN_TEXT.findall(value.replace(",", "")):
            found.add(Decimal(token))
    elif isinstance(value, dict):
        for item in value.values():
            known_numbers(item, found)
    elif isinstance(value, list | tuple | set):
        for item in value:
            known_numbers(item, found)
    return found


def unsupported_figures(text: str, tool_results) -> list[str]:
    """The figures of ``text`` that appear in none of ``tool_results`` (ToolResult objects or plain data)."""
    numbers: set[Decimal] = set()
    for result in tool_results or ():
        known_numbers(getattr(result, "data", result), numbers)
    flagged: list[str] = []
    for figure in extract_figures(text):
        if figure.is_year or any(figure.matches(number) for number in numbers):
            continue
        if figure.text not in flagged:
            flagged.append(figure.text)
    return flagged
