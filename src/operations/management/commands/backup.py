"""Back up the database (and media) now: ``./manage.py backup``.

Writes ``obcms-db-<stamp>.<pgdump|sqlite3.gz>`` with its row-count manifest and ``obcms-media-<stamp>.tar.gz``
to BACKUP_DIR, copies them to S3-compatible storage when AWS_* is configured, and deletes backups older
than BACKUP_RETENTION_DAYS (default 30; the newest set is always kept). The nightly Celery task runs the
same service.
"""

from django.core.management.base import BaseCommand, CommandError

from operations.backups import BackupError, create_backup


class Command(BaseCommand):
    help = "Write a compressed, timestamped database backup (+ manifest) and media backup; apply retention."

    def add_arguments(self, parser):
        parser.add_argument("--no-media", action="store_true", help="Database only.")
        parser.add_argument("--no-prune", action="store_true", help="Keep backups past the retention period.")

    def handle(self, *args, no_media=False, no_prune=False, **options):
        try:
            result = create_backup(include_media=not no_media, prune=not no_prune)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup {result.stamp} ({result.engine}) in {result.seconds}s"))
        self.stdout.write(f"  database: {result.database_file} ({result.database_file.stat().st_size} bytes)")
        self.stdout.write(f"  manifest: {result.manifest_file} ({len(result.tables)} tables, {result.rows} rows)")
        self.stdout.write(f"  media:    {result.media_file or 'not backed up here'}")
        for name in result.offsite:
            self.stdout.write(f"  off-site: {name}")
        for name in result.pruned:
            self.stdout.write(f"  pruned:   {name}")
