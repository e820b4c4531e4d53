"""Coordination at the issue's sizes (issue #10): 2,000 organizations, 3,000 partnerships,
30,000 engagements and 60,000 action items across the six OOBC regions, bulk-created. Times:

- every list page and API list (a regional officer), p95 < 150 ms;
- the calendar month view's data (JSON), p95 < 150 ms;
- a one-year iCalendar feed of a regional officer, < 500 ms;
- the 3W matrix for all six regions (administrator), p95 < 500 ms.
"""

from __future__ import annotations

import random
import time as clock
from datetime import date, datetime, time, timedelta

from harness import Measurement, Timing, folded

ORGANIZATIONS = 2000
PARTNERSHIPS = 3000
ENGAGEMENTS = 30000
ACTION_ITEMS = 60000
OOBC_REGIONS = ["0900000000", "1000000000", "1100000000", "1200000000", "1600000000", "1700000000"]


def _generate(admin, officer):
    from django.utils import timezone

    from common.models import Municipality
    from coordination import models as m
    from coordination.services import name_key

    rnd = random.Random(10)
    munis = list(
        Municipality.objects.for_cascade().filter(province__region__code__in=OOBC_REGIONS).select_related("province")
    )
    sectors = [s for s, _ in m.Sector.choices]
    orgs = m.Organization.objects.bulk_create(
        folded([
            m.Organization(name=f"Bench organization {i}", name_key=name_key(f"Bench organization {i}"),
                           acronym=f"BO{i}", acronym_key=name_key(f"BO{i}"), is_nationwide=i < 20,
                           org_type=rnd.choice(m.OrganizationType.values), created_by=admin)
            for i in range(ORGANIZATIONS)
        ]),
        batch_size=1000,
    )  # fmt: skip
    org_areas, org_sectors = [], []
    for org in orgs:
        for mu in rnd.sample(munis, 2):
            org_areas.append(m.OrganizationArea(organization=org, region_id=mu.province.region_id,
                                                province_id=mu.province_id, municipality_id=mu.pk))  # fmt: skip
        org_sectors += [m.OrganizationSector(organization=org, sector=s) for s in rnd.sample(sectors, 2)]
    m.OrganizationArea.objects.bulk_create(org_areas, batch_size=5000)
    m.OrganizationSector.objects.bulk_create(org_sectors, batch_size=5000)

    today = timezone.localdate()
    partnerships = m.Partnership.objects.bulk_create(
        folded([
            m.Partnership(kind="moa", title=f"Bench agreement {i}", status=rnd.choice(["active", "active", "draft",
                          "negotiation", "expired"]), effective_date=today - timedelta(days=rnd.randint(30, 700)),
                          expiry_date=today + timedelta(days=rnd.randint(-100, 700)), owner=officer, created_by=admin)
            for i in range(PARTNERSHIPS)
        ]),
        batch_size=1000,
    )  # fmt: skip
    p_areas, parties = [], []
    for p in partnerships:
        mu = rnd.choice(munis)
        p_areas.append(m.PartnershipArea(partnership=p, region_id=mu.province.region_id, province_id=mu.province_id))
        for org in rnd.sample(orgs, 2):
            parties.append(m.PartnershipParty(partnership=p, organization=org))
    m.PartnershipArea.objects.bulk_create(p_areas, batch_size=5000)
    m.PartnershipParty.objects.bulk_create(parties, batch_size=5000)

    tz = timezone.get_current_timezone()
    engagements = m.Engagement.objects.bulk_create(
        folded([
            m.Engagement(
                kind="meeting", title=f"Bench engagement {i}", status=rnd.choice(["planned", "held", "documented"]),
                starts_at=datetime.combine(today + timedelta(days=rnd.randint(-365, 365)), time(9), tzinfo=tz),
                region_id=mu.province.region_id, province_id=mu.province_id, municipality_id=mu.pk, lead=officer,
                created_by=admin,
            )
            for i, mu in enumerate(rnd.choice(munis) for _ in range(ENGAGEMENTS))
        ]),
        batch_size=2000,
    )  # fmt: skip
    through = m.Engagement.organizations.through
    through.objects.bulk_create(
        [through(engagement_id=e.pk, organization_id=o.pk) for e in engagements for o in rnd.sample(orgs, 2)],
        batch_size=5000,
    )
    items = []
    for i in range(ACTION_ITEMS):
        e = engagements[i % ENGAGEMENTS]
        due = today + timedelta(days=rnd.randint(-60, 300))
        items.append(m.ActionItem(engagement=e, title=f"Bench action {i}", owner=admin if i % 50 else officer,
                                  due_date=due, region_id=e.region_id, province_id=e.province_id,
                                  municipality_id=e.municipality_id, created_by=admin))  # fmt: skip
    m.ActionItem.objects.bulk_create(folded(items), batch_size=5000)


def run(h):
    from common.access import PROGRAM_OFFICER
    from common.models import Region

    admin = h.user("bench-coordination-admin", superuser=True)
    officer = h.user("bench-coordination-officer", roles=[PROGRAM_OFFICER],
                     regions=list(Region.objects.filter(code="0900000000")))  # fmt: skip
    _, t, _ = h.time_call(lambda: _generate(admin, officer))
    results = [h.measure("Generate 2,000 orgs, 3,000 partnerships, 30,000 engagements, 60,000 actions", t)]
    return results + measure(h, admin, officer)


def measure(h, admin, officer):
    from coordination import services

    results = []
    client = h.client(officer)
    pages = [
        ("Organization list page", "/coordination/organizations/"),
        ("Partnership list page", "/coordination/partnerships/"),
        ("Engagement list page", "/coordination/engagements/"),
        ("Action item list page", "/coordination/actions/"),
        ("My action items page", "/coordination/actions/mine/"),
        ("API organizations list", "/api/v1/coordination/organizations/"),
        ("API partnerships list", "/api/v1/coordination/partnerships/"),
        ("API engagements list", "/api/v1/coordination/engagements/"),
        ("API action items list", "/api/v1/coordination/action-items/"),
    ]
    for name, url in pages:
        timing = h.time_get(client, url, n=30)
        results.append(h.measure(f"{name} (Region IX officer)", timing, target_ms=150))
    today = date.today()
    start = today.replace(day=1) - timedelta(days=7)
    timing = h.time_get(client, f"/calendar/events/?start={start}&end={start + timedelta(days=42)}", n=30)
    results.append(h.measure("Calendar month data (Region IX officer)", timing, target_ms=150))
    token = services.feed_token(user=officer).token
    timing = h.time_get(h.client(), f"/calendar/feed/{token}.ics", n=5, warmup=1)
    results.append(h.measure("iCalendar feed, one year, cached (Region IX officer)", timing, target_ms=500))
    # The feed is cached per user and token: time its build too (the cache emptied before each sample).
    from django.core.cache import cache

    built, feed_client = Timing(), h.client()
    for _ in range(5):
        cache.delete(f"coordination:feed:{officer.pk}:{token}")
        started, cpu = clock.perf_counter(), clock.process_time()
        response = feed_client.get(f"/calendar/feed/{token}.ics")
        built.samples_ms.append((clock.perf_counter() - started) * 1000)
        built.cpu_ms.append((clock.process_time() - cpu) * 1000)
        assert response.status_code == 200
    results.append(h.measure("iCalendar feed, one year, first build (Region IX officer)", built, target_ms=500))
    admin_client = h.client(admin)
    timing = h.time_get(admin_client, "/coordination/who-does-what-where/?level=province", n=10, warmup=1)
    results.append(h.measure("3W matrix, all six regions (administrator)", timing, target_ms=500))
    return results


__all__ = ["Measurement", "run"]
