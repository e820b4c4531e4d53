"""Reading the AI-assisted marks back from a record's history (the audit log)."""

from __future__ import annotations


def ai_assisted_entries(obj):
    """The record's audit entries marked AI-assisted, newest first."""
    from auditlog.models import LogEntry

    return LogEntry.objects.get_for_object(obj).filter(additional_data__ai_assisted=True).order_by("-timestamp", "-pk")


def ai_assisted_note(obj) -> str:
    """ "AI-assisted draft accepted by X (…)" of the latest such change, or ""."""
    entry = ai_assisted_entries(obj).only("additional_data").first()
    return (entry.additional_data or {}).get("note", "") if entry else ""
