"""`make bench-load` (and the end of `make bench`): a bounded load run and a fault run on the real stack.

    .venv/bin/python bench/load.py [--users 50] [--duration 180] [--pg-restart yes|no] [--keep]

Everything runs on loopback and stops by itself:

* PostgreSQL: a database of its own (``obcms_bench``, dropped and created again);
* Redis: a redis-server of its own on a free port (broker db 10, cache db 11) — never the shared 6379;
* a Celery worker, and gunicorn with DEBUG=False and the repository's gunicorn.conf.py (workers are
  not recycled during the run, so memory growth shows);
* locust, headless: ``--users`` signed-in officers for ``--duration`` seconds on a mix of lists,
  profiles, the dashboard, the Add form, the location cascade, API reads and API writes (JWT).

Phase 1 (steady): p50/p95/p99 and errors per request kind, gunicorn workers' RSS at boot, after a
30 s warm-up and at the end (target: growth <= 25 % from warm-up to end, 0 errors).
Phase 2 (faults): the same load; Redis is stopped for 30 s, then PostgreSQL is restarted once
(``pg_ctlcluster --skip-systemctl-redirect <v> main restart``; ``--pg-restart no`` skips it, e.g. on a
machine shared with others' tests). Errors per window, time to the first success after each fault,
and every create answered 2xx looked up in the database afterwards (lost writes: target 0).

Figures go to the "Load and fault run" section of docs/benchmarks.md (the rest of the file is
bench/run.py's). Settings: bench/load_settings.py (production settings, cookies without the Secure
flag because loopback has no TLS).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
BENCH = ROOT / "bench"
REPORT = ROOT / "docs" / "benchmarks.md"
START_MARK = "<!-- load-run:start (bench/load.py) -->"
END_MARK = "<!-- load-run:end -->"
PG_ADMIN = os.environ.get("PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432")
DB = "obcms_bench"
PASSWORD = "bench-load-" + secrets.token_urlsafe(8)
REGIONS = ["IX", "X", "XI", "XII"]


def say(message: str) -> None:
    print(f"[load {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, seconds: float, what: str) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        try:
            if check():
                return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.25)
    raise SystemExit(f"timed out after {seconds:.0f} s waiting for {what}")


def http_ok(url: str) -> bool:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status == 200


def psql(sql: str, database: str = "postgres") -> str:
    return subprocess.run(
        ["psql", f"{PG_ADMIN}/{database}", "-qAtc", sql],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout


# --- seed (child process with Django) -------------------------------------------------------------
def seed(communities: int, users: int, out: Path) -> None:
    sys.path[:0] = [str(SRC), str(BENCH)]
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from common.access import PROGRAM_OFFICER
    from common.models import Barangay, Region, User
    from communities.models import BarangayOBC

    started = time.monotonic()
    call_command("collectstatic", verbosity=0, interactive=False)
    call_command("migrate", verbosity=0, interactive=False)
    call_command("setup_roles", verbosity=0)
    call_command("populate_administrative_hierarchy", regions=REGIONS, verbosity=0)
    call_command("generate_sample_communities", count=communities, regions=REGIONS, seed=10, verbosity=0)
    regions = list(Region.objects.filter(short_name__in=REGIONS))
    officers = Group.objects.get(name=PROGRAM_OFFICER)
    accounts = []
    template = User(username="template")
    template.set_password(PASSWORD)  # one hash for every account (hashing 50 times costs a minute here)
    for i in range(1, users + 1):
        user = User.objects.create(username=f"load-officer-{i:02d}", password=template.password)
        user.groups.add(officers)
        user.regions.set(regions)
        accounts.append({"username": user.username, "password": PASSWORD})
    fixture = {
        "users": accounts,
        "regions": [r.code for r in regions],
        "communities": list(BarangayOBC.objects.order_by("?").values_list("pk", flat=True)[:500]),
        # Pages that exist from the start (50 rows a page): a page past the end is a 404, not load.
        "pages": max(1, min(20, BarangayOBC.objects.count() // 50)),
        "barangays": list(
            Barangay.objects.filter(population__gte=2000, municipality__province__region__in=regions)
            .order_by("?")
            .values_list("code", flat=True)[:2000]
        ),
    }
    (out / "fixture.json").write_text(json.dumps(fixture))
    print(f"seeded in {time.monotonic() - started:.0f} s: {len(fixture['barangays'])} barangays to create in")


# --- processes ------------------------------------------------------------------------------------
class Stack:
    def __init__(self, work: Path, env: dict, redis_port: int):
        self.work, self.env, self.redis_port = work, env, redis_port
        self.procs: dict[str, subprocess.Popen] = {}

    def start(self, name: str, argv: list[str], cwd: Path = SRC) -> subprocess.Popen:
        log = (self.work / f"{name}.log").open("a")
        proc = subprocess.Popen(
            argv, env=self.env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.procs[name] = proc
        return proc

    def stop(self, name: str) -> None:
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    def start_redis(self) -> None:
        self.start(
            "redis",
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.redis_port), "--save", "", "--appendonly", "no"],
        )
        wait_for(self._redis_up, 20, "redis-server")

    def _redis_up(self) -> bool:
        with socket.create_connection(("127.0.0.1", self.redis_port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")

    def stop_all(self) -> None:
        for name in list(self.procs):
            self.stop(name)


def worker_rss_mb(master_pid: int) -> tuple[float, int]:
    import psutil

    try:
        children = psutil.Process(master_pid).children()
    except psutil.NoSuchProcess:
        return 0.0, 0
    total = 0
    for child in children:
        try:
            total += child.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total / 2**20, len(children)


# --- analysis -------------------------------------------------------------------------------------
def read_requests(out: Path) -> list[dict]:
    rows = []
    for path in out.glob("requests-*.csv"):
        with path.open() as fh:
            for row in csv.DictReader(fh):
                rows.append(
                    {
                        "t": float(row["t"]),
                        "name": row["name"],
                        "status": int(row["status"]),
                        "ms": float(row["ms"]),
                        "error": row["exception"] == "1" or int(row["status"]) >= 400 or int(row["status"]) == 0,
                    }
                )
    return sorted(rows, key=lambda r: r["t"])


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def latency_table(rows: list[dict]) -> list[str]:
    lines = ["| Request | Count | Errors | p50 | p95 | p99 |", "|---|---:|---:|---:|---:|---:|"]
    names = sorted({r["name"] for r in rows})
    for name in [*names, "All"]:
        subset = rows if name == "All" else [r for r in rows if r["name"] == name]
        ms = [r["ms"] for r in subset]
        label = "**All**" if name == "All" else name
        lines.append(
            f"| {label} | {len(subset):,} | {sum(r['error'] for r in subset)} | {pct(ms, 0.5):,.0f} ms | "
            f"{pct(ms, 0.95):,.0f} ms | {pct(ms, 0.99):,.0f} ms |"
        )
    return lines


def error_summary(rows: list[dict]) -> str:
    counts: dict[str, int] = {}
    for r in rows:
        if r["error"]:
            key = f"{r['name']} → {r['status'] or 'no answer'}"
            counts[key] = counts.get(key, 0) + 1
    return ", ".join(f"{k}: {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1])[:8]) or "none"


def run_locust(out: Path, env: dict, base: str, users: int, duration: int, name: str) -> None:
    for stale in out.glob("requests-*.csv"):
        stale.unlink()
    for stale in out.glob("created-*.csv"):
        stale.rename(stale.with_name(f"{name}-{stale.name}"))
    argv = [
        str(Path(sys.executable).with_name("locust")),
        "-f",
        str(BENCH / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        "10",
        "--run-time",
        f"{duration}s",
        "--stop-timeout",
        "10",
        "--host",
        base,
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    with (out.parent / f"locust-{name}.log").open("w") as log:
        subprocess.run(
            argv, env={**env, "LOAD_OUT": str(out)}, stdout=log, stderr=subprocess.STDOUT, timeout=duration + 120
        )


def lost_writes(out: Path) -> tuple[int, int]:
    created = []
    for path in out.glob("*created-*.csv"):
        with path.open() as fh:
            created += [int(row["id"]) for row in csv.DictReader(fh)]
    if not created:
        return 0, 0
    found = psql(f"SELECT count(*) FROM communities_barangayobc WHERE id IN ({','.join(map(str, created))})", DB)
    return len(created), int(found.strip())


# --- the run --------------------------------------------------------------------------------------
def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=180, help="seconds per phase")
    parser.add_argument("--communities", type=int, default=2000)
    parser.add_argument("--pg-restart", choices=["yes", "no"], default="yes")
    parser.add_argument("--redis-down-at", type=int, default=40)
    parser.add_argument("--redis-down-for", type=int, default=30)
    parser.add_argument("--pg-restart-at", type=int, default=100)
    parser.add_argument("--no-report", action="store_true", help="print the figures; leave docs/ alone")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--seed-only", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.seed_only:
        seed(args.communities, args.users, Path(args.seed_only))
        return 0

    started_at = datetime.now(UTC)
    work = Path(tempfile.mkdtemp(prefix="obcms-load-"))
    out = work / "out"
    out.mkdir()
    web_port, redis_port = free_port(), free_port()
    base = f"http://127.0.0.1:{web_port}"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "LOG_FILE", "CELERY_TASK_ALWAYS_EAGER"}}
    env.update(
        DJANGO_SETTINGS_MODULE="load_settings",
        PYTHONPATH=str(BENCH),
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="False",
        DATABASE_URL=f"{PG_ADMIN}/{DB}",
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/10",
        CELERY_BROKER_URL=f"redis://127.0.0.1:{redis_port}/10",
        CACHE_REDIS_URL=f"redis://127.0.0.1:{redis_port}/11",
        DATA_DIR=str(work / "data"),
        MEDIA_ROOT=str(work / "data" / "media"),
        BACKUP_DIR=str(work / "backups"),
        STATIC_ROOT=str(work / "static"),
        GUNICORN_BIND=f"127.0.0.1:{web_port}",
        GUNICORN_MAX_REQUESTS="0",
        CELERY_CONCURRENCY="1",
        LOG_LEVEL="WARNING",
    )
    stack = Stack(work, env, redis_port)
    figures: dict = {"users": args.users, "duration": args.duration}
    try:
        say(f"database {DB}, redis-server on {redis_port}, work folder {work}")
        psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        psql(f"CREATE DATABASE {DB}")
        stack.start_redis()
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--seed-only",
                str(out),
                *("--users", str(args.users)),
                *("--communities", str(args.communities)),
            ],
            env=env,
            cwd=SRC,
            check=True,
            timeout=900,
        )
        celery = str(Path(sys.executable).with_name("celery"))
        stack.start("worker", [celery, "-A", "obc_management", "worker", "--loglevel", "WARNING", "--concurrency", "1"])
        web = stack.start(
            "web",
            [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"), "obc_management.wsgi"],
        )
        wait_for(lambda: http_ok(f"{base}/health/"), 90, "gunicorn")
        figures["rss_boot"], figures["workers"] = worker_rss_mb(web.pid)

        # Phase 1: steady load, memory sampled after the warm-up and at the end.
        say(f"steady load: {args.users} users for {args.duration} s")
        samples: list[tuple[float, float]] = []
        done = threading.Event()

        def sample_memory():
            t0 = time.monotonic()
            while not done.wait(5):
                samples.append((time.monotonic() - t0, worker_rss_mb(web.pid)[0]))

        sampler = threading.Thread(target=sample_memory, daemon=True)
        sampler.start()
        run_locust(out, env, base, args.users, args.duration, "steady")
        done.set()
        sampler.join()
        steady = read_requests(out)
        warm = [mb for t, mb in samples if t >= 30]
        figures["rss_warm"] = warm[0] if warm else float("nan")
        figures["rss_end"] = worker_rss_mb(web.pid)[0]
        figures["rss_max"] = max((mb for _, mb in samples), default=float("nan"))
        figures["steady"] = steady

        # Phase 2: the same load with faults.
        say("fault run: Redis stopped for 30 s, then PostgreSQL restarted once")
        events: list[tuple[str, float]] = []
        faults_t0 = [0.0]

        def faults():
            t0 = faults_t0[0]
            time.sleep(max(0, t0 + args.redis_down_at - time.time()))
            events.append(("Redis stopped", time.time()))
            stack.stop("redis")
            time.sleep(args.redis_down_for)
            stack.start_redis()
            events.append(("Redis back", time.time()))
            if args.pg_restart == "yes":
                time.sleep(max(0, t0 + args.pg_restart_at - time.time()))
                version = sorted(os.listdir("/etc/postgresql"))[0]
                events.append(("PostgreSQL restart begins", time.time()))
                subprocess.run(
                    ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
                    check=True,
                    timeout=120,
                )
                events.append(("PostgreSQL back", time.time()))

        faults_t0[0] = time.time()
        fault_thread = threading.Thread(target=faults, daemon=True)
        fault_thread.start()
        run_locust(out, env, base, args.users, args.duration, "faults")
        fault_thread.join(timeout=120)
        figures["faults"] = read_requests(out)
        figures["fault_start"] = faults_t0[0]
        figures["events"] = events
        figures["created"], figures["found"] = lost_writes(out)
        figures["rss_after_faults"] = worker_rss_mb(web.pid)[0]
    finally:
        stack.stop_all()
        try:
            psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        except subprocess.CalledProcessError as error:
            say(f"could not drop {DB}: {error.stderr}")
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    section = report(figures, started_at, args)
    print("\n".join(section))
    if not args.no_report:
        write_section(section)
        say(f"wrote {REPORT.relative_to(ROOT)}")
    failed = (
        sum(r["error"] for r in figures["steady"]) > 0
        or figures["found"] != figures["created"]
        or figures["rss_end"] > 1.25 * figures["rss_warm"]
    )
    return 1 if failed else 0


def windows(rows: list[dict], t0: float, events: list[tuple[str, float]], duration: int) -> list[tuple]:
    """(label, start, end) windows of the fault run, seconds from its start."""
    at = {name: t - t0 for name, t in events}
    cuts = [("before any fault", 0.0, at.get("Redis stopped", duration))]
    if "Redis stopped" in at:
        cuts.append(("Redis stopped", at["Redis stopped"], at.get("Redis back", duration)))
        end = at.get("PostgreSQL restart begins", duration)
        cuts.append(("Redis back, before the PostgreSQL restart", at.get("Redis back", duration), end))
    if "PostgreSQL restart begins" in at:
        back = at.get("PostgreSQL back", duration)
        cuts.append(("PostgreSQL restarting (+5 s)", at["PostgreSQL restart begins"], back + 5))
        cuts.append(("after the restart", back + 5, duration + 30))
    return cuts


def first_success_after(rows: list[dict], t: float) -> float | None:
    for r in rows:
        if r["t"] >= t and not r["error"]:
            return r["t"] - t
    return None


def report(f: dict, started_at: datetime, args) -> list[str]:
    steady, faulty = f["steady"], f["faults"]
    span = (steady[-1]["t"] - steady[0]["t"]) if steady else 1
    growth = (f["rss_end"] / f["rss_warm"] - 1) * 100 if f["rss_warm"] else float("nan")
    lines = [
        START_MARK,
        "## Load and fault run",
        "",
        "Written by `make bench-load` (bench/load.py, also the last step of `make bench`): locust over HTTP on",
        "loopback against gunicorn (DEBUG=False, gunicorn.conf.py, workers not recycled during the run), a",
        "Celery worker, PostgreSQL (database `obcms_bench`) and a redis-server of the run's own; Regions",
        f"IX–XII, {args.communities:,} sample communities, {f['users']} signed-in program officers (session for pages,",
        "JWT for the API). Mix per user: list pages, profiles, dashboard, Add form, location cascade",
        "(3 calls), API list + detail, API create, API update of a record it created; 0.5–2 s between tasks.",
        "",
        f"- Run: {started_at:%Y-%m-%d %H:%M} UTC; {os.cpu_count()} CPU shared with other work on the machine "
        f"(load average at the end: {os.getloadavg()[0]:.1f})",
        "",
        f"### Steady load: {f['users']} users, {f['duration']} s",
        "",
        f"{len(steady):,} requests ({len(steady) / span:,.1f}/s), "
        f"errors: {sum(r['error'] for r in steady)} (target 0): {error_summary(steady)}.",
        "",
        *latency_table(steady),
        "",
        f"gunicorn workers' RSS ({f['workers']} workers, summed): {f['rss_boot']:,.0f} MB at boot, "
        f"{f['rss_warm']:,.0f} MB after the 30 s warm-up, {f['rss_end']:,.0f} MB at the end "
        f"(peak {f['rss_max']:,.0f} MB): growth {growth:+.1f} % (target ≤ 25 %: "
        f"{'met' if growth <= 25 else '**missed**'}).",
        "",
        "### Faults under the same load",
        "",
    ]
    t0 = f["fault_start"]
    for name, t in f["events"]:
        lines.append(f"- {t - t0:5.1f} s: {name}")
    if args.pg_restart == "no":
        lines.append("- PostgreSQL was not restarted in this run (`--pg-restart no`).")
    lines += ["", "| Window | Seconds | Requests | Errors | Error kinds |", "|---|---|---:|---:|---|"]
    for label, start, end in windows(faulty, t0, f["events"], f["duration"]):
        subset = [r for r in faulty if start <= r["t"] - t0 < end]
        lines.append(
            f"| {label} | {start:.0f}–{min(end, f['duration']):.0f} | {len(subset):,} | "
            f"{sum(r['error'] for r in subset)} | {error_summary(subset)} |"
        )
    lines.append("")
    at = dict(f["events"])
    next_fault = {"Redis back": at.get("PostgreSQL restart begins", float("inf")), "PostgreSQL back": float("inf")}
    for name, t in f["events"]:
        if name in next_fault:
            first = first_success_after(faulty, t)
            tail = [r for r in faulty if t + 10 <= r["t"] < next_fault[name]]
            until = "the PostgreSQL restart" if next_fault[name] != float("inf") else "the end"
            lines.append(
                f"- After “{name}”: first success after {first:.1f} s; errors from 10 s after it to {until}: "
                f"{sum(r['error'] for r in tail)}."
                if first is not None
                else f"- After “{name}”: no success before the end."
            )
    lost = f["created"] - f["found"]
    lines += [
        f"- Writes: {f['created']} creates answered 2xx over both phases; {f['found']} found in the database "
        f"afterwards; lost: {lost} (target 0).",
        f"- Workers' RSS after the fault run: {f['rss_after_faults']:,.0f} MB.",
        "",
        "Fault run, all requests:",
        "",
        *latency_table(faulty),
        END_MARK,
    ]
    return lines


def write_section(section: list[str]) -> None:
    text = REPORT.read_text() if REPORT.exists() else "# Benchmarks\n"
    if START_MARK in text and END_MARK in text:
        before, rest = text.split(START_MARK, 1)
        after = rest.split(END_MARK, 1)[1]
        text = before + "\n".join(section) + after
    else:
        text = text.rstrip("\n") + "\n\n" + "\n".join(section) + "\n"
    REPORT.write_text(text)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
