"""Audit entries for bulk writes.

``bulk_create``/``bulk_update`` send no model signals, so django-auditlog does not see them. A
service that writes in bulk calls ``log_bulk`` with each instance before and after, and gets the
same ``LogEntry`` rows a ``save()`` would have written (changes, object, actor), in one INSERT run.
"""

from __future__ import annotations

from auditlog.cid import get_cid
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.encoding import smart_str

from common.bulk import insert_rows


def log_bulk(*, actor, pairs) -> int:
    """Log ``pairs`` of (old instance or None, new instance, changed field names or None): a create
    when old is None, else an update with the fields that changed (pairs without changes are
    skipped). Naming the changed fields spares comparing every field again. Returns the count."""
    entries = []
    cid = get_cid()
    for old, new, names in pairs:
        if old is None and names is None:  # a create lists the fields that hold a value
            names = [f.name for f in new._meta.concrete_fields if f.value_from_object(new) not in (None, "", [])]
        changes = model_instance_diff(old, new, fields_to_check=names)
        if not changes:
            continue
        entries.append(
            LogEntry(
                content_type=ContentType.objects.get_for_model(new),
                object_pk=str(new.pk),
                object_id=new.pk if isinstance(new.pk, int) else None,
                object_repr=smart_str(new),
                action=LogEntry.Action.CREATE if old is None else LogEntry.Action.UPDATE,
                changes=changes,
                actor=actor if getattr(actor, "pk", None) else None,
                cid=cid,
            )
        )
    insert_rows(LogEntry, entries)
    return len(entries)
