"""Every main page, one user and four concurrent users (issue 9, item 11).

Targets: p95 < 50 ms for one user and < 150 ms with four users at once, with the national
hierarchy and 5,000 barangay OBCs loaded (and the MANA data of bench_mana). Runs after
bench_communities and bench_mana, which load that data; run alone, it generates it.

One user: ``Harness.time_get`` (sequential). Four users: four processes forked from the bench (as
gunicorn forks its workers), each with its own signed-in client, database connection and
interpreter, first request the page once (a long-running worker's database connection is warm;
a forked child's is new), then all at once ``ROUNDS_PER_USER`` times each; every one of those
requests' times counts. In-process clients (no network hop); the machine's two cores are shared by
the four, as they would be by four gunicorn workers.
"""

from __future__ import annotations

import multiprocessing
import time

from harness import Timing

COMMUNITIES = 5000
USERS = 4
ONE_USER_SAMPLES = 30
ROUNDS_PER_USER = 12


def _ensure_data(h):
    from django.core.management import call_command

    from communities.models import BarangayOBC
    from mana.models import Assessment

    if BarangayOBC.objects.count() < COMMUNITIES:
        call_command("generate_sample_communities", count=COMMUNITIES, seed=42, stdout=open("/dev/null", "w"))  # noqa: SIM115
    if not Assessment.objects.exists():
        import bench_mana

        bench_mana._generate(h.user("bench-mana-admin", superuser=True))


def _pages():
    from communities.models import BarangayOBC, MunicipalCoverage, ProvincialCoverage
    from mana.models import Assessment, Instrument, Need, Session

    community = BarangayOBC.objects.order_by("pk").first()
    municipal = MunicipalCoverage.objects.order_by("-community_count").first()
    provincial = ProvincialCoverage.objects.order_by("-community_count").first()
    assessment = Assessment.objects.order_by("pk").first()
    instrument = Instrument.objects.filter(assessment=assessment).first()
    session = Session.objects.filter(assessment=assessment).first()
    need = Need.objects.order_by("pk").first()
    pages = [
        ("Start page", "/"),
        ("Communities dashboard", "/communities/"),
        ("Barangay OBC list", "/communities/barangays/"),
        ("Barangay OBC detail", f"/communities/barangays/{community.pk}/"),
        ("Add Barangay OBC form", "/communities/barangays/add/"),
        ("Edit Barangay OBC form", f"/communities/barangays/{community.pk}/edit/"),
        ("Municipal coverage list", "/communities/municipal/"),
        ("Municipal coverage detail", f"/communities/municipal/{municipal.pk}/"),
        ("Provincial coverage list", "/communities/provincial/"),
        ("Provincial coverage detail", f"/communities/provincial/{provincial.pk}/"),
        ("Import page", "/imports/communities.barangay_obc/"),
        ("MANA assessments", "/mana/"),
        ("Assessment detail", f"/mana/assessments/{assessment.pk}/"),
        ("Assessment analysis", f"/mana/assessments/{assessment.pk}/analysis/"),
        ("Participants", f"/mana/assessments/{assessment.pk}/participants/"),
        ("Responses", f"/mana/assessments/{assessment.pk}/responses/"),
        ("Needs register", "/mana/needs/"),
        ("Prioritisation board", "/mana/needs/board/"),
        ("Need detail", f"/mana/needs/{need.pk}/"),
        ("New assessment form", "/mana/assessments/new/"),
        ("My jobs", "/jobs/"),
        ("Change password", "/accounts/password_change/"),
    ]
    if instrument is not None:
        pages.append(("Instrument", f"/mana/instruments/{instrument.pk}/"))
    if session is not None:
        pages.append(("Session", f"/mana/sessions/{session.pk}/"))
    return pages


def _user_rounds(client, url: str, start, results) -> None:
    """One forked user: wait for the others, request ``url`` ``ROUNDS_PER_USER`` times, send back the times."""
    from django.db import connections

    samples, errors = [], []
    try:
        client.get(url)  # a running worker's connection is open and warm (CONN_MAX_AGE); this child's is new
        start.wait()
        for _ in range(ROUNDS_PER_USER):
            started = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                errors.append(f"{url} answered {response.status_code}")
    except Exception as exc:  # reported by the parent, never swallowed
        errors.append(f"{url}: {exc!r}")
    finally:
        connections.close_all()
        results.put((samples, errors))


def _concurrent(h, user, url: str) -> Timing:
    """``USERS`` forked processes request ``url`` ``ROUNDS_PER_USER`` times each, all at once."""
    from django.db import connections

    clients = [h.client(user) for _ in range(USERS)]
    for client in clients:  # warm each client's session
        client.get(url)
    connections.close_all()  # each child opens its own connection
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(USERS), context.Queue()
    children = [context.Process(target=_user_rounds, args=(client, url, start, results)) for client in clients]
    for child in children:
        child.start()
    timing, errors = Timing(), []
    for _ in children:
        samples, child_errors = results.get(timeout=600)
        timing.samples_ms.extend(samples)
        errors.extend(child_errors)
    for child in children:
        child.join()
    if errors:
        raise AssertionError(errors[0])
    if len(timing.samples_ms) != USERS * ROUNDS_PER_USER:
        raise AssertionError(f"{url}: {len(timing.samples_ms)} of {USERS * ROUNDS_PER_USER} requests timed")
    return timing


def _cpu_ms(client, url: str, n: int = 10) -> float:
    samples = []
    for _ in range(n):
        started = time.process_time()
        client.get(url)
        samples.append((time.process_time() - started) * 1000)
    return sorted(samples)[len(samples) // 2]


def _queries(client, url: str) -> int:
    """Queries of one (warm) request, counted at the cursor (the test client reconnects per request)."""
    from django.db import connection

    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        client.get(url)
    return count


def run(h):
    from common.access import ADMINISTRATOR

    _ensure_data(h)
    user = h.user("bench-pages-admin", superuser=True, roles=[ADMINISTRATOR])
    client = h.client(user)
    results = []
    for name, url in _pages():
        one = h.time_get(client, url, n=ONE_USER_SAMPLES)
        note = f"{url}; CPU {_cpu_ms(client, url):.1f} ms per request (median), {_queries(client, url)} queries"
        results.append(h.measure(f"{name}, 1 user", one, target_ms=50, note=note))
        four = _concurrent(h, user, url)
        results.append(h.measure(f"{name}, {USERS} users at once", four, target_ms=150))
    return results
