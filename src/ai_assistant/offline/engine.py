"""Rules that map a question to one tool call and an answer written from its result.

The rules are tried in order; the first whose pattern matches the (lower-cased) question answers. Every figure
in an answer is copied from the tool result, so the number check finds them all. A question no rule matches,
or one naming a place that does not exist, gets a plain "I cannot answer that" and the suggested questions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ai_assistant.tools.base import Source, ToolResult

from .answers import (
    Context,
    ToolFailed,
    action_items,
    assessments,
    barangays_with_obcs,
    census,
    engagements,
    group_count,
    group_in,
    municipalities_with_obcs,
    needs,
    obc_count,
    organizations,
    partnerships,
    ranking,
    recommendations,
    share,
    summary,
)
from .parsing import find_place

SUGGESTED_QUESTIONS = [
    "How many OBCs are in Zamboanga del Norte and how many people live in them?",
    "What are the top needs in Region XII?",
    "Which agreements with MSSD expire this quarter?",
    "Which recommendations are waiting for review?",
    "Which MANA assessments are in progress?",
    "Which action items are overdue?",
]
CANNOT = (
    "I cannot answer that question offline. I answer questions about OBC communities and population, MANA needs "
    "and assessments, organizations, partnerships, engagements, action items and policy recommendations in your "
    "areas. Try, for example:\n" + "\n".join(f"- {q}" for q in SUGGESTED_QUESTIONS)
)


@dataclass
class OfflineAnswer:
    text: str
    tool_results: list[ToolResult] = field(default_factory=list)
    answered: bool = True
    intent: str = ""
    provider: str = "offline"

    @property
    def sources(self) -> list[Source]:
        seen, out = set(), []
        for result in self.tool_results:
            for source in result.sources:
                if source.url not in seen:
                    seen.add(source.url)
                    out.append(source)
        return out


# --- rules ------------------------------------------------------------------------------------------------

PERSONAL = re.compile(
    r"\b(phone|mobile|cell(?:phone)?|contact (?:number|details)|e-?mail|home address|birthday|age of)\b|"
    r"\b(?:names?|who) (?:of |is |are )?(?:the )?(?:leaders?|participants?|contacts?|focal persons?|imams?)\b|"
    r"\b(?:leaders?|participants?|contacts?|focal persons?)'? (?:names?|numbers?)\b"
)
WRITE = re.compile(r"^(?:please\s+)?(?:delete|remove|update|change|create|add|edit|approve|reject|close|cancel)\b")
OBC = r"\b(?:obcs?|communit(?:y|ies)|bangsamoro)\b"

Rule = tuple[str, Callable[[str], bool], Callable[[Context], str]]


def has(pattern: str) -> Callable[[str], bool]:
    compiled = re.compile(pattern)
    return lambda text: bool(compiled.search(text))


def both(*patterns: str) -> Callable[[str], bool]:
    compiled = [re.compile(p) for p in patterns]
    return lambda text: all(c.search(text) for c in compiled)


RULES: list[Rule] = [
    ("partnerships", has(r"\b(?:agreements?|partnerships?|moas?|mous?|memorand)"), partnerships),
    ("action_items", has(r"\b(?:action items?|tasks?|to-?dos?|follow-?ups?)\b"), action_items),
    ("recommendations", has(r"\b(?:recommendations?|policy proposals?|policy briefs?)\b"), recommendations),
    ("assessments", has(r"\b(?:assessments?|mana (?:activities|exercises))\b"), assessments),
    ("needs", has(r"\bneeds?\b|\bpriorities\b|\bproblems\b"), needs),
    ("engagements", has(r"\b(?:engagements?|consultations?|meetings?|workshops?|visits?)\b"), engagements),
    (
        "organizations",
        has(
            r"\b(?:organi[sz]ations?|agencies|ngos?|csos?|lgus?|partners|ministries)\b|"
            r"\bwho (?:is |are )?work"
        ),
        organizations,
    ),
    (
        "ranking",
        both(
            r"\b(?:which|what)\s+(?:province|municipalit|cit|town|barangay)",
            r"most|largest|biggest|highest"
            r"|top",
        ),
        ranking,
    ),
    ("group_count", lambda t: bool(group_in(t)) and bool(re.search(OBC + r"|how many", t)), group_count),
    ("barangays_with_obcs", both(r"\bbarangays?\b", OBC + r"|\bhost"), barangays_with_obcs),
    ("municipalities_with_obcs", both(r"\b(?:municipalities|cities|towns|lgus)\b", OBC), municipalities_with_obcs),
    ("share", has(r"\b(?:share|percent|percentage|proportion|coverage|fraction)\b"), share),
    (
        "summary",
        has(r"\b(?:summary|summari[sz]e|overview|tell me about|profile of|key figures|figures (?:for|of))\b"),
        summary,
    ),
    ("obc_count", both(OBC, r"how many|number of|count|population|people|live|total"), obc_count),
    ("census", has(r"\b(?:population|how many people|inhabitants|residents|people live)\b"), census),
]


def answer(user, question: str) -> OfflineAnswer:
    """The offline answer to ``question`` for ``user`` (never raises for odd input)."""
    text = " ".join((question or "").split())
    lowered = text.lower()
    if not text:
        return OfflineAnswer(CANNOT, answered=False, intent="empty")
    if PERSONAL.search(lowered):
        return OfflineAnswer(
            "I cannot give personal data (names, phone numbers or e-mails of leaders, contacts or participants). "
            "Open the record itself if your role allows it.",
            answered=False,
            intent="personal_data",
        )
    if WRITE.search(lowered):
        return OfflineAnswer(
            "I only read data; I cannot change records. Use the pages of the record instead.",
            answered=False,
            intent="write",
        )
    rule = next(((name, handler) for name, matches, handler in RULES if matches(lowered)), None)
    if rule is None:
        return OfflineAnswer(CANNOT, answered=False, intent="unknown")
    resolution, phrase = find_place(user, text)
    if resolution is not None and resolution.place is None:
        return OfflineAnswer(
            resolution.error(phrase) + " Check the spelling, or name the province or region.",
            answered=False,
            intent=rule[0],
        )
    ctx = Context(user=user, question=text, lowered=lowered, place=phrase if resolution else "")
    name, handler = rule
    try:
        body = handler(ctx)
    except ToolFailed as failure:
        return OfflineAnswer(str(failure), tool_results=ctx.results, answered=False, intent=name)
    return OfflineAnswer(body, tool_results=ctx.results, answered=True, intent=name)
