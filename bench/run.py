"""`make bench`: run every bench/bench_*.py module and write docs/benchmarks.md.

Uses a fresh SQLite database in bench/out/ (set BENCH_DATABASE_URL for PostgreSQL), never the
development database. Usage: `make bench` or `.venv/bin/python bench/run.py [module ...]`.
"""

from __future__ import annotations

import importlib
import os
import platform
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
REPORT = ROOT / "docs" / "benchmarks.md"


def setup_django() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "obc_management.settings")
    os.environ["DATA_DIR"] = str(OUT)
    os.environ.pop("DATABASE_URL", None)
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    os.environ["AXES_ENABLED"] = "False"
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    os.environ["API_THROTTLE_USER"] = "1000000/min"
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next(line.split(":", 1)[1].strip() for line in fh if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            mem = f"{int(fh.readline().split()[1]) / 2**20:.0f} GiB RAM"
    except OSError:
        pass
    from django.db import connection

    load = ""
    if hasattr(os, "getloadavg"):
        # Other work on the machine slows every figure; the load average says how much there was.
        load = f", load average {os.getloadavg()[1]:.1f} over the last 5 minutes of the run"
    return (
        f"{os.cpu_count()} CPU ({cpu}), {mem}, Python {platform.python_version()}, database {connection.vendor}{load}"
    )


def fmt(value, unit=""):
    return "—" if value is None else f"{value:,.1f}{unit}"


def _existing_sections() -> dict[str, list[str]]:
    """Sections of the current report by title, so a run of some modules keeps the others' figures."""
    if not REPORT.exists():
        return {}
    from load import START_MARK

    sections, title = {}, None
    for line in REPORT.read_text().splitlines():
        if line.startswith(START_MARK):
            break  # the load run's section is kept whole by _load_run_section (else it is written twice)
        if line.startswith("## "):
            title = line[3:].strip()
            sections[title] = []
        elif title is not None:
            sections[title].append(line)
    return sections


def _section_lines(measurements) -> list[str]:
    lines = [
        "",
        "| Measurement | Median | p95 | Samples | Peak memory | Target | Met |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for m in measurements:
        met = {True: "yes", False: "**no**", None: ""}[m.passed]
        lines.append(
            f"| {m.name} | {fmt(m.median_ms, ' ms')} | {fmt(m.p95_ms, ' ms')} | {m.samples} | "
            f"{fmt(m.peak_mb, ' MB')} | {m.target} | {met} |"
        )
    notes = [f"- {m.name}: {m.note}" for m in measurements if m.note]
    return lines + (["", *notes, ""] if notes else [""])


def write_report(sections, machine_line, seconds) -> None:
    """Write the report; sections not run this time keep their previous figures (and say when)."""
    merged = _existing_sections()
    stamp = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    for title, measurements in sections:
        merged[title] = ["", f"_Run {stamp} on {machine_line}._", *_section_lines(measurements)]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (bench/run.py); do not edit by hand. Targets come from the issues; times are",
        "wall-clock on the machine below, measured in-process with Django's test client (no network hop).",
        "`bench/run.py MODULE...` re-runs some modules and keeps the other sections as they were.",
        "",
        f"- Last run: {stamp}, {seconds:.0f} s, modules: {', '.join(t for t, _ in sections)}",
        f"- Machine: {machine_line}",
        "",
    ]
    for title, body in merged.items():
        while body and not body[-1].strip():
            body = body[:-1]
        lines += [f"## {title}", *body, ""]
    kept = _load_run_section()
    if kept:
        lines += [kept, ""]
    REPORT.write_text("\n".join(lines))


def _load_run_section() -> str:
    """The "Load and fault run" section written by bench/load.py, kept as it is."""
    from load import END_MARK, START_MARK

    text = REPORT.read_text() if REPORT.exists() else ""
    if START_MARK not in text or END_MARK not in text:
        return ""
    return START_MARK + text.split(START_MARK, 1)[1].split(END_MARK, 1)[0] + END_MARK


def main(argv: list[str]) -> int:
    started = time.perf_counter()
    setup_django()
    from harness import Harness

    names = argv or sorted(p.stem for p in (ROOT / "bench").glob("bench_*.py"))
    # The hierarchy benchmark loads the data every other module needs, so it runs first.
    names.sort(key=lambda n: (n != "bench_hierarchy", n))
    if "bench_hierarchy" not in names:
        # The other modules place their records in real municipalities: load them (not measured).
        from django.core.management import call_command

        call_command("populate_administrative_hierarchy", verbosity=0)
    sections, failed = [], False
    h = Harness()
    for name in names:
        print(f"== {name}", flush=True)
        measurements = importlib.import_module(name).run(h)
        for m in measurements:
            verdict = "" if m.passed is None else ("OK" if m.passed else "MISSED")
            print(
                f"   {m.name}: median {fmt(m.median_ms)} ms, p95 {fmt(m.p95_ms)} ms, {m.target} {verdict}", flush=True
            )
            failed |= m.passed is False
        from django.db import connection

        title = name.removeprefix("bench_").replace("_", " ").capitalize()
        sections.append((title if connection.vendor == "sqlite" else f"{title} ({connection.vendor})", measurements))
    write_report(sections, machine(), time.perf_counter() - started)
    print(f"Wrote {REPORT.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
