"""A summary of a MANA assessment's findings: the needs ranked, the participants as aggregates only
(by sex and by sector, never a name) and the key survey results (the most chosen answer of each
choice, yes/no and rating question; free-text answers are left out: they may name people).

The same aggregates as the MANA report (``mana.selectors``), so the figures match the report's.
"""

from __future__ import annotations

from django.db.models import Count

from mana import selectors
from mana.models import Need, Participant

INSTRUCTIONS = (
    "Write the summary of findings of the MANA (Mapping and Needs Assessment) in the data: a short "
    "paragraph on who took part, then the needs in their ranked order with their priority scores, then "
    "what the survey answers show. Use only the facts in the data and quote figures exactly as given; "
    "invent none. Plain English, no names of people."
)
TOP_NEEDS = 10


def findings_facts(assessment, *, progress=None) -> dict:
    """``progress(done, total)`` is called after each of the four parts (for the job's progress bar)."""
    step = progress or (lambda done, total=None: None)
    step(0, 4)
    needs = list(selectors.ranked_needs(Need.objects.alive().filter(assessment=assessment))[:TOP_NEEDS])
    ranked = [
        {"rank": n.rank, "title": n.title, "category": n.get_category_display(),
         "priority_score": str(n.priority_score), "votes": n.vote_count, "affected_population": n.affected_population}
        for n in needs
    ]  # fmt: skip
    step(1, 4)
    people = Participant.objects.filter(assessment=assessment, deleted_at__isnull=True)
    sexes = dict(Participant.Sex.choices)
    sectors = dict(Participant.Sector.choices)
    by_sex = {
        sexes.get(r["sex"], r["sex"]): r["n"] for r in people.values("sex").annotate(n=Count("pk")).order_by("sex")
    }
    by_sector = {
        sectors.get(r["sector"], r["sector"]): r["n"]
        for r in people.exclude(sector="").values("sector").annotate(n=Count("pk")).order_by("-n", "sector")
    }
    step(2, 4)
    counts = selectors.response_counts(assessment)
    results = []
    for block in selectors.analysis(assessment):
        for item in block["questions"]:
            options = [o for o in item.get("options") or [] if o["count"]]
            if not item["n"] or not options:
                continue
            top = max(options, key=lambda o: o["count"])
            results.append({"question": item["question"].text, "answers": item["n"], "top_answer": top["label"],
                            "top_count": top["count"], "top_share_percent": round(top["share"] * 100)})  # fmt: skip
    step(3, 4)
    categories = [c for c in selectors.needs_by_category(assessment) if c["n"]]
    facts = {
        "assessment": {
            "title": assessment.title,
            "level": assessment.get_level_display(),
            "area": assessment.area_label,
            "status": assessment.get_status_display(),
            "methods": assessment.method_labels,
        },
        "participants": {"total": sum(by_sex.values()), "by_sex": by_sex, "by_sector": by_sector},
        "responses_submitted": counts["submitted"],
        "needs_recorded": Need.objects.alive().filter(assessment=assessment).count(),
        "needs_ranked": ranked,
        "needs_by_category": [{"category": c["category"], "needs": c["n"], "votes": c["votes"]} for c in categories],
        "survey_results": results,
    }
    step(4, 4)
    return facts


def _counts(mapping: dict) -> str:
    return ", ".join(f"{label.lower()} {n:,}" for label, n in mapping.items())


def offline_summary(facts: dict) -> str:
    a = facts["assessment"]
    people = facts["participants"]
    methods = f" through {', '.join(m.lower() for m in a['methods'])}" if a["methods"] else ""
    intro = (
        f"The {a['level'].lower()} MANA “{a['title']}” ({a['area']}; {a['status'].lower()}) gathered its data{methods}."
    )
    total = people["total"]
    if total:
        intro += f" {total:,} participant{'s' if total != 1 else ''} took part ({_counts(people['by_sex'])})"
        intro += f"; by sector: {_counts(people['by_sector'])}." if people["by_sector"] else "."
    else:
        intro += " No participants are registered yet."
    submitted = facts["responses_submitted"]
    intro += f" {submitted:,} survey response{'s were' if submitted != 1 else ' was'} submitted."
    paragraphs = [intro]
    needs = facts["needs_ranked"]
    if needs:
        lines = []
        for n in needs:
            extra = (
                f", affected population {n['affected_population']:,}" if n["affected_population"] is not None else ""
            )
            lines.append(f"{n['rank']}. {n['title']} ({n['category']}): priority score {n['priority_score']}, "
                         f"{n['votes']:,} vote{'s' if n['votes'] != 1 else ''}{extra}.")  # fmt: skip
        head = f"Needs in order of priority ({facts['needs_recorded']:,} recorded"
        head += f", the first {len(needs)} listed):" if facts["needs_recorded"] > len(needs) else "):"
        paragraphs.append("\n".join([head, *lines]))
        cats = facts["needs_by_category"]
        if len(cats) > 1:
            parts = [
                f"{c['category']} {c['needs']:,} need{'s' if c['needs'] != 1 else ''} ({c['votes']:,} votes)"
                for c in cats
            ]
            paragraphs.append("By category: " + "; ".join(parts) + ".")
    else:
        paragraphs.append("No needs are recorded yet.")
    results = facts["survey_results"]
    if results:
        lines = [f"- {r['question']}: “{r['top_answer']}” was the most frequent answer ({r['top_count']:,} of "
                 f"{r['answers']:,}, {r['top_share_percent']}%)." for r in results]  # fmt: skip
        paragraphs.append("\n".join(["Key survey results:", *lines]))
    return "\n\n".join(paragraphs)
