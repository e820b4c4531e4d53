"""Imports that scale (issue 9, item 5).

Target: 5,000 barangay OBC rows (new rows and updates by OBC ID, mixed) committed in under 30 s, on
SQLite and PostgreSQL (run `BENCH_DATABASE_URL=postgres://... bench/run.py bench_imports` for the
second). Shape: the time per row of the 5,000-row file is no more than 1.5× that of a 1,000-row file
(before the fix it grew with the province: each row rescanned the province's ids).

Each file is read (bounded streaming read, as the `imports.read` job does), planned (the preview)
and committed (one transaction, batch service: validation, ids, audit entries, roll-ups).
Data: 5,000 sample communities in Regions IX-XII already stored; half of each file updates some of
them by OBC ID, half creates new ones by PSGC code (every other code as a number, as Excel stores it).
"""

from __future__ import annotations

import io
import os
import time

import openpyxl
from harness import Measurement

EXISTING = 5000
REGION_CODES = {"0900000000", "1000000000", "1100000000", "1200000000"}
HEADERS = ["OBC ID", "Barangay PSGC code", "Purok/sitio", "Estimated OBC population", "Primary ethnolinguistic group",
           "Data source notes"]  # fmt: skip
TARGET_SECONDS = 30


def _ensure_data():
    from django.core.management import call_command

    from common.models import Barangay
    from common.services.hierarchy import load_hierarchy
    from common.services.psgc_source import read_psgc_package
    from communities.models import BarangayOBC

    if not Barangay.objects.filter(municipality__province__region__code="0900000000").exists():
        load_hierarchy(read_psgc_package(), region_codes=REGION_CODES)
    missing = EXISTING - BarangayOBC.objects.count()
    if missing > 0:
        call_command("generate_sample_communities", count=missing, seed=7, stdout=io.StringIO())


def _workbook(rows: list[list]) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _file(tag: str, n: int, records, codes) -> bytes:
    """n rows: odd rows update ``records`` by OBC ID, even rows create one in ``codes``."""
    rows = []
    for i in range(n):
        if i % 2:
            rows.append([records[i // 2], None, None, None, None, f"Checked by {tag}, row {i}"])
        else:
            code = codes[(i // 2) % len(codes)]
            rows.append([None, int(code) if i % 4 == 0 else code, f"{tag} {i}", 20, "Sama", None])
    return _workbook(rows)


def _run_file(h, spec, admin, tag, content, rows):
    from common.imports.engine import commit_table, preview_table, read_file

    table, read_s, read_mb = h.time_call_rss(lambda: read_file(spec, io.BytesIO(content), f"{tag}.xlsx"))
    preview, plan_s, _ = h.time_call_rss(lambda: preview_table(spec, table, user=admin))
    assert preview.can_commit, preview.file_errors or [(r.line, r.errors) for r in preview.attention_rows[:3]]
    cpu = time.process_time()
    done, commit_s, commit_mb = h.time_call_rss(lambda: commit_table(spec, table, user=admin))
    cpu = time.process_time() - cpu
    assert done.committed, [(r.line, r.errors) for r in done.attention_rows[:3]]
    return read_s, plan_s, commit_s, cpu, max(read_mb, commit_mb)


def run(h):
    from django.db import connection

    from common.imports.engine import get_spec
    from common.models import Barangay
    from communities.models import BarangayOBC

    _ensure_data()
    vendor = connection.vendor
    admin = h.user("bench-import-admin", superuser=True, roles=["Administrator"])
    spec = get_spec("communities.barangay_obc")
    records = list(BarangayOBC.objects.order_by("pk").values_list("obc_id", flat=True)[:3000])
    codes = list(
        Barangay.objects.filter(municipality__province__region__code__in=REGION_CODES, population__gte=2000)
        .order_by("code")
        .values_list("code", flat=True)[:2500]
    )
    results = []
    per_row = {}
    for tag, n, updates in (("bench1k", 1000, records[:500]), ("bench5k", 5000, records[500:3000])):
        content = _file(tag, n, updates, codes)
        read_s, plan_s, commit_s, cpu, peak = _run_file(h, spec, admin, tag, content, n)
        per_row[n] = commit_s / n * 1000
        target = n == 5000
        results.append(Measurement(
            f"Import of {n:,} rows ({n // 2:,} new, {n // 2:,} updates by OBC ID), {vendor}: commit",
            median_ms=round(commit_s * 1000, 1), p95_ms=round(commit_s * 1000, 1), peak_mb=round(peak, 1),
            target=f"< {TARGET_SECONDS} s" if target else "", passed=commit_s < TARGET_SECONDS if target else None,
            note=f"read {read_s:.1f} s, preview {plan_s:.1f} s, commit {commit_s:.1f} s "
                 f"({per_row[n]:.2f} ms a row; {cpu:.1f} s CPU in this process; load average "
                 f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs); {len(content) / 1024:.0f} KB file",
        ))  # fmt: skip
    ratio = per_row[5000] / per_row[1000]
    results.append(Measurement(
        f"Time per committed row, 5,000-row file ÷ 1,000-row file, {vendor}", target="≤ 1.5",
        passed=ratio <= 1.5, note=f"{per_row[5000]:.2f} ms ÷ {per_row[1000]:.2f} ms = {ratio:.2f}",
    ))  # fmt: skip
    return results
