"""MANA reads. Aggregates are computed by the database (GROUP BY), never by looping over answers,
so a page costs a fixed number of queries whatever the number of responses."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Avg, Count, F, Max, Min, OuterRef, Prefetch, Q, Subquery, Sum, Window
from django.db.models.functions import Coalesce, RowNumber

from mana.models import (
    Answer,
    AnswerChoice,
    Assessment,
    Instrument,
    InstrumentVersion,
    Need,
    Participant,
    Question,
    Response,
)

FREE_TEXT_PER_QUESTION = 20


def assessment_list(user):
    return (
        Assessment.objects.for_user(user, "view")
        .alive()
        .select_related("region", "province", "municipality", "lead")
        .annotate(
            participant_count=_count_of(Participant.objects.filter(deleted_at__isnull=True)),
            need_count=_count_of(Need.objects.filter(deleted_at__isnull=True)),
        )
    )


def _count_of(child_queryset):
    """Per-assessment row count as a correlated subquery (no join fan-out between children)."""
    counts = child_queryset.filter(assessment=OuterRef("pk")).order_by().values("assessment").annotate(n=Count("pk"))
    return Coalesce(Subquery(counts.values("n")[:1]), 0)


def need_list(user):
    return (
        Need.objects.for_user(user, "view")
        .alive()
        .select_related("assessment", "region", "province")
        .order_by("-priority_score", "-vote_count", "pk")
    )


def submitted_answers(assessment):
    return Answer.objects.filter(
        response__assessment=assessment,
        response__status=Response.Status.SUBMITTED,
        response__deleted_at__isnull=True,
    )


def response_counts(assessment) -> dict:
    rows = Response.objects.alive().filter(assessment=assessment).values("status").annotate(n=Count("pk")).order_by()
    counts = {r["status"]: r["n"] for r in rows}
    return {"draft": counts.get("draft", 0), "submitted": counts.get("submitted", 0)}


def analysis(assessment) -> list[dict]:
    """Per instrument version with submitted responses: every question with its aggregate.

    choice questions → count and share per option (share of respondents who answered the question);
    number/rating → n, average, min, max (rating: also the count per scale value);
    yes/no → yes/no counts and shares; date → n, earliest, latest; text → the latest answers listed.
    """
    answers = submitted_answers(assessment)
    submitted = Response.objects.filter(assessment=assessment, status="submitted", deleted_at__isnull=True)
    versions = list(
        InstrumentVersion.objects.filter(pk__in=submitted.values("version_id"))
        .select_related("instrument")
        .order_by("instrument__title", "number")
        .prefetch_related(
            Prefetch("questions", queryset=Question.objects.select_related("section").prefetch_related("choices"))
        )
    )
    per_question = {
        r["question_id"]: r
        for r in answers.values("question_id")
        .annotate(
            n=Count("pk"),
            avg=Avg("value_number"),
            min=Min("value_number"),
            max=Max("value_number"),
            yes=Count("pk", filter=Q(value_bool=True)),
            no=Count("pk", filter=Q(value_bool=False)),
            first_date=Min("value_date"),
            last_date=Max("value_date"),
        )
        .order_by()
    }
    choice_counts = dict(
        AnswerChoice.objects.filter(answer__in=answers.values("pk"))
        .values_list("choice_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    scale_counts = defaultdict(dict)
    for r in (
        answers.filter(question__qtype=Question.Type.RATING)
        .values("question_id", "value_number")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        scale_counts[r["question_id"]][int(r["value_number"])] = r["n"]
    texts = defaultdict(list)
    for r in (
        answers.filter(question__qtype__in=Question.TEXT_TYPES)
        .exclude(value_text="")
        .annotate(rn=Window(RowNumber(), partition_by=[F("question_id")], order_by=F("pk").desc()))
        .filter(rn__lte=FREE_TEXT_PER_QUESTION)
        .values("question_id", "value_text")
    ):
        texts[r["question_id"]].append(r["value_text"])

    result = []
    for version in versions:
        questions = []
        for q in version.questions.all():
            stats = per_question.get(q.pk, {"n": 0})
            n = stats["n"]
            item = {"question": q, "n": n, "kind": "text"}
            if q.has_choices:
                item["kind"] = "choice"
                item["options"] = [
                    {
                        "label": c.label,
                        "count": choice_counts.get(c.pk, 0),
                        "share": (choice_counts.get(c.pk, 0) / n) if n else 0,
                    }
                    for c in q.choices.all()
                ]
            elif q.qtype in Question.NUMERIC_TYPES:
                item.update(kind="number", avg=stats.get("avg"), min=stats.get("min"), max=stats.get("max"))
                if q.qtype == Question.Type.RATING:
                    item["kind"] = "rating"
                    item["options"] = [
                        {
                            "label": str(v),
                            "count": scale_counts[q.pk].get(v, 0),
                            "share": (scale_counts[q.pk].get(v, 0) / n) if n else 0,
                        }
                        for v in q.scale_values
                    ]
            elif q.qtype == Question.Type.YES_NO:
                item["kind"] = "choice"
                item["options"] = [
                    {"label": "Yes", "count": stats.get("yes", 0), "share": stats.get("yes", 0) / n if n else 0},
                    {"label": "No", "count": stats.get("no", 0), "share": stats.get("no", 0) / n if n else 0},
                ]
            elif q.qtype == Question.Type.DATE:
                item.update(kind="date", first=stats.get("first_date"), last=stats.get("last_date"))
            else:
                item["texts"] = texts.get(q.pk, [])
            questions.append(item)
        result.append({"version": version, "questions": questions})
    return result


def needs_by_category(assessment=None, queryset=None) -> list[dict]:
    qs = queryset if queryset is not None else Need.objects.alive().filter(assessment=assessment)
    from mana.models import NeedCategory

    rows = {
        r["category"]: r
        for r in qs.values("category")
        .annotate(n=Count("pk"), avg_score=Avg("priority_score"), votes=Sum("vote_count"))
        .order_by()
    }
    return [
        {
            "category": label,
            "code": code,
            "n": rows.get(code, {}).get("n", 0),
            "avg_score": rows.get(code, {}).get("avg_score"),
            "votes": rows.get(code, {}).get("votes") or 0,
        }
        for code, label in NeedCategory.choices
    ]


RANK_ORDER = ("-priority_score", "-vote_count", "pk")


def top_ranked(queryset, limit: int) -> list:
    """The first ``limit`` needs of the ranking (score, then votes, then age), each with ``rank``.
    A top-N sort with LIMIT instead of a window over every matching need (the board: 50 of 4,000);
    the rank of the n-th row of the same order is n."""
    rows = list(queryset.order_by(*RANK_ORDER)[:limit])
    for position, need in enumerate(rows, start=1):
        need.rank = position
    return rows


def ranked_needs(queryset):
    """Needs ranked for the prioritisation board: score, then votes, then age."""
    return queryset.annotate(
        rank=Window(RowNumber(), order_by=[F("priority_score").desc(), F("vote_count").desc(), F("pk").asc()])
    ).order_by("rank")


def instruments_of(assessment):
    return (
        Instrument.objects.alive()
        .filter(assessment=assessment)
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=InstrumentVersion.objects.annotate(
                    question_count=Count("questions", distinct=True),
                    response_count=Count("responses", filter=Q(responses__deleted_at__isnull=True), distinct=True),
                ),
            )
        )
    )


def user_votes(user, needs) -> set[int]:
    from mana.models import NeedVote

    return set(NeedVote.objects.filter(voter=user, need__in=[n.pk for n in needs]).values_list("need_id", flat=True))
