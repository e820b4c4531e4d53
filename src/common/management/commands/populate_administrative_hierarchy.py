"""Load regions, provinces (and HUC pseudo-provinces), cities/municipalities and barangays, with
2020 census population and centroids, from the offline ``psgc`` package.

    cd src && ./manage.py populate_administrative_hierarchy               # every region
    ./manage.py populate_administrative_hierarchy --regions IX X XI XII   # numerals, names or codes
    ./manage.py populate_administrative_hierarchy --force                 # update existing rows too
    ./manage.py populate_administrative_hierarchy --dry-run               # report only
"""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from common.models import Region
from common.services.hierarchy import RegionSelectionError, load_hierarchy, resolve_regions
from common.services.psgc_source import LEVELS, HierarchyDataError, read_psgc_package

LABELS = {"region": "Regions", "province": "Provinces/HUCs", "municipality": "Cities/municipalities",
          "barangay": "Barangays"}  # fmt: skip
MAX_CHANGES_SHOWN = 25


class Command(BaseCommand):
    help = "Load the PSGC administrative hierarchy with census population from the psgc package."

    def add_arguments(self, parser):
        parser.add_argument(
            "--regions", nargs="+", metavar="REGION",
            help="Limit to these regions: roman numerals (IX), numbers (9), names (Caraga) or PSGC codes.",
        )  # fmt: skip
        parser.add_argument(
            "--force", action="store_true",
            help="Update names, population and coordinates of existing rows to the package's figures.",
        )  # fmt: skip
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when regions are already loaded (used by make run)."
        )

    def handle(self, *args, regions=None, force=False, dry_run=False, if_empty=False, **options):
        if if_empty and Region.objects.exists():
            self.stdout.write("The administrative hierarchy is already loaded; nothing to do.")
            return
        started = time.perf_counter()
        try:
            source = read_psgc_package()
        except HierarchyDataError as exc:
            raise CommandError(str(exc)) from exc
        region_codes = None
        if regions:
            try:
                region_codes = resolve_regions(regions, source.rows["region"])
            except RegionSelectionError as exc:
                raise CommandError(str(exc)) from exc
        data = source.filtered(region_codes)
        total = sum(len(data.rows[level]) for level in LEVELS)
        with self._progress(total) as bar:
            result = load_hierarchy(source, region_codes=region_codes, force=force, dry_run=dry_run,
                                    progress=bar.update if bar else None)  # fmt: skip
        self._report(result, source.version, time.perf_counter() - started)

    def _progress(self, total):
        from contextlib import nullcontext

        if not sys.stderr.isatty():
            return nullcontext(None)
        from tqdm import tqdm

        return tqdm(total=total, unit=" rows", desc="Writing", leave=False)

    def _report(self, result, version, seconds):
        w = self.stdout.write
        w(f"PSGC source: psgc {version}")
        header = f"{'Level':<24}{'In package':>12}{'Created':>10}{'Updated':>10}{'Unchanged':>11}{'Differs':>9}"
        w(header)
        w("-" * len(header))
        for level in LEVELS:
            r = result.levels[level]
            w(
                f"{LABELS[level]:<24}{r.in_source:>12,}{r.created:>10,}{r.updated:>10,}{r.unchanged:>11,}{r.differing:>9,}"
            )
        for change in result.changes[:MAX_CHANGES_SHOWN]:
            w(f"  changed: {change}")
        if len(result.changes) > MAX_CHANGES_SHOWN:
            w(f"  … and {len(result.changes) - MAX_CHANGES_SHOWN:,} more changes")
        prefix = "Dry run, nothing written: would have " if result.dry_run else ""
        if not result.created and not result.updated:
            w(self.style.SUCCESS(f"{'Dry run: ' if result.dry_run else ''}Nothing to do: the database already "
                                 f"matches the package ({seconds:.1f} s)."))  # fmt: skip
        else:
            w(self.style.SUCCESS(f"{prefix}created {result.created:,} and updated {result.updated:,} rows "
                                 f"({seconds:.1f} s)."))  # fmt: skip
        if result.differing:
            w(self.style.WARNING(f"{result.differing:,} existing rows differ from the package and were left alone; "
                                 "run with --force to update them."))  # fmt: skip
