"""After ``loaddata`` of a ``--natural-primary`` dump: point audit-log entries at the target's ids.

Natural primary keys renumber rows on the target (a source with deleted users has gaps in its ids; the
target does not), but django-auditlog stores the audited object's id as plain data (``object_pk``), so
entries would describe the wrong user. Run on the target with the source's URL:

    DATABASE_URL=postgres://... ./manage.py remap_audit_log sqlite:////path/to/source.sqlite3

Entries about objects deleted before the move cannot keep their old id (it may now belong to another
row): their ``object_pk`` becomes ``deleted-before-move:<old id>``; ``object_repr`` and ``changes`` still
say what happened. Run it once, right after ``loaddata``.
"""

from auditlog.models import LogEntry
from django.core.management.base import BaseCommand
from django.db import transaction

from operations.compare import DELETED_MARK, add_database

SOURCE = "remap_source"


class Command(BaseCommand):
    help = "Remap auditlog object ids from the source database's primary keys to this database's."

    def add_arguments(self, parser):
        parser.add_argument("source_url", help="DATABASE_URL of the database the dump came from.")

    @transaction.atomic
    def handle(self, *args, source_url, **options):
        add_database(SOURCE, source_url)
        new_pk_for: dict[tuple, object] = {}
        remapped = deleted = unchanged = 0
        for entry in LogEntry.objects.select_related("content_type").order_by("pk").iterator():
            model = entry.content_type.model_class()
            if model is None or not hasattr(model, "natural_key"):
                unchanged += 1
                continue
            key = (model, entry.object_pk)
            if key not in new_pk_for:
                old = model._base_manager.using(SOURCE).filter(pk=entry.object_pk).first()
                new = model._default_manager.get_by_natural_key(*old.natural_key()) if old is not None else None
                new_pk_for[key] = new.pk if new is not None else None
            new_pk = new_pk_for[key]
            if new_pk is None:
                # The object was gone before the move; its old id may now belong to another row here.
                LogEntry.objects.filter(pk=entry.pk).update(
                    object_pk=f"{DELETED_MARK}{entry.object_pk}", object_id=None
                )
                deleted += 1
            elif str(new_pk) != entry.object_pk:
                object_id = new_pk if isinstance(new_pk, int) else entry.object_id
                LogEntry.objects.filter(pk=entry.pk).update(object_pk=str(new_pk), object_id=object_id)
                remapped += 1
            else:
                unchanged += 1
        self.stdout.write(
            f"audit log: {remapped} entries remapped, {unchanged} unchanged, {deleted} about objects deleted before"
            " the move"
        )
