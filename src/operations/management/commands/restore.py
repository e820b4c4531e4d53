"""Restore drill and restore.

    ./manage.py restore --list                  # backups in BACKUP_DIR
    ./manage.py restore --verify [BACKUP]       # drill: restore into a scratch database, compare row counts
    ./manage.py restore --yes [BACKUP]          # replace the live database (stop web, worker and beat first)
    ./manage.py restore --media obcms-media-<stamp>.tar.gz

BACKUP is a file name in BACKUP_DIR, a path, or ``latest`` (default).
"""

from django.core.management.base import BaseCommand, CommandError

from operations.backups import BackupError, list_backups, restore_backup, restore_media, verify_backup


class Command(BaseCommand):
    help = "Verify a backup by restoring it into a scratch database, or restore it into the live database."

    def add_arguments(self, parser):
        parser.add_argument("backup", nargs="?", default="latest", help="File name, path or 'latest'.")
        parser.add_argument("--verify", action="store_true", help="Restore into a scratch database and compare.")
        parser.add_argument("--yes", action="store_true", help="Confirm replacing the live database.")
        parser.add_argument("--media", metavar="ARCHIVE", help="Restore this media archive into MEDIA_ROOT.")
        parser.add_argument("--list", action="store_true", help="List database backups.")

    def handle(self, *args, backup="latest", verify=False, yes=False, media=None, list=False, **options):
        try:
            if list:
                for name in list_backups():
                    self.stdout.write(name)
                return
            if media:
                count = restore_media(media)
                self.stdout.write(self.style.SUCCESS(f"Restored {count} media file(s) from {media}"))
                return
            if verify:
                result = verify_backup(backup)
            elif yes:
                result = restore_backup(backup)
            else:
                raise CommandError("Restoring replaces the live database: pass --yes, or --verify for a drill.")
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        action = "Verified" if verify else "Restored"
        summary = (
            f"{action} {result.backup} ({result.engine}): {result.tables_compared} tables, "
            f"{result.rows_compared} rows compared in {result.seconds}s"
        )
        if not result.ok:
            for table, (expected, found) in sorted(result.mismatches.items()):
                self.stderr.write(f"  {table}: manifest {expected}, restored {found}")
            raise CommandError(f"{summary}: {len(result.mismatches)} table(s) differ")
        self.stdout.write(self.style.SUCCESS(summary + ": every table matches its manifest"))
