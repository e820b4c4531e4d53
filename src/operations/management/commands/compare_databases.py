"""Compare this database (DATABASE_URL) with another: ``./manage.py compare_databases postgres://...``.

Exits non-zero when a model's row count or a sampled row differs. The tables the deployment plan's
dumpdata excludes (contenttypes, auth.permission, sessions, admin.logentry) are skipped.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from operations.compare import add_database, compare


class Command(BaseCommand):
    help = "Compare row counts per model and a sample of rows (by natural key) with another database."

    def add_arguments(self, parser):
        parser.add_argument("other_url", help="DATABASE_URL of the database to compare with.")
        parser.add_argument("--sample", type=int, default=25, help="Rows sampled per model (default 25).")

    def handle(self, *args, other_url, sample, **options):
        add_database("compare_target", other_url)
        result = compare(DEFAULT_DB_ALIAS, "compare_target", sample=sample)
        total = sum(source for source, _ in result.counts.values())
        for label, (source, target) in sorted(result.counts.items()):
            if source or target:
                self.stdout.write(f"  {label:<45} {source:>8} {target:>8}")
        summary = (
            f"{len(result.counts)} models, {total} rows counted, "
            f"{result.rows_sampled} sampled rows compared field by field"
        )
        if not result.ok:
            for line in result.differences[:50]:
                self.stderr.write("  " + line)
            raise CommandError(f"{summary}: {len(result.differences)} difference(s)")
        self.stdout.write(self.style.SUCCESS(f"{summary}: identical"))
