"""Audit entries for bulk writes.

``bulk_create``/``bulk_update`` send no model signals, so django-auditlog does not see them. A
service that writes in bulk calls ``log_bulk`` with each instance before and after, and gets the
same ``LogEntry`` rows a ``save()`` would have written (changes, object, actor), in one insert.
"""

from __future__ import annotations

from auditlog.cid import get_cid
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.encoding import smart_str


def log_bulk(*, actor, pairs, batch_size: int = 500) -> int:
    """Log ``pairs`` of (old instance or None, new instance): a create when old is None, else an
    update with the fields that changed (pairs without changes are skipped). Returns the count."""
    entries = []
    cid = get_cid()
    for old, new in pairs:
        changes = model_instance_diff(old, new)
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
    LogEntry.objects.bulk_create(entries, batch_size=batch_size)
    return len(entries)
