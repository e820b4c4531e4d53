"""Communities export and import (issue #3, items 6-7).

Targets: Excel export of 5,000 barangay OBC rows < 10 s and < 300 MB peak (process RSS).
Also measured, without targets: the same list as CSV, the area report PDF of Region IX, and the
import of 1,000 rows (dry-run preview, then commit through the services).

Data: 5,000 communities across Regions IX-XII from ``generate_sample_communities`` (reused when
another benchmark module already made them).
"""

from __future__ import annotations

import io
import time

from harness import Measurement

TARGET_ROWS = 5000
REGION_CODES = {"0900000000", "1000000000", "1100000000", "1200000000"}


def _ensure_hierarchy():
    from common.models import Barangay
    from common.services.hierarchy import load_hierarchy
    from common.services.psgc_source import read_psgc_package

    if not Barangay.objects.filter(municipality__province__region__code="0900000000").exists():
        load_hierarchy(read_psgc_package(), region_codes=REGION_CODES)


def _generate(n):
    """The communities app's own sample generator (through ``bulk_create_communities``)."""
    from django.core.management import call_command

    call_command("generate_sample_communities", count=n, seed=42, stdout=io.StringIO())


def run(h):
    import openpyxl

    from common.imports.engine import build_preview, commit, get_spec
    from communities.exports import build_list_export
    from communities.models import BarangayOBC
    from communities.reports import build_area_report

    _ensure_hierarchy()
    admin = h.user("bench-io-admin", superuser=True, roles=["Administrator"])
    missing = TARGET_ROWS - BarangayOBC.objects.count()
    if missing > 0:
        _generate(missing)
    count = BarangayOBC.objects.count()
    results = []

    cpu = time.process_time()
    (_filename, file), seconds, peak = h.time_call_rss(lambda: build_list_export(user=admin, params={}, fmt="xlsx"))
    cpu = time.process_time() - cpu
    book = openpyxl.load_workbook(file, read_only=True)
    rows = sum(1 for _ in book["Data"].iter_rows(min_row=2))
    assert rows == count, (rows, count)
    size_mb = file.seek(0, 2) / 2**20
    results.append(Measurement(
        f"Excel export of {rows:,} rows (all columns, with contacts)", median_ms=round(seconds * 1000, 1),
        p95_ms=round(seconds * 1000, 1), peak_mb=round(peak, 1), target="< 10 s, < 300 MB",
        passed=seconds < 10 and peak < 300,
        note=f"{size_mb:.1f} MB file; {cpu:.1f} s CPU; peak is the process RSS during the export",
    ))  # fmt: skip

    (_filename, _file), seconds, peak = h.time_call_rss(lambda: build_list_export(user=admin, params={}, fmt="csv"))
    results.append(Measurement(f"CSV export of {count:,} rows", median_ms=round(seconds * 1000, 1),
                               p95_ms=round(seconds * 1000, 1), peak_mb=round(peak, 1)))  # fmt: skip

    (_filename, pdf), seconds, peak = h.time_call_rss(lambda: build_area_report(user=admin, region="0900000000"))
    results.append(Measurement(
        "Area report PDF, Region IX (every community listed)", median_ms=round(seconds * 1000, 1),
        p95_ms=round(seconds * 1000, 1), peak_mb=round(peak, 1), note=f"{len(pdf) / 2**20:.1f} MB PDF",
    ))  # fmt: skip

    # Import: 1,000 new rows by PSGC code, dry run then commit.
    from common.models import Barangay

    spec = get_spec("communities.barangay_obc")
    codes = list(Barangay.objects.filter(municipality__province__region__code="1200000000", population__gte=500)
                 .order_by("code").values_list("code", flat=True)[:1000])  # fmt: skip
    sheet = openpyxl.Workbook()
    data = sheet.active
    data.title = "Data"
    data.append(["Barangay PSGC code", "Purok/sitio", "Estimated OBC population", "Primary ethnolinguistic group"])
    for code in codes:
        data.append([code, "Bench import", 50, "Maguindanaon"])
    content = io.BytesIO()
    sheet.save(content)
    preview, seconds, peak = h.time_call_rss(
        lambda: build_preview(spec, io.BytesIO(content.getvalue()), "b.xlsx", user=admin)
    )
    assert preview.can_commit, preview.file_errors or preview.attention_rows[:3]
    results.append(Measurement(f"Import dry run, {len(codes):,} rows", median_ms=round(seconds * 1000, 1),
                               p95_ms=round(seconds * 1000, 1), peak_mb=round(peak, 1)))  # fmt: skip
    done, seconds, peak = h.time_call_rss(lambda: commit(spec, io.BytesIO(content.getvalue()), "b.xlsx", user=admin))
    assert done.committed
    results.append(Measurement(f"Import commit, {len(codes):,} rows (batch service, roll-ups)",
                               median_ms=round(seconds * 1000, 1), p95_ms=round(seconds * 1000, 1),
                               peak_mb=round(peak, 1)))  # fmt: skip
    return results
