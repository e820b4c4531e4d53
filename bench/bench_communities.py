"""Communities: list pages, API list and dashboard over 5,000 barangay OBC profiles.

Targets (issue #3): list page and API list p95 < 150 ms; dashboard p95 < 300 ms; the number of
queries per list page does not grow with rows (asserted in the test suite; reported here).
Data: ``generate_sample_communities --count 5000 --seed 42`` across Regions IX–XII, through the
real service (validation, ids, roll-ups).
"""

from __future__ import annotations

import time

from harness import Measurement

COUNT = 5000


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


def run(h):
    from django.core.management import call_command

    from common.access import ADMINISTRATOR, PROGRAM_OFFICER
    from common.models import Province, Region
    from communities.models import BarangayOBC

    results = []
    started = time.perf_counter()
    call_command("generate_sample_communities", count=COUNT, seed=42, stdout=open("/dev/null", "w"))  # noqa: SIM115
    seconds = time.perf_counter() - started
    assert BarangayOBC.objects.count() == COUNT
    results.append(
        Measurement(f"Generate {COUNT:,} profiles through the service (bulk)", median_ms=seconds * 1000,
                    p95_ms=seconds * 1000, note="validation, OBC ids and roll-ups included")
    )  # fmt: skip

    national = h.user("bench-admin", superuser=True, roles=[ADMINISTRATOR])
    officer = h.user("bench-officer-ix", roles=[PROGRAM_OFFICER], regions=[Region.objects.get(short_name="IX")])
    admin_client, officer_client = h.client(national), h.client(officer)
    zdn = Province.objects.get(name="Zamboanga del Norte").code

    pages = [
        ("List page, all 5,000 (national user)", admin_client, "/communities/barangays/", 150),
        ("List page, sorted by population, page 40", admin_client,
         "/communities/barangays/?sort=-estimated_obc_population&page=40", 150),
        ("List page, filtered (province + group + text)", admin_client,
         f"/communities/barangays/?province={zdn}&ethnolinguistic_group=sama&q=purok", 150),
        ("List page, Region IX officer", officer_client, "/communities/barangays/", 150),
        ("API list, all 5,000 (national user)", admin_client, "/api/v1/communities/", 150),
        ("API list, filtered by livelihood", admin_client, "/api/v1/communities/?livelihood=fishing", 150),
        ("API list, Region IX officer", officer_client, "/api/v1/communities/", 150),
        ("Municipal coverage list", admin_client, "/communities/municipal/", 150),
        ("Dashboard (national user)", admin_client, "/communities/", 300),
        ("Dashboard (Region IX officer)", officer_client, "/communities/", 300),
        ("API statistics (dashboard figures)", admin_client, "/api/v1/communities/statistics/", 300),
        ("Map points for the dashboard map (all 5,000)", admin_client, "/communities/map-points/", 300),
    ]  # fmt: skip
    for name, client, url, target in pages:
        timing = h.time_get(client, url, n=40)
        note = f"{_queries(client, url)} queries"
        results.append(h.measure(name, timing, target_ms=target, note=note))
    return results
