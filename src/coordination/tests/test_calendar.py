"""The calendar: JSON events for the page, the private iCalendar feed (parsed back with icalendar),
token regeneration, and a single engagement as .ics."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from coordination import services

pytestmark = pytest.mark.django_db


def _uids(body: bytes) -> set[str]:
    return {str(c["uid"]) for c in Calendar.from_ical(body).walk("VEVENT")}


@pytest.fixture
def everything(engagement_ix, engagement_xii, action_ix, partnership_ix, partnership_xii, administrator):
    today = timezone.localdate()
    services.add_milestone(user=administrator, partnership=partnership_ix, title="Report", due_date=today)
    from coordination.models import Partnership

    Partnership.objects.update(expiry_date=today + dt.timedelta(days=30))
    return locals()


def test_feed_has_the_users_events_and_none_out_of_scope(client, officer_ix, everything):
    token = services.feed_token(user=officer_ix).token
    response = client.get(reverse("calendar-feed", args=[token]))  # no session: the token is the key
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    uids = _uids(response.content)
    e_ix, e_xii, a_ix = everything["engagement_ix"], everything["engagement_xii"], everything["action_ix"]
    p_ix, p_xii = everything["partnership_ix"], everything["partnership_xii"]
    assert f"engagement-{e_ix.pk}@obcms" in uids and f"action-{a_ix.pk}@obcms" in uids
    assert f"expiry-{p_ix.pk}@obcms" in uids
    assert any(u.startswith("milestone-") for u in uids)
    assert f"engagement-{e_xii.pk}@obcms" not in uids and f"expiry-{p_xii.pk}@obcms" not in uids
    event = next(
        c for c in Calendar.from_ical(response.content).walk("VEVENT") if str(c["uid"]).startswith("engagement")
    )
    assert event["summary"].startswith(e_ix.title)
    assert "Discussed madrasah" not in response.content.decode()  # no minutes in the feed


def test_regenerated_token_revokes_the_old_feed(client, officer_ix, everything):
    old = services.feed_token(user=officer_ix).token
    client.force_login(officer_ix)
    assert client.post(reverse("calendar-token")).status_code == 302
    new = services.feed_token(user=officer_ix).token
    assert new != old
    client.logout()
    assert client.get(reverse("calendar-feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar-feed", args=[new])).status_code == 200


def test_feed_refuses_unknown_tokens_inactive_users_and_writes(client, officer_ix, outsider):
    token = services.feed_token(user=officer_ix).token
    assert client.get(reverse("calendar-feed", args=["nope"])).status_code == 404
    assert client.post(reverse("calendar-feed", args=[token])).status_code == 405
    officer_ix.is_active = False
    officer_ix.save()
    assert client.get(reverse("calendar-feed", args=[token])).status_code == 404
    outsider_token = services.feed_token(user=outsider).token
    assert client.get(reverse("calendar-feed", args=[outsider_token])).status_code == 404


def test_calendar_events_json_is_filtered_by_type_region_and_mine(client, officer_ix, administrator, everything):
    client.force_login(officer_ix)
    today = timezone.localdate()
    url = reverse("calendar-events")
    window = {"start": (today - dt.timedelta(days=5)).isoformat(), "end": (today + dt.timedelta(days=40)).isoformat()}
    ids = {e["id"] for e in client.get(url, window).json()}
    assert f"engagement-{everything['engagement_ix'].pk}" in ids
    assert f"engagement-{everything['engagement_xii'].pk}" not in ids
    only_actions = client.get(url, {**window, "type": "action"}).json()
    assert only_actions and {e["extendedProps"]["type"] for e in only_actions} == {"action"}
    client.force_login(administrator)
    all_ids = {e["id"] for e in client.get(url, {**window, "region": "1200000000"}).json()}
    assert f"engagement-{everything['engagement_xii'].pk}" in all_ids
    assert f"engagement-{everything['engagement_ix'].pk}" not in all_ids
    mine = {e["id"] for e in client.get(url, {**window, "mine": "1"}).json()}
    assert f"engagement-{everything['engagement_xii'].pk}" not in mine


def test_calendar_refuses_huge_windows(client, officer_ix):
    client.force_login(officer_ix)
    response = client.get(reverse("calendar-events"), {"start": "2020-01-01", "end": "2026-01-01"})
    assert response.status_code == 400


@pytest.mark.parametrize(("persona", "status"), [("officer_ix", 200), ("partner_ix", 403), ("outsider", 403)])
def test_calendar_page_per_persona(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("calendar")).status_code == status


def test_single_engagement_downloads_as_ics(client, officer_ix, officer_xii, engagement_ix):
    client.force_login(officer_ix)
    response = client.get(reverse("coordination:engagement-ics", args=[engagement_ix.pk]))
    assert response.status_code == 200
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("dtstart") == timezone.localtime(engagement_ix.starts_at).replace(microsecond=0)
    assert Calendar.from_ical(response.content).walk("VTIMEZONE")  # the Asia/Manila definition travels along
    client.force_login(officer_xii)
    assert client.get(reverse("coordination:engagement-ics", args=[engagement_ix.pk])).status_code == 404


def test_feed_written_directly_matches_the_icalendar_package():
    """The feed's own writer (fast on a year of events) gives the bytes icalendar gives: escaping,
    folding at 75 octets (multi-byte characters, backslashes), all-day and timed events, VTIMEZONE."""
    import re

    from coordination.calendar import Event
    from coordination.ics import feed_calendar, feed_ics

    tz = timezone.get_current_timezone()
    long_title = "Meeting, with; a backslash\\ and \\N a title well past seventy-five octets ñáé 中文 " * 3
    events = [
        Event("engagement-1", "engagement", long_title, dt.datetime(2026, 12, 2, 9, 0, tzinfo=tz),
              dt.datetime(2026, 12, 2, 10, 30, tzinfo=dt.UTC), "/coordination/engagements/1/",
              "Meeting · Zamboanga\nsecond line\r\nthird\rfourth"),
        Event("action-2", "action", "Due: " + "\\" * 80, dt.date(2026, 12, 3), None, "/coordination/actions/2/"),
        Event("milestone-3", "milestone", "Milestone: x", dt.date(2026, 12, 31), None, "/p/3/", "y", overdue=True),
    ]  # fmt: skip

    def stamped(body: bytes) -> bytes:
        return re.sub(rb"DTSTAMP:\d{8}T\d{6}Z", b"DTSTAMP:-", body)

    for chosen in (events, events[1:], []):
        expected = feed_calendar(chosen, name="OBCMS · Ana, officer").to_ical()
        assert stamped(feed_ics(chosen, name="OBCMS · Ana, officer")) == stamped(expected)
    assert b"BEGIN:VTIMEZONE" in feed_ics(events, name="x")
    assert b"BEGIN:VTIMEZONE" not in feed_ics(events[1:], name="x")
    assert {str(c["uid"]) for c in Calendar.from_ical(feed_ics(events, name="x")).walk("VEVENT")} == {
        "engagement-1@obcms", "action-2@obcms", "milestone-3@obcms"
    }  # fmt: skip


def test_calendar_data_queries_do_not_grow_with_events(
    client, officer_ix, administrator, dapitan, everything, django_assert_max_num_queries
):
    """Engagements (place names) and action items (owners' names) of a month: one query per type."""
    from .conftest import make_engagement

    client.force_login(officer_ix)
    today = timezone.localdate()
    url = reverse("calendar-events") + f"?start={today - dt.timedelta(days=7)}&end={today + dt.timedelta(days=35)}"
    client.get(url)  # warm-up: the first request after sign-in also refreshes the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        before = client.get(url).json()
    for i in range(8):
        engagement = make_engagement(officer_ix, where=dapitan, title=f"Extra {i}")
        services.create_action_item(
            user=officer_ix, engagement=engagement, title=f"Follow-up {i}", due_date=today + dt.timedelta(days=i),
            owner=administrator if i % 2 else officer_ix,
        )  # fmt: skip
    with django_assert_max_num_queries(len(few)):
        after = client.get(url).json()
    assert len(after) == len(before) + 16
    owners = {e["extendedProps"]["description"] for e in after if e["title"].startswith("Due: Follow-up")}
    assert owners == {f"Owner: {administrator}", f"Owner: {officer_ix}"}
    places = {e["extendedProps"]["description"] for e in after if e["title"].startswith("Extra ")}
    assert places == {f"Consultation · {dapitan.name}, {dapitan.province.name}"}
