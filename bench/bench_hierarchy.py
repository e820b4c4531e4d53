"""Administrative hierarchy: the full PSGC load and the location API that feeds the cascade.

Targets (issue #2): full load of all 42,010 barangays on SQLite < 20 s wall and < 400 MB peak;
a re-run with nothing to do < 5 s; "barangays of a municipality" p95 < 30 ms.
"""

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from harness import Measurement, Timing

SRC = Path(__file__).resolve().parent.parent / "src"


def _manage(*args) -> tuple[float, float, str]:
    """Run manage.py in a child process; return (seconds, peak RSS MB of the child, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=SRC, env=os.environ.copy(), capture_output=True, text=True, check=True
    )
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss for children is the maximum over all waited-for children so far.
    return seconds, max(peak, before) / 1024, done.stdout


def run(h):
    from common.models import Barangay, Municipality, Region

    results = []
    seconds, peak_mb, out = _manage("populate_administrative_hierarchy")
    assert Barangay.objects.count() == 42_010, out
    results.append(
        Measurement(
            "Full load, 18 regions / 42,010 barangays (fresh database)",
            median_ms=seconds * 1000,
            p95_ms=seconds * 1000,
            peak_mb=round(peak_mb, 1),
            target="< 20 s, < 400 MB",
            passed=seconds < 20 and peak_mb < 400,
            note="child process; peak is its max RSS",
        )
    )
    rerun = Timing()
    for _ in range(3):
        s, _peak, out = _manage("populate_administrative_hierarchy")
        assert "Nothing to do" in out, out
        rerun.samples_ms.append(s * 1000)
    results.append(h.measure("Re-run with nothing to do", rerun, target_ms=5000))
    s, _peak, out = _manage("populate_administrative_hierarchy", "--force", "--regions", "IX", "X", "XI", "XII")
    results.append(Measurement("--force over Regions IX–XII (nothing changed)", median_ms=s * 1000, p95_ms=s * 1000))

    user = h.user("bench-officer", superuser=True)
    client = h.client(user)
    region_ix = Region.objects.get(short_name="IX")
    province = region_ix.provinces.get(name="Zamboanga del Norte")
    results.append(h.measure("API: regions", h.time_get(client, "/api/v1/locations/regions/", n=100)))
    results.append(
        h.measure(
            "API: provinces of Region IX",
            h.time_get(client, f"/api/v1/locations/regions/{region_ix.code}/provinces/", n=100),
        )
    )
    results.append(
        h.measure(
            "API: cities/municipalities of Zamboanga del Norte",
            h.time_get(client, f"/api/v1/locations/provinces/{province.code}/municipalities/", n=100),
        )
    )
    # Barangays of a municipality: cycle over 100 cities/municipalities of the coverage regions.
    codes = list(
        Municipality.objects.for_cascade()
        .filter(province__region__short_name__in=["IX", "X", "XI", "XII"])
        .order_by("code")
        .values_list("code", flat=True)[::3][:100]
    )
    timing = Timing()
    for code in codes * 3:
        part = h.time_get(client, f"/api/v1/locations/municipalities/{code}/barangays/", n=1, warmup=0)
        timing.samples_ms += part.samples_ms
    results.append(h.measure(f"API: barangays of a city/municipality ({len(codes)} places × 3)", timing, target_ms=30))
    search = Timing()
    for q in ["dapitan", "Sto. Nino", "koronadal", "zamboanga", "pagadian", "Sta. Cruz", "general santos"] * 5:
        search.samples_ms += h.time_get(client, f"/api/v1/locations/search/?q={q}", n=1, warmup=1).samples_ms
    results.append(h.measure("API: search across 43,786 places", search, note="first query builds the index"))
    return results
