"""Disaggregated results: every question broken down by the respondents' sex, age group, sector
or community — what government reporting asks for.

Computed by the database with GROUP BY over submitted answers (one query for per-question counts
and averages, one for choice counts, one for rating values, one for community labels), so the cost
is fixed whatever the number of answers. A group response (no single participant) is its own group,
"Group responses"; a participant without the attribute is "Not recorded".

Shares are of the group's respondents who answered the question (as in the overall results).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Avg, BooleanField, Case, Count, Max, Min, Q, Value, When

from mana.community import community_label
from mana.models import AnswerChoice, Participant, Question

NOT_RECORDED = "Not recorded"
GROUP_RESPONSES = "Group responses"

#: Breakdown dimensions: code → (label, participant field, choices or None for community).
DIMENSIONS = {
    "sex": ("Sex", "sex", Participant.Sex.choices),
    "age_group": ("Age group", "age_group", Participant.AgeGroup.choices),
    "sector": ("Sector", "sector", Participant.Sector.choices),
    "community": ("Community", "community", None),
}
DIMENSION_CHOICES = [(code, label) for code, (label, _, _) in DIMENSIONS.items()]

_NONE = "__none__"  # group key of answers from group responses
_BLANK = "__blank__"  # participant without the attribute


def _is_group(path: str):
    """True for answers of a group response (no single participant)."""
    return Case(
        When(**{f"{path}participant__isnull": True}, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def _key(value, is_group):
    if is_group:
        return _NONE
    return _BLANK if value in (None, "") else value


def _groups(dimension: str, seen: set) -> list[tuple[object, str]]:
    """Groups present in the answers, in a stable order: the choices' order (community: by name),
    then "Not recorded", then "Group responses"."""
    choices = DIMENSIONS[dimension][2]
    if choices is None:
        from mana.community import community_queryset

        rows = community_queryset().filter(pk__in=[k for k in seen if k not in (_NONE, _BLANK)])
        ordered = [(b.pk, community_label(b)) for b in sorted(rows, key=lambda b: (b.name, b.municipality.name))]
    else:
        ordered = [(code, label) for code, label in choices if code in seen]
    if _BLANK in seen:
        ordered.append((_BLANK, NOT_RECORDED))
    if _NONE in seen:
        ordered.append((_NONE, GROUP_RESPONSES))
    return ordered


def breakdown(answers, blocks, dimension: str) -> dict[int, dict]:
    """Per question id: ``{"columns": [...], "rows": [{"label", "n", "cells": [{"count", "share"}],
    "avg", "min", "max"}]}`` for the questions in ``blocks`` (``selectors.analysis``).

    ``answers`` are the submitted answers (``selectors.submitted_answers``). Columns are the
    question's options (choice, rating, yes/no); number questions carry avg/min/max per group.
    """
    if dimension not in DIMENSIONS:
        raise ValueError(f"Unknown breakdown {dimension!r}.")
    field = DIMENSIONS[dimension][1]
    group = f"response__participant__{field}"
    per_question = defaultdict(dict)
    seen = set()
    for r in (
        answers.annotate(is_group=_is_group("response__"))
        .values("question_id", group, "is_group")
        .annotate(
            n=Count("pk"),
            avg=Avg("value_number"),
            min=Min("value_number"),
            max=Max("value_number"),
            yes=Count("pk", filter=Q(value_bool=True)),
            no=Count("pk", filter=Q(value_bool=False)),
        )
        .order_by()
    ):
        key = _key(r[group], r["is_group"])
        seen.add(key)
        per_question[r["question_id"]][key] = r
    choice_counts = {}
    for r in (
        AnswerChoice.objects.filter(answer__in=answers.values("pk"))
        .annotate(is_group=_is_group("answer__response__"))
        .values("choice_id", f"answer__{group}", "is_group")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        choice_counts[(r["choice_id"], _key(r[f"answer__{group}"], r["is_group"]))] = r["n"]
    scale_counts = {}
    for r in (
        answers.filter(question__qtype=Question.Type.RATING)
        .annotate(is_group=_is_group("response__"))
        .values("question_id", "value_number", group, "is_group")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        scale_counts[(r["question_id"], int(r["value_number"]), _key(r[group], r["is_group"]))] = r["n"]

    groups = _groups(dimension, seen)
    result = {}
    for block in blocks:
        for item in block["questions"]:
            q = item["question"]
            stats_by_group = per_question.get(q.pk, {})
            columns = [o["label"] for o in item.get("options", [])]
            rows = []
            for key, label in groups:
                stats = stats_by_group.get(key)
                if not stats:
                    continue
                n = stats["n"]
                if q.has_choices:
                    counts = [choice_counts.get((c.pk, key), 0) for c in q.choices.all()]
                elif q.qtype == Question.Type.RATING:
                    counts = [scale_counts.get((q.pk, v, key), 0) for v in q.scale_values]
                elif q.qtype == Question.Type.YES_NO:
                    counts = [stats["yes"], stats["no"]]
                else:
                    counts = []
                row = {"label": label, "n": n, "cells": [{"count": c, "share": c / n if n else 0} for c in counts]}
                if stats["avg"] is not None:
                    row.update(avg=stats["avg"], min=stats["min"], max=stats["max"])
                rows.append(row)
            result[q.pk] = {"columns": columns, "rows": rows, "numeric": q.qtype in Question.NUMERIC_TYPES}
    return result


def breakdown_chart(item) -> dict:
    """Chart.js data for one question's breakdown: groups on the axis, one dataset per option
    (counts), or the average per group (numbers), or the answers per group (text, dates)."""
    table = item["breakdown"]
    labels = [row["label"] for row in table["rows"]]
    if table["columns"]:
        datasets = [
            {"label": column, "data": [row["cells"][i]["count"] for row in table["rows"]]}
            for i, column in enumerate(table["columns"])
        ]
    elif table["numeric"]:
        datasets = [{"label": "Average", "data": [round(row.get("avg") or 0, 2) for row in table["rows"]]}]
    else:
        datasets = [{"label": "Answers", "data": [row["n"] for row in table["rows"]]}]
    return {"id": f"chart-by-q{item['question'].pk}", "labels": labels, "datasets": datasets}
