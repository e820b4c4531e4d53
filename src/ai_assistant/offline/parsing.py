"""Reading a question: the place it names, a period ("this quarter"), an organization ("with MSSD")."""

from __future__ import annotations

import datetime as dt
import re

from ai_assistant.tools.places import Resolution, resolve_place

PLACE_AFTER = re.compile(r"(?=\b(?:in|of|for|within|across|at|around|about)\s+(?P<place>[^?,;!]+))", re.I)
#: Words that end a place name inside a question.
STOP = re.compile(
    r"\s+\b(?:and|that|which|who|whose|with|expire[sd]?|expiring|this|next|last|by|are|is|have|has|had|waiting|"
    r"during|from|since|over|per|right|now|today|currently|ranked|sorted|please|under|for|in|to|do|does|did|"
    r"ordered|order|according|as|at|on|or|than|live|living)\b.*$",
    re.I,
)
#: Phrases after a preposition that are not places.
NOT_PLACES = re.compile(
    r"^(?:the\s+)?(?:them|it|there|those|these|total|all|my|our|each|every|any|data|obcs?|people|population|"
    r"progress|review|implementation|revision|signature|consideration|negotiation|preparation|analysis|validation|"
    r"priority|order|the system|the database|figures|numbers|communities|barangays|areas?|region|regions|"
    r"provinces?|municipalities|cities|days?|weeks?|months?|quarters?|years?|\d+)\b",
    re.I,
)
LEADING = re.compile(r"^(?:the\s+)?(?:(?:province|municipality) of\s+)?", re.I)


def place_candidates(text: str) -> list[str]:
    found = []
    for match in PLACE_AFTER.finditer(text):
        phrase = STOP.sub("", match.group("place")).strip(" .'\"")
        phrase = LEADING.sub("", phrase)
        if phrase.lower() not in {"", "the", "a", "an"} and not NOT_PLACES.match(phrase) and len(phrase.split()) <= 6:
            found.append(phrase)
    # "Region XII" anywhere, even without a preposition ("Region XII needs").
    region = re.search(r"\bregion\s+[ivx\d]+(?:-?[ab])?\b", text, re.I)
    if region and region.group(0) not in found:
        found.insert(0, region.group(0))
    return found


def find_place(user, text: str) -> tuple[Resolution | None, str]:
    """The first candidate phrase that names a place; otherwise the last candidate's failed resolution
    (so the answer can name it and suggest), or (None, "") when the question names no place."""
    failed: tuple[Resolution | None, str] = (None, "")
    for phrase in place_candidates(text):
        resolution = resolve_place(user, phrase)
        if resolution.place is not None:
            return resolution, phrase
        if failed[0] is None:
            failed = (resolution, phrase)
    return failed


def quarter_bounds(day: dt.date, offset: int = 0) -> tuple[dt.date, dt.date]:
    index = (day.month - 1) // 3 + offset
    year = day.year + index // 4
    first_month = index % 4 * 3 + 1
    start = dt.date(year, first_month, 1)
    return start, month_bounds(dt.date(year, first_month + 2, 1))[1]


def month_bounds(day: dt.date, offset: int = 0) -> tuple[dt.date, dt.date]:
    index = day.month - 1 + offset
    start = dt.date(day.year + index // 12, index % 12 + 1, 1)
    end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return start, end


def period(text: str, today: dt.date) -> tuple[dt.date, dt.date, str] | None:
    """A period named in ``text`` as (start, end, words), or None."""
    lowered = text.lower()
    if m := re.search(r"\b(?:next|within|in the next|coming)\s+(\d{1,4})\s+days?\b", lowered):
        days = int(m.group(1))
        return today, today + dt.timedelta(days=days), f"in the next {days} days"
    if "next quarter" in lowered:
        return (*quarter_bounds(today, 1), "next quarter")
    if "quarter" in lowered:
        return (*quarter_bounds(today), "this quarter")
    if "next month" in lowered:
        return (*month_bounds(today, 1), "next month")
    if "this month" in lowered:
        return (*month_bounds(today), "this month")
    if "next year" in lowered:
        return dt.date(today.year + 1, 1, 1), dt.date(today.year + 1, 12, 31), "next year"
    if "this year" in lowered:
        return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31), "this year"
    return None


ORG_AFTER = re.compile(r"\bwith\s+(?:the\s+)?(?P<org>[A-Za-z][\w&.'\- ]{1,80})", re.I)
ORG_STOP = re.compile(
    r"\s+\b(?:that|which|who|expire[sd]?|expiring|will|are|is|in|this|next|within|before|by|ending|end|due|"
    r"run|runs|running|and|for)\b.*$",
    re.I,
)


def organization(text: str) -> str:
    match = ORG_AFTER.search(text)
    if not match:
        return ""
    name = ORG_STOP.sub("", match.group("org")).strip(" .?")
    return "" if name.lower() in {"obcs", "obc", "us", "me", "them", "status", "priority"} else name
