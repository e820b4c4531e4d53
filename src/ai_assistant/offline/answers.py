"""The answers of the offline engine: each calls one tool through ``Context.call`` and writes its sentences
from the result, so every figure in an answer is a figure of the tool's data."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils import timezone

from ai_assistant.tools.base import ToolResult
from ai_assistant.tools.registry import run_tool
from common.formatting import display_date
from communities.models.choices import EthnolinguisticGroup
from mana.models.needs import NeedCategory

from .parsing import organization, period


@dataclass
class Context:
    user: object
    question: str
    lowered: str
    place: str = ""  # the place phrase as the user wrote it ("" for all the user's areas)
    results: list[ToolResult] = field(default_factory=list)

    def call(self, name: str, **args) -> ToolResult:
        if self.place:
            args.setdefault("place", self.place)
        result = run_tool(self.user, name, args)
        self.results.append(result)
        if result.error:
            raise ToolFailed(result.error)
        return result


class ToolFailed(Exception):
    """A tool refused its arguments (unknown place, outside the user's areas...): its sentence is the answer."""


def n(value) -> str:
    """A figure as written in answers: 12,345 (integers), 12.5 (decimals)."""
    if value is None:
        return "unknown"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def day(value) -> str:
    """An ISO date from a tool result as people read it ("2 Dec 2026")."""
    try:
        return display_date(dt.date.fromisoformat(str(value)[:10])) if value else ""
    except ValueError:
        return str(value)


def where(data: dict) -> str:
    area = data.get("area") or {}
    return area.get("name") or "your areas"


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{n(count)} {word if count == 1 else (many or word + 's')}"


def be(count: int) -> str:
    return "is" if count == 1 else "are"


def bullets(lines) -> str:
    return "\n".join(f"- {line}" for line in lines)


# --- answers ----------------------------------------------------------------------------------------------


def obc_count(ctx: Context) -> str:
    result = ctx.call("area_summary")
    d = result.data
    text = f"{where(d)} has {plural(d['obc_communities'], 'OBC community', 'OBC communities')} in your areas"
    if d["obc_communities"]:
        text += f", with an estimated OBC population of {n(d['obc_population'])}"
        text += f" in {plural(d['barangays_with_obcs'], 'barangay')}"
    return text + "."


def census(ctx: Context) -> str:
    d = ctx.call("area_summary").data
    if d.get("census_population_2020") is None:
        return "Name a region, province, city/municipality or barangay and I will give its 2020 census population."
    text = f"The 2020 census population of {where(d)} is {n(d['census_population_2020'])}."
    if d["obc_communities"]:
        text += (
            f" Its {plural(d['obc_communities'], 'OBC community', 'OBC communities')} have an estimated OBC "
            f"population of {n(d['obc_population'])}."
        )
    return text


def share(ctx: Context) -> str:
    d = ctx.call("area_summary").data
    if d.get("census_population_2020") is None:
        return "Name a region, province, city/municipality or barangay to compare its OBC and census population."
    return (
        f"The estimated OBC population of {where(d)} is {n(d['obc_population'])}, "
        f"{n(d['obc_share_of_population_percent'])}% of its 2020 census population of "
        f"{n(d['census_population_2020'])}. OBCs live in {n(d['barangays_with_obcs'])} of its "
        f"{n(d['barangays_in_area'])} barangays ({n(d['barangay_coverage_percent'])}%)."
    )


def summary(ctx: Context) -> str:
    d = ctx.call("area_summary").data
    lines = []
    if d.get("census_population_2020") is not None:
        lines.append(f"2020 census population: {n(d['census_population_2020'])}")
    lines += [
        f"OBC communities: {n(d['obc_communities'])}",
        f"Estimated OBC population: {n(d['obc_population'])}",
        f"Households: {n(d['households'])}",
        f"Cities/municipalities with OBCs: {n(d['municipalities_with_obcs'])}",
        f"Barangays with OBCs: {n(d['barangays_with_obcs'])}",
    ]
    if d.get("obc_share_of_population_percent") is not None:
        lines.append(f"OBC share of the population: {n(d['obc_share_of_population_percent'])}%")
    return f"Summary of {where(d)}:\n" + bullets(lines)


def barangays_with_obcs(ctx: Context) -> str:
    d = ctx.call("area_summary").data
    text = f"{plural(d['barangays_with_obcs'], 'barangay')} in {where(d)} have OBC communities"
    if d.get("barangays_in_area"):
        text += f" (out of {n(d['barangays_in_area'])} barangays)"
    return text + "."


def municipalities_with_obcs(ctx: Context) -> str:
    d = ctx.call("area_summary").data
    return (
        f"{plural(d['municipalities_with_obcs'], 'city or municipality', 'cities and municipalities')} in "
        f"{where(d)} have OBC communities."
    )


LEVEL_WORDS = (
    ("barangay", "barangay"),
    ("municipalit", "municipality"),
    ("cit", "municipality"),
    ("town", "municipality"),
    ("province", "province"),
)


def ranking(ctx: Context) -> str:
    level = next((lvl for word, lvl in LEVEL_WORDS if re.search(rf"\b(which|what)\s+{word}", ctx.lowered)), "province")
    d = ctx.call("count_communities", group_by=level, limit=5).data
    groups = d.get("groups") or []
    if not groups:
        return f"There are no OBC communities in {where(d)} that you can see."
    top = groups[0]
    word = {"province": "province/HUC", "municipality": "city/municipality", "barangay": "barangay"}[level]
    lines = [
        f"{g['name']}: {plural(g['communities'], 'community', 'communities')}, OBC population {n(g['obc_population'])}"
        for g in groups
    ]
    return (
        f"The {word} with the largest OBC population in {where(d)} is {top['name']} "
        f"({n(top['obc_population'])}).\n" + bullets(lines)
    )


GROUP_WORDS = {
    "tausug": "tausug",
    "sama": "sama",
    "badjao": "badjao",
    "bajau": "badjao",
    "iranun": "iranun",
    "jama mapun": "jama_mapun",
    "kalagan": "kagan_kalagan",
    "kagan": "kagan_kalagan",
    "kolibugan": "kolibugan",
    "maguindanao": "maguindanaon",
    "maranao": "meranaw",
    "meranaw": "meranaw",
    "molbog": "molbog",
    "palawani": "palawani",
    "sangil": "sangil",
    "yakan": "yakan",
}


def group_in(lowered: str) -> str:
    codes = {c for c, _ in EthnolinguisticGroup.choices}
    for word, code in GROUP_WORDS.items():
        if re.search(rf"\b{word}\w*", lowered):
            return code if code in codes else next((c for c in codes if c.startswith(code[:4])), "")
    return ""


def group_count(ctx: Context) -> str:
    group = group_in(ctx.lowered)
    d = ctx.call("count_communities", ethnolinguistic_group=group).data
    label = d.get("primary_ethnolinguistic_group") or group
    return (
        f"{where(d)} has {plural(d['obc_communities'], 'OBC community', 'OBC communities')} whose primary "
        f"ethnolinguistic group is {label}, with an estimated OBC population of {n(d['obc_population'])}."
    )


CATEGORY_WORDS = {
    "education": "education",
    "school": "education",
    "livelihood": "livelihood",
    "health": "health",
    "water": "wash",
    "sanitation": "wash",
    "infrastructure": "infrastructure",
    "road": "infrastructure",
    "social protection": "social_protection",
    "culture": "culture",
    "governance": "governance",
    "peace": "governance",
    "environment": "environment",
    "disaster": "environment",
}


def needs(ctx: Context) -> str:
    category = next((code for word, code in CATEGORY_WORDS.items() if re.search(rf"\b{word}", ctx.lowered)), "")
    args = {"limit": 5}
    if category and category in NeedCategory.values:
        args["category"] = category
    d = ctx.call("mana_needs", **args).data
    if re.search(r"\bhow many\b|\bnumber of\b|\bcount\b", ctx.lowered):
        lines = [f"{c['category']}: {n(c['needs'])}" for c in d["by_category"]]
        return (
            f"{where(d)} has {plural(d['needs'], 'open MANA need')}.\n" + bullets(lines)
            if lines
            else f"{where(d)} has no open MANA needs that you can see."
        )
    if not d["top_needs"]:
        return f"There are no open MANA needs in {where(d)} that you can see."
    lines = [
        f"{t['title']} ({t['category']}, priority score {n(t['priority_score'])}, {t['status'].lower()})"
        for t in d["top_needs"]
    ]
    return f"The top needs in {where(d)} by priority score ({plural(d['needs'], 'open need')} in all):\n" + bullets(
        lines
    )


ASSESSMENT_STATUS = (
    (r"in progress|ongoing|on-going|underway|under way|running|active|current", "in_progress", "in progress"),
    (r"completed|finished|done|complete", "completed", "completed"),
    (r"planned|upcoming|scheduled", "planned", "planned"),
    (r"cancel", "cancelled", "cancelled"),
    (r"data collection", "data_collection", "in data collection"),
    (r"validation", "validation", "in validation"),
    (r"analysis", "analysis", "in analysis"),
    (r"preparation", "preparation", "in preparation"),
)


def assessments(ctx: Context) -> str:
    status, words = "", ""
    for pattern, code, label in ASSESSMENT_STATUS:
        if re.search(rf"\b(?:{pattern})\b", ctx.lowered):
            status, words = code, label
            break
    d = ctx.call("mana_assessments", **({"status": status} if status else {})).data
    head = f"{plural(d['assessments'], 'MANA assessment')}{' ' + words if words else ''} in {where(d)}"
    if not d["items"]:
        return head + "."
    lines = [f"{a['title']} ({a['status']}, {a['area']})" for a in d["items"]]
    return head + ":\n" + bullets(lines)


REC_STATUS = (
    (r"waiting for review|awaiting review|for review|under review|pending review|to review|in review", "under_review"),
    (r"needs? revision|returned|sent back", "needs_revision"),
    (r"in implementation|being implemented|implementing", "in_implementation"),
    (r"implemented", "implemented"),
    (r"approved", "approved"),
    (r"endorsed", "endorsed"),
    (r"submitted", "submitted"),
    (r"under consideration", "under_consideration"),
    (r"rejected", "rejected"),
    (r"withdrawn", "withdrawn"),
    (r"on hold", "on_hold"),
    (r"drafts?", "draft"),
)


def recommendations(ctx: Context) -> str:
    status = next((code for pattern, code in REC_STATUS if re.search(rf"\b(?:{pattern})\b", ctx.lowered)), "")
    d = ctx.call("recommendations", **({"status": status} if status else {})).data
    if status:
        count = d["recommendations"]
        head = f"{plural(count, 'recommendation')} in {where(d)} {be(count)} {d['status'].lower()}"
        if not d["items"]:
            return head + "."
        lines = [f"{r['reference']} {r['title']} (since {day(r['in_status_since'])})" for r in d["items"]]
        return head + ":\n" + bullets(lines)
    lines = [f"{s['status']}: {n(s['recommendations'])}" for s in d["by_status"]]
    return f"{plural(d['recommendations'], 'policy recommendation')} in {where(d)}." + (
        "\n" + bullets(lines) if lines else ""
    )


def partnerships(ctx: Context) -> str:
    args = {}
    org = organization(ctx.question)
    if org:
        args["organization"] = org
    span = period(ctx.question, timezone.localdate()) if re.search(r"expir|end|lapse|run out", ctx.lowered) else None
    if span and span[2].startswith("in the next"):
        args["expiring_within_days"] = (span[1] - span[0]).days
    elif span:
        args["expires_from"], args["expires_to"] = span[0].isoformat(), span[1].isoformat()
    elif re.search(r"expir", ctx.lowered):
        args["expiring_within_days"] = 90
    elif re.search(r"\bactive\b", ctx.lowered):
        args["status"] = "active"
    d = ctx.call("partnerships", **args).data
    subject = "agreement" if re.search(r"agreement|moa|mou", ctx.lowered) else "partnership"
    with_org = f" with {org}" if org else ""
    if span or "expiring_within_days" in args:
        when = span[2] if span else f"in the next {n(90)} days"
        head = f"{plural(d['partnerships'], 'active ' + subject)}{with_org} in {where(d)} expire {when}"
        lines = [
            f"{p['title']} ({', '.join(p['parties'])}): expires {day(p['expiry_date'])}, in "
            f"{plural(p['days_to_expiry'], 'day')}"
            for p in d["items"]
        ]
    else:
        status = f" {d['status'].lower()}" if d["status"] != "any" else ""
        noun = f"{status.strip()} {subject}" if status else subject
        head = f"{plural(d['partnerships'], noun)}{with_org} in {where(d)}"
        lines = [
            f"{p['title']} ({p['status']}" + (f", expires {day(p['expiry_date'])}" if p["expiry_date"] else "") + ")"
            for p in d["items"]
        ]
    return head + (":\n" + bullets(lines) if lines else ".")


def engagements(ctx: Context) -> str:
    when = "upcoming" if re.search(r"upcoming|next|coming|planned|scheduled|future", ctx.lowered) else ""
    when = when or ("past" if re.search(r"\bpast\b|\bheld\b|previous|last", ctx.lowered) else "")
    d = ctx.call("engagements", **({"when": when} if when else {})).data
    head = f"{plural(d['engagements'], (when + ' ' if when else '') + 'engagement')} in {where(d)}"
    lines = [f"{e['title']} ({e['kind']}, {day(e['starts'])}, {e['place']})" for e in d["items"]]
    return head + (":\n" + bullets(lines) if lines else ".")


def organizations(ctx: Context) -> str:
    d = ctx.call("organizations").data
    head = (
        f"{plural(d['organizations'], 'organization')} {'works' if d['organizations'] == 1 else 'work'} in {where(d)}"
    )
    lines = [f"{o['name']}" + (f" ({o['acronym']})" if o["acronym"] else "") + f" — {o['type']}" for o in d["items"]]
    text = head + (":\n" + bullets(lines) if lines else ".")
    if d.get("nationwide_organizations_also_visible"):
        text += f"\n{plural(d['nationwide_organizations_also_visible'], 'more organization')} also work nationwide."
    return text


def action_items(ctx: Context) -> str:
    overdue = bool(re.search(r"overdue|late|past due|behind", ctx.lowered))
    d = ctx.call("action_items", overdue_only=overdue).data
    if overdue:
        count = d["overdue_action_items"]
        head = f"{plural(count, 'action item')} in {where(d)} {be(count)} overdue"
        lines = [
            f"{a['title']}: due {day(a['due_date'])}, {plural(a['days_overdue'], 'day')} overdue" for a in d["items"]
        ]
    else:
        head = (
            f"{plural(d['open_action_items'], 'open action item')} in {where(d)} "
            f"({n(d['overdue_action_items'])} overdue)"
        )
        lines = [f"{a['title']}: due {day(a['due_date'])} ({a['status'].lower()})" for a in d["items"]]
    return head + (":\n" + bullets(lines) if lines else ".")
