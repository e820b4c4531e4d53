"""A policy brief narrative from a recommendation's evidence chain.

``brief_facts`` gathers what the brief stands on, as the user may see it (the rule of
``policies.brief``: partner viewers get no internal meeting records), with no personal data: MANA
needs with their priority score, votes and affected population, assessments, communities with their
OBC population, engagements and feedback (topic and sentiment, never who raised it), documents and
external sources. ``offline_narrative`` writes the narrative from those facts alone: every figure
in it is a figure of the evidence.
"""

from __future__ import annotations

from policies.models import EvidenceKind, Recommendation, can_view_internal

INSTRUCTIONS = (
    "Write the narrative of a policy brief for the recommendation in the data: three to five short "
    "paragraphs in plain English for a ministry reader. Use only the facts in the data; quote figures "
    "exactly as given (priority scores, votes, populations) and invent none. Name the evidence you rely "
    "on by its title. Do not add names of people."
)


def _num(value) -> str:
    return "" if value is None else f"{value:,}"


def brief_facts(rec: Recommendation, *, user) -> dict:
    rows = rec.evidence.select_related(
        "need", "need__assessment", "assessment", "community__barangay", "community__municipality", "engagement",
        "feedback",
    ).order_by("kind", "pk")  # fmt: skip
    if not can_view_internal(user):
        rows = rows.exclude(kind__in=(EvidenceKind.ENGAGEMENT, EvidenceKind.FEEDBACK))
    evidence = []
    for e in rows:
        item = {"kind": e.kind, "kind_label": e.get_kind_display(), "label": e.label, "statement": e.statement,
                "reliability": e.reliability}  # fmt: skip
        if e.need_id:
            n = e.need
            item.update(
                need=n.title, category=n.get_category_display(), priority_score=str(n.priority_score),
                votes=n.vote_count, affected_population=n.affected_population,
                assessment=n.assessment.title if n.assessment_id else "",
            )  # fmt: skip
        elif e.assessment_id:
            a = e.assessment
            item.update(assessment=a.title, status=a.get_status_display(), area=a.area_label)
        elif e.community_id:
            c = e.community
            item.update(community=c.display_name, municipality=c.municipality.name,
                        obc_population=c.estimated_obc_population)  # fmt: skip
        elif e.engagement_id:
            item.update(engagement=e.engagement.title, engagement_kind=e.engagement.get_kind_display())
        elif e.feedback_id:
            item.update(topic=e.feedback.topic, sentiment=e.feedback.get_sentiment_display())
        elif e.kind in (EvidenceKind.DOCUMENT, EvidenceKind.EXTERNAL):
            item.update(source_author=e.source_author, source_title=e.source_title or e.original_name,
                        source_year=e.source_year)  # fmt: skip
        evidence.append(item)
    where = "every OOBC area" if rec.is_national else "; ".join(a.place_label for a in rec.areas.all())
    return {
        "recommendation": {
            "reference": rec.reference, "title": rec.title, "type": rec.get_rec_type_display(),
            "sector": rec.get_sector_display(), "scope": rec.get_scope_level_display(), "areas": where,
            "problem": rec.problem, "proposed_action": rec.proposed_action,
        },
        "evidence": evidence,
    }  # fmt: skip


def _need_sentence(item) -> str:
    votes = item["votes"]
    parts = [f"a priority score of {item['priority_score']}", f"{_num(votes)} vote{'s' if votes != 1 else ''}"]
    if item.get("affected_population") is not None:
        parts.append(f"an affected population of {_num(item['affected_population'])}")
    source = f" in the MANA assessment “{item['assessment']}”" if item.get("assessment") else ""
    listed = f"{', '.join(parts[:-1])} and {parts[-1]}"
    return f"The need “{item['need']}” ({item['category']}) was recorded{source} with {listed}."


def offline_narrative(facts: dict) -> str:
    rec = facts["recommendation"]
    evidence = facts["evidence"]
    paragraphs = [
        f"“{rec['title']}” is a {rec['type'].lower()} recommendation for the "
        f"{rec['sector'].lower()} sector covering {rec['areas']}."
    ]
    needs = [e for e in evidence if e["kind"] == EvidenceKind.NEED]
    if needs:
        lines = [_need_sentence(e) for e in needs]
        lines += [f"It shows that {e['statement'].rstrip('.')}." for e in needs if e.get("statement")][:3]
        paragraphs.append("What the communities said. " + " ".join(lines))
    communities = [e for e in evidence if e["kind"] == EvidenceKind.COMMUNITY]
    if communities:
        paragraphs.append(
            "Communities concerned. "
            + " ".join(
                f"{e['community']} ({e['municipality']}) has an estimated OBC population of "
                f"{_num(e['obc_population'])}." for e in communities
            )
        )  # fmt: skip
    assessments = [e for e in evidence if e["kind"] == EvidenceKind.ASSESSMENT]
    meetings = [e for e in evidence if e["kind"] in (EvidenceKind.ENGAGEMENT, EvidenceKind.FEEDBACK)]
    if assessments or meetings:
        lines = [f"The MANA assessment “{e['assessment']}” ({e['area']}, {e['status'].lower()}): "
                 f"{e['statement'].rstrip('.')}." for e in assessments]  # fmt: skip
        lines += [
            (f"The {e['engagement_kind'].lower()} “{e['engagement']}”" if e.get("engagement")
             else f"Feedback on “{e['topic']}” ({e['sentiment'].lower()})")
            + f": {e['statement'].rstrip('.')}."
            for e in meetings
        ]  # fmt: skip
        paragraphs.append("Consultations and assessments. " + " ".join(lines))
    sources = [e for e in evidence if e["kind"] in (EvidenceKind.DOCUMENT, EvidenceKind.EXTERNAL)]
    if sources:
        paragraphs.append(
            "Documents and other sources. " + " ".join(f"{e['label']}: {e['statement'].rstrip('.')}." for e in sources)
        )
    if len(paragraphs) == 1:
        paragraphs.append("No evidence is cited yet: cite the MANA needs and sources it stands on before drafting.")
    return "\n\n".join(paragraphs)
