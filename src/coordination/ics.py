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
