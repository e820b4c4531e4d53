"""MANA: analysis page and prioritisation board at scale (issue #5).

Generates 200 assessments, 20,000 participants (100 each, with consent), 200,000 answers
(100 submitted responses × 10 questions per assessment, all question types, with choice links)
and 20 needs per assessment, with bulk_create. Then times:

- the assessment analysis page (aggregates in the database), p95 target < 500 ms;
- the needs prioritisation board (Region IX officer, ranked top 50), p95 target < 200 ms.
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from decimal import Decimal

from harness import Measurement

ASSESSMENTS = 200
PARTICIPANTS_PER_ASSESSMENT = 100
NEEDS_PER_ASSESSMENT = 20

QUESTIONS = [
    ("Purok", "short_text", ()),
    ("Main problem", "long_text", ()),
    ("Household size", "number", ()),
    ("Water source", "single_choice", ("Well", "Piped", "River", "Rain")),
    ("Missing services", "multiple_choice", ("Clinic", "School", "Road", "Market", "Madrasah")),
    ("Satisfaction", "rating", ()),
    ("Trust in LGU", "rating", ()),
    ("Last flood", "date", ()),
    ("Has a madrasah", "yes_no", ()),
    ("Livelihood", "single_choice", ("Fishing", "Farming", "Trade", "Wage work")),
]


def _generate(admin):
    from common.models import Municipality
    from mana import models as m
    from mana.services.needs import priority_score
    from mana.services.needs import weights_for as _weights

    rnd = random.Random(5)
    munis = list(
        Municipality.objects.for_cascade()
        .filter(province__region__code__in=["0900000000", "1200000000"])
        .select_related("province")
    )
    assessments = m.Assessment.objects.bulk_create(
        [
            m.Assessment(
                title=f"Bench MANA {i}",
                level="municipal",
                municipality=mu,
                province=mu.province,
                region_id=mu.province.region_id,
                status="analysis",
                methods=["survey"],
                lead=admin,
                start_date=date(2026, 1, 1) + timedelta(days=i),
            )
            for i, mu in enumerate(rnd.choice(munis) for _ in range(ASSESSMENTS))
        ]
    )
    instruments = m.Instrument.objects.bulk_create(
        [m.Instrument(assessment=a, title="Household survey") for a in assessments]
    )
    versions = m.InstrumentVersion.objects.bulk_create(
        [m.InstrumentVersion(instrument=ins, number=1, status="published") for ins in instruments]
    )
    questions = m.Question.objects.bulk_create(
        [
            m.Question(version=v, order=k, text=text, qtype=qtype, required=True)
            for v in versions
            for k, (text, qtype, _) in enumerate(QUESTIONS)
        ]
    )
    choices = m.Choice.objects.bulk_create(
        [m.Choice(question=q, label=label, order=k) for q in questions for k, label in enumerate(QUESTIONS[q.order][2])]
    )
    choices_of = {}
    for c in choices:
        choices_of.setdefault(c.question_id, []).append(c.pk)
    sessions = m.Session.objects.bulk_create(
        [
            m.Session(assessment=a, version=v, title="Survey", status="closed")
            for a, v in zip(assessments, versions, strict=True)
        ]
    )
    now = time.time()
    from django.utils import timezone

    consent_at = timezone.now()
    participants = m.Participant.objects.bulk_create(
        [
            m.Participant(
                assessment=a,
                name=f"Participant {a.pk}-{k}",
                sex=rnd.choice(["female", "male"]),
                consent_given_by="self",
                consent_method="written",
                consent_at=consent_at,
            )
            for a in assessments
            for k in range(PARTICIPANTS_PER_ASSESSMENT)
        ],
        batch_size=2000,
    )
    by_assessment = {}
    for p in participants:
        by_assessment.setdefault(p.assessment_id, []).append(p)
    responses = m.Response.objects.bulk_create(
        [
            m.Response(assessment=a, session=s, version=v, participant=p, status="submitted", submitted_at=consent_at)
            for a, s, v in zip(assessments, sessions, versions, strict=True)
            for p in by_assessment[a.pk]
        ],
        batch_size=2000,
    )
    qs_of_version = {}
    for q in questions:
        qs_of_version.setdefault(q.version_id, []).append(q)
    answers, picks = [], []
    for r in responses:
        for q in qs_of_version[r.version_id]:
            a = m.Answer(response=r, question=q)
            if q.qtype == "short_text":
                a.value_text = f"Purok {rnd.randint(1, 7)}"
            elif q.qtype == "long_text":
                a.value_text = rnd.choice(["No clean water", "No clinic", "Flooding", "No school nearby"])
            elif q.qtype == "number":
                a.value_number = rnd.randint(1, 12)
            elif q.qtype == "rating":
                a.value_number = rnd.randint(1, 5)
            elif q.qtype == "date":
                a.value_date = date(2025, 1, 1) + timedelta(days=rnd.randint(0, 364))
            elif q.qtype == "yes_no":
                a.value_bool = rnd.random() < 0.4
            answers.append(a)
            if q.qtype == "single_choice":
                picks.append((len(answers) - 1, [rnd.choice(choices_of[q.pk])]))
            elif q.qtype == "multiple_choice":
                picks.append((len(answers) - 1, rnd.sample(choices_of[q.pk], rnd.randint(1, 3))))
    answers = m.Answer.objects.bulk_create(answers, batch_size=5000)
    links = [m.AnswerChoice(answer_id=answers[i].pk, choice_id=c) for i, ids in picks for c in ids]
    m.AnswerChoice.objects.bulk_create(links, batch_size=5000)
    categories = [c for c, _ in m.NeedCategory.choices]
    weights = {c: _weights(c) for c in categories}
    needs = []
    for a in assessments:
        for k in range(NEEDS_PER_ASSESSMENT):
            cat = rnd.choice(categories)
            s, u, f, pop = rnd.randint(1, 5), rnd.randint(1, 5), rnd.randint(1, 5), rnd.randint(20, 8000)
            needs.append(
                m.Need(
                    assessment=a,
                    region_id=a.region_id,
                    province_id=a.province_id,
                    category=cat,
                    title=f"Need {a.pk}-{k}",
                    severity=s,
                    urgency=u,
                    feasibility=f,
                    affected_population=pop,
                    vote_count=rnd.randint(0, 30),
                    priority_score=priority_score(
                        severity=s, urgency=u, feasibility=f, affected_population=pop, weights=weights[cat]
                    ),
                    cost_estimate=Decimal(rnd.randint(1, 500)) * 10000,
                )
            )
    m.Need.objects.bulk_create(needs, batch_size=2000)
    return assessments, len(participants), len(answers), len(links), time.time() - now


def run(h):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from common.access import PROGRAM_OFFICER
    from common.models import Municipality, Region
    from mana.models import Answer

    if not Municipality.objects.filter(province__region__code="0900000000").exists():
        # Run alone (`bench/run.py bench_mana`): load the two test regions only.
        from common.services.hierarchy import load_hierarchy
        from common.services.psgc_source import read_psgc_package

        load_hierarchy(read_psgc_package(), region_codes={"0900000000", "1200000000"})
    admin = h.user("bench-mana-admin", superuser=True)
    officer = h.user(
        "bench-mana-officer", roles=[PROGRAM_OFFICER], regions=list(Region.objects.filter(code="0900000000"))
    )
    started = time.perf_counter()
    assessments, n_participants, n_answers, n_links, _ = _generate(admin)
    generate_s = time.perf_counter() - started
    assert Answer.objects.count() >= 200_000, Answer.objects.count()

    results = [
        Measurement(
            f"Generate {len(assessments)} assessments, {n_participants:,} participants, {n_answers:,} answers "
            f"({n_links:,} choice links), {len(assessments) * NEEDS_PER_ASSESSMENT:,} needs",
            median_ms=round(generate_s * 1000, 1),
            p95_ms=round(generate_s * 1000, 1),
            note="bulk_create, one run",
        )
    ]

    client = h.client(admin)
    picks = [assessments[i] for i in (0, 57, 123, 199)]
    timing = None
    for a in picks:
        t = h.time_get(client, f"/mana/assessments/{a.pk}/analysis/", n=10, warmup=1)
        timing = t if timing is None else type(t)(timing.samples_ms + t.samples_ms)
    with CaptureQueriesContext(connection) as ctx:
        client.get(f"/mana/assessments/{picks[0].pk}/analysis/")
    results.append(
        h.measure(
            "Assessment analysis page (100 responses, 1,000 answers in an assessment of 200,000)",
            timing,
            target_ms=500,
            note=f"{len(ctx.captured_queries)} queries per page, constant in the number of answers (tested)",
        )
    )

    for by in ("sex", "community"):
        timing = None
        for a in picks:
            t = h.time_get(client, f"/mana/assessments/{a.pk}/analysis/?by={by}", n=10, warmup=1)
            timing = t if timing is None else type(t)(timing.samples_ms + t.samples_ms)
        with CaptureQueriesContext(connection) as ctx:
            client.get(f"/mana/assessments/{picks[0].pk}/analysis/?by={by}")
        results.append(
            h.measure(
                f"Assessment analysis page broken down by {by} (every question, with charts)",
                timing,
                target_ms=500,
                note=f"{len(ctx.captured_queries)} queries per page (breakdown: 3–4 GROUP BY queries, tested)",
            )
        )

    officer_client = h.client(officer)
    t = h.time_get(officer_client, "/mana/needs/board/", n=40)
    with CaptureQueriesContext(connection) as ctx:
        officer_client.get("/mana/needs/board/")
    results.append(
        h.measure(
            "Needs prioritisation board (Region IX officer, top 50 ranked)",
            t,
            target_ms=200,
            note=f"{len(ctx.captured_queries)} queries",
        )
    )
    t = h.time_get(client, "/mana/needs/board/", n=40)
    results.append(
        h.measure(f"Needs prioritisation board (administrator, all {len(assessments) * 20:,} needs)", t, target_ms=200)
    )
    t = h.time_get(client, "/mana/", n=20)
    results.append(h.measure("Assessment list (first page of 200)", t, target_ms=300))
    reset_queries()
    return results
