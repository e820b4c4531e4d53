"""Reads of the coordination app that are more than a ``for_user`` queryset."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType


def change_history(obj, limit: int = 30):
    """The audit log of one record, newest first."""
    ct = ContentType.objects.get_for_model(type(obj))
    return LogEntry.objects.filter(content_type=ct, object_pk=str(obj.pk)).select_related("actor")[:limit]
