"""Benchmark harness for `make bench`.

`bench/run.py` sets up Django on a throw-away SQLite database in ``bench/out/`` (or on
``BENCH_DATABASE_URL`` when set), loads the full administrative hierarchy, then imports every
``bench/bench_*.py`` module and calls its ``run(h)`` with a :class:`Harness`. Each returns a list
of :class:`Measurement`; the runner writes them all to ``docs/benchmarks.md``.

A module typically:

    def run(h):
        user = h.user("bench-admin", superuser=True)
        client = h.client(user)
        t = h.time_get(client, "/api/v1/locations/regions/", n=100)
        return [h.measure("Regions list", t, target_ms=30)]

Times are wall-clock milliseconds on this machine (printed in the report with CPU and memory).
Targets are checked on p95 (or on the single value for one-shot jobs).
"""

from __future__ import annotations

import statistics
import threading
import time
import tracemalloc
from dataclasses import dataclass, field


@dataclass
class Timing:
    samples_ms: list[float] = field(default_factory=list)
    #: CPU time of this process per sample (time.process_time): what other work on the machine does not inflate.
    cpu_ms: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples_ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    @property
    def n(self) -> int:
        return len(self.samples_ms)


@dataclass
class Measurement:
    name: str
    median_ms: float | None = None
    p95_ms: float | None = None
    samples: int = 1
    peak_mb: float | None = None
    target: str = ""
    passed: bool | None = None
    note: str = ""


class Harness:
    def __init__(self):
        self._users = {}

    # --- setup helpers ---------------------------------------------------------------------
    def user(self, username: str, *, superuser: bool = False, roles=(), regions=()):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        if username in self._users:
            return self._users[username]
        User = get_user_model()
        user, _ = User.objects.get_or_create(username=username, defaults={"is_superuser": superuser})
        user.is_superuser = superuser
        user.is_staff = superuser
        user.set_password("bench-password-123")
        user.save()
        user.groups.set(Group.objects.filter(name__in=roles))
        user.regions.set(regions)
        self._users[username] = user
        return user

    def client(self, user=None):
        from django.test import Client

        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    # --- measuring -------------------------------------------------------------------------
    def time_get(self, client, url: str, *, n: int = 50, warmup: int = 3, expect: int = 200, **extra) -> Timing:
        for _ in range(warmup):
            self._check(client.get(url, **extra), url, expect)
        timing = Timing()
        for _ in range(n):
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(url, **extra)
            timing.samples_ms.append((time.perf_counter() - started) * 1000)
            timing.cpu_ms.append((time.process_time() - cpu) * 1000)
            self._check(response, url, expect)
        return timing

    def time_call(self, fn, *, n: int = 1):
        """Run ``fn`` n times; return (last result, Timing, peak MB of Python allocations)."""
        timing = Timing()
        tracemalloc.start()
        result = None
        try:
            for _ in range(n):
                started = time.perf_counter()
                result = fn()
                timing.samples_ms.append((time.perf_counter() - started) * 1000)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        return result, timing, peak / 2**20

    def time_call_rss(self, fn):
        """Run ``fn`` once; return (result, seconds, peak RSS MB of this process during the call).

        RSS includes native memory (database driver, C extensions) that tracemalloc cannot see.
        """
        import resource

        peak = [0.0]
        done = threading.Event()

        def sample():
            import os

            while not done.is_set():
                try:
                    with open(f"/proc/{os.getpid()}/status") as fh:
                        for line in fh:
                            if line.startswith("VmRSS:"):
                                peak[0] = max(peak[0], int(line.split()[1]) / 1024)
                except OSError:
                    pass
                done.wait(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        started = time.perf_counter()
        try:
            result = fn()
        finally:
            seconds = time.perf_counter() - started
            done.set()
            sampler.join()
        peak_mb = peak[0] or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return result, seconds, peak_mb

    def measure(self, name: str, timing: Timing, *, target_ms: float | None = None, note: str = "") -> Measurement:
        passed = None if target_ms is None else timing.p95 <= target_ms
        if timing.cpu_ms:
            cpu = sorted(timing.cpu_ms)
            p95 = cpu[min(len(cpu) - 1, round(0.95 * (len(cpu) - 1)))]
            cpu_note = f"CPU per request median {statistics.median(cpu):,.1f} ms, p95 {p95:,.1f} ms"
            note = f"{note}; {cpu_note}" if note else cpu_note
        return Measurement(
            name=name,
            median_ms=round(timing.median, 1),
            p95_ms=round(timing.p95, 1),
            samples=timing.n,
            target=f"p95 < {target_ms:g} ms" if target_ms is not None else "",
            passed=passed,
            note=note,
        )

    @staticmethod
    def _check(response, url, expect):
        if response.status_code != expect:
            raise AssertionError(f"GET {url} answered {response.status_code}, expected {expect}")


def folded(objects):
    """Fill each record's folded search column before ``bulk_create`` (which skips ``save()``), so searches
    in the bench match as they do on real data (common/models/search.py)."""
    objects = list(objects)
    for obj in objects:
        obj.refresh_search_folded()
    return objects
