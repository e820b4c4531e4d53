"""iCalendar output (the ``icalendar`` package): the private feed and single-engagement downloads."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as IcsEvent

from coordination.calendar import Event

PRODID = "-//OOBC//OBCMS coordination//EN"


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    return cal


def _base_url() -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/")


def _ics_event(event: Event, stamp: dt.datetime) -> IcsEvent:
    item = IcsEvent()
    item.add("uid", f"{event.uid}@obcms")
    item.add("dtstamp", stamp)
    item.add("summary", event.title)
    if event.all_day:
        item.add("dtstart", event.start)
        item.add("dtend", event.start + dt.timedelta(days=1))
    else:
        item.add("dtstart", timezone.localtime(event.start))
        if event.end:
            item.add("dtend", timezone.localtime(event.end))
    if event.description:
        item.add("description", event.description)
    item.add("url", _base_url() + event.url)
    item.add("categories", [event.type])
    return item


def feed_calendar(events: list[Event], *, name: str) -> Calendar:
    cal = _calendar(name)
    stamp = timezone.now()
    for event in events:
        cal.add_component(_ics_event(event, stamp))
    cal.add_missing_timezones()  # VTIMEZONE for Asia/Manila, so every calendar app reads the times right
    return cal


def _text(value: str) -> str:
    """RFC 5545 TEXT escaping, the same steps in the same order as the icalendar package."""
    return (
        value.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 §3.1), never inside a character or after a backslash."""
    if len(line) < 75 and line.isascii():
        return line
    parts, current, size = [], [], 0
    for char in line:
        width = len(char.encode())
        if current and size + width >= 75:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                parts.append("".join(current))
                current, size = [carried], len(carried.encode())
            else:
                parts.append("".join(current))
                current, size = [], 0
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _vevent_lines(event: Event, stamp: str, base: str, tzid: str) -> list[str]:
    """One VEVENT as content lines, in the property order the icalendar package writes."""
    lines = ["BEGIN:VEVENT", _fold("SUMMARY:" + _text(event.title))]
    if event.all_day:
        lines.append(f"DTSTART;VALUE=DATE:{event.start:%Y%m%d}")
        lines.append(f"DTEND;VALUE=DATE:{event.start + dt.timedelta(days=1):%Y%m%d}")
    else:
        lines.append(f"DTSTART;TZID={tzid}:{timezone.localtime(event.start):%Y%m%dT%H%M%S}")
        if event.end:
            lines.append(f"DTEND;TZID={tzid}:{timezone.localtime(event.end):%Y%m%dT%H%M%S}")
    lines += [f"DTSTAMP:{stamp}", _fold(f"UID:{_text(event.uid)}@obcms"), _fold("CATEGORIES:" + _text(event.type))]
    if event.description:
        lines.append(_fold("DESCRIPTION:" + _text(event.description)))
    lines += [_fold("URL:" + base + event.url), "END:VEVENT"]
    return lines


def feed_ics(events: list[Event], *, name: str) -> bytes:
    """The feed as bytes: what ``feed_calendar(...).to_ical()`` gives, written directly.

    A year of one officer's areas is thousands of events; building an icalendar component per event
    took seconds. The calendar header and the VTIMEZONE still come from the icalendar package; the
    events are plain content lines (tests parse the feed back with the package)."""
    cal = _calendar(name)
    if any(not event.all_day for event in events):
        sample = IcsEvent()
        sample.add("dtstart", timezone.localtime(timezone.now()))
        cal.add_component(sample)
        cal.add_missing_timezones()
        cal.subcomponents = [c for c in cal.subcomponents if c is not sample]
    head = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    stamp, base, tzid = _stamp(timezone.now()), _base_url(), timezone.get_current_timezone_name()
    lines = []
    for event in events:
        lines += _vevent_lines(event, stamp, base, tzid)
    body = "\r\n".join(lines).encode() + b"\r\n" if lines else b""
    return head[: -len(end)] + body + end


def engagement_calendar(engagement) -> Calendar:
    """One engagement as an .ics file (title, time, place and venue; never minutes or people)."""
    event = Event(
        f"engagement-{engagement.pk}", "engagement", engagement.title, engagement.starts_at,
        engagement.ends_at or engagement.starts_at + dt.timedelta(hours=1),
        reverse("coordination:engagement-detail", args=[engagement.pk]),
        f"{engagement.get_kind_display()} · {engagement.place_label}",
    )  # fmt: skip
    cal = feed_calendar([event], name=engagement.title)
    component = cal.walk("VEVENT")[0]
    if engagement.venue:
        component.add("location", engagement.venue)
    return cal
