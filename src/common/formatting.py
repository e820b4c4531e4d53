"""One way to show a date to people: "2 Dec 2026" (with time: "2 Dec 2026, 14:05", Asia/Manila).

Templates use the ``ph_date`` filter (``{% load obcms %}``); PDFs, messages and other Python code
call ``display_date`` / ``display_datetime``. The formats live in obc_management/formats/en/.
Data exports keep ISO dates (2026-12-02) so they can be imported again.
"""

from __future__ import annotations

import datetime

from django.utils import formats, timezone


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def display_date(value, default: str = "") -> str:
    """ "2 Dec 2026" for a date or datetime; ``default`` for None/empty."""
    if not value:
        return default
    return formats.date_format(_local(value), "DATE_FORMAT")


def display_datetime(value, default: str = "") -> str:
    """ "2 Dec 2026, 14:05" (local time) for a datetime; a plain date shows without a time."""
    if not value:
        return default
    if not isinstance(value, datetime.datetime):
        return display_date(value, default)
    return formats.date_format(_local(value), "DATETIME_FORMAT")
