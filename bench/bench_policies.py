"""Policies at the issue's sizes (issue #11): 5,000 recommendations, 50,000 evidence links, 20,000
milestones and 200,000 transitions across the six OOBC regions, bulk-created. Times:

- list page and API list (a regional officer), p95 < 150 ms;
- a recommendation's detail page with its evidence chain, p95 < 150 ms;
- the dashboard (executive, every region), p95 < 300 ms;
- a policy brief PDF, < 2 s.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from harness import Measurement, folded

RECOMMENDATIONS = 5000
EVIDENCE_PER = 10
MILESTONES_PER = 4
TRANSITIONS_PER = 40
NEEDS = 600
OOBC_REGIONS = ["0900000000", "1000000000", "1100000000", "1200000000", "1600000000", "1700000000"]


def _generate(admin, officer):
    from django.utils import timezone

    from common.models import Municipality
    from mana.models import Need
    from policies import models as m

    rnd = random.Random(11)
    munis = list(Municipality.objects.filter(province__region__code__in=OOBC_REGIONS).select_related("province"))
    needs = Need.objects.bulk_create(
        [
            Need(region_id=mu.province.region_id, province_id=mu.province_id, category="education",
                 title=f"Bench need {i}", severity=4, urgency=4, feasibility=3, priority_score=rnd.randint(20, 100),
                 created_by=admin)
            for i, mu in enumerate(rnd.choice(munis) for _ in range(NEEDS))
        ],
        batch_size=1000,
    )  # fmt: skip
    statuses = m.Status.values
    tz = timezone.get_current_timezone()
    recs = m.Recommendation.objects.bulk_create(
        folded([
            m.Recommendation(reference=f"PR-2026-{i:05d}", title=f"Bench recommendation {i}", rec_type="program",
                             category=rnd.choice(m.Category.values), sector=rnd.choice(m.Sector.values),
                             scope_level="municipal", problem="Bench problem.", proposed_action="Bench action.",
                             importance=rnd.randint(1, 5), urgency=rnd.randint(1, 5), status=rnd.choice(statuses),
                             budget_amount=rnd.randint(0, 5_000_000), created_by=officer)
            for i in range(RECOMMENDATIONS)
        ]),
        batch_size=1000,
    )  # fmt: skip
    areas, evidence, milestones = [], [], []
    for rec in recs:
        mu = rnd.choice(munis)
        areas.append(m.RecommendationArea(recommendation=rec, region_id=mu.province.region_id,
                                          province_id=mu.province_id, municipality_id=mu.pk))  # fmt: skip
        evidence.append(m.Evidence(recommendation=rec, kind="need", need=rnd.choice(needs), statement="Bench."))
        evidence += [
            m.Evidence(recommendation=rec, kind="external", source_title=f"Source {j}", source_author="Bench",
                       source_year=2024, statement="Bench evidence.")
            for j in range(EVIDENCE_PER - 1)
        ]  # fmt: skip
        milestones += [
            m.ImplementationMilestone(recommendation=rec, title=f"Milestone {j}",
                                      due_date=date.today() + timedelta(days=rnd.randint(-90, 365)))
            for j in range(MILESTONES_PER)
        ]  # fmt: skip
    m.RecommendationArea.objects.bulk_create(areas, batch_size=5000)
    m.Evidence.objects.bulk_create(evidence, batch_size=5000)
    m.ImplementationMilestone.objects.bulk_create(milestones, batch_size=5000)
    start = datetime(2025, 1, 1, tzinfo=tz)
    batch = []
    for rec in recs:
        at = start + timedelta(hours=rnd.randint(0, 2000))
        for j in range(TRANSITIONS_PER):
            at += timedelta(hours=rnd.randint(1, 200))
            pair = statuses[j % len(statuses)], statuses[(j + 1) % len(statuses)]
            batch.append(
                m.RecommendationTransition(
                    recommendation=rec, from_status=pair[0], to_status=pair[1], actor=admin, at=at
                )
            )
        if len(batch) >= 20000:
            m.RecommendationTransition.objects.bulk_create(batch, batch_size=5000)
            batch = []
    m.RecommendationTransition.objects.bulk_create(batch, batch_size=5000)


def run(h):
    from common.access import EXECUTIVE, PROGRAM_OFFICER
    from common.models import Region

    admin = h.user("bench-policies-admin", superuser=True)
    officer = h.user("bench-policies-officer", roles=[PROGRAM_OFFICER],
                     regions=list(Region.objects.filter(code="0900000000")))  # fmt: skip
    executive = h.user("bench-policies-executive", roles=[EXECUTIVE])
    _, t, _ = h.time_call(lambda: _generate(admin, officer))
    results = [h.measure("Generate 5,000 recommendations, 50,000 evidence, 20,000 milestones, 200,000 steps", t)]
    return results + measure(h, officer, executive)


def measure(h, officer, executive):
    from policies.models import Recommendation

    results = []
    client = h.client(officer)
    for name, url in (("Recommendation list page", "/policies/"),
                      ("API recommendations list", "/api/v1/policies/recommendations/")):  # fmt: skip
        results.append(h.measure(f"{name} (Region IX officer)", h.time_get(client, url, n=30), target_ms=150))
    rec = Recommendation.objects.for_user(officer).order_by("pk").first()
    timing = h.time_get(client, rec.get_absolute_url(), n=30)
    results.append(h.measure("Detail page with evidence chain and history (Region IX officer)", timing, target_ms=150))
    exec_client = h.client(executive)
    timing = h.time_get(exec_client, "/policies/dashboard/", n=10, warmup=1)
    results.append(h.measure("Dashboard, every region (executive)", timing, target_ms=300))
    timing = h.time_get(exec_client, f"/policies/recommendations/{rec.pk}/brief.pdf", n=5, warmup=1)
    results.append(h.measure("Policy brief PDF (executive)", timing, target_ms=2000))
    return results


__all__ = ["Measurement", "run"]
