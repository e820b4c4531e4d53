"""Validators shared by models, forms and API fields of every app."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

#: The span of dates OBCMS records: from the first organized OBC work to the end of any plan.
EARLIEST = dt.datetime(1950, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2100, 12, 31, 23, 59, 59, tzinfo=dt.UTC)


def plausible_datetime(value) -> None:
    """Refuse a date and time outside 1950–2100: a typo (0803 for 2025), never a real event. Such
    dates also break clients, since the Philippines' local mean time before 1900 (-15:56:08) has no
    RFC 3339 form."""
    if value is None:
        return
    if timezone_naive(value):
        value = value.replace(tzinfo=dt.UTC)
    if not EARLIEST <= value <= LATEST:
        raise ValidationError("Enter a date and time between 1950 and 2100.", code="implausible_datetime")


def timezone_naive(value) -> bool:
    return value.tzinfo is None or value.tzinfo.utcoffset(value) is None
