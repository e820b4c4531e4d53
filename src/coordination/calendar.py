"""The one calendar: engagements, MANA sessions, partnership milestones and expiries, and action-item
due dates, each read through ``for_user``. Used by the calendar page (JSON for FullCalendar) and the
iCalendar feed, so both show exactly what the user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from coordination.models import ActionItem, Engagement, Milestone, Partnership, PartnershipArea

TYPES = {
    "engagement": "Engagements",
    "session": "MANA sessions",
    "milestone": "Partnership milestones",
    "expiry": "Agreement expiries",
    "action": "Action item due dates",
}
#: At most this many events per type in one answer (a month or a year of one officer's areas).
LIMIT = 2000


@dataclass
class Event:
    uid: str
    type: str
    title: str
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date | None
    url: str
    description: str = ""
    overdue: bool = False

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    def as_json(self) -> dict:
        def iso(value):
            if value is None:
                return None
            return timezone.localtime(value).isoformat() if isinstance(value, dt.datetime) else value.isoformat()

        return {
            "id": self.uid, "title": self.title, "start": iso(self.start), "end": iso(self.end), "url": self.url,
            "allDay": self.all_day, "classNames": [f"cal-{self.type}", *(["cal-overdue"] if self.overdue else [])],
            "extendedProps": {"type": self.type, "description": self.description},
        }  # fmt: skip


def _labels(model, name: str):
    """``get_<name>_display`` without an instance."""
    choices = dict(model._meta.get_field(name).flatchoices)
    return lambda value: str(choices.get(value, value))


def _partnership_area_q(region, province, path: str = "pk") -> Q:
    if not (region or province):
        return Q()
    lookup = {"region": region} if region and not province else {"province": province}
    areas = PartnershipArea.objects.filter(partnership=OuterRef(path), **lookup)
    nationwide = "is_nationwide" if path == "pk" else "partnership__is_nationwide"
    return Q(Exists(areas)) | Q(**{nationwide: True})


def _place_q(region, province, prefix: str = "") -> Q:
    if province:
        return Q(**{f"{prefix}province": province})
    if region:
        return Q(**{f"{prefix}region": region})
    return Q()


def events(user, start: dt.date, end: dt.date, *, types=None, region=None, province=None, mine=False) -> list[Event]:
    """Events between ``start`` (inclusive) and ``end`` (exclusive) that ``user`` may see."""
    types = set(types or TYPES)
    tz = timezone.get_current_timezone()
    start_dt = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    end_dt = dt.datetime.combine(end, dt.time.min, tzinfo=tz)
    today = timezone.localdate()
    out: list[Event] = []
    url = {
        name: reverse(f"coordination:{name}-detail", args=[0]).replace("/0/", "/{}/")
        for name in ("engagement", "partnership", "action")
    }
    if "engagement" in types:
        qs = Engagement.objects.for_user(user).filter(starts_at__gte=start_dt, starts_at__lt=end_dt)
        qs = qs.filter(_place_q(region, province))
        if mine:
            staffed = Engagement.staff.through.objects.filter(user_id=user.pk).values("engagement_id")
            qs = qs.filter(Q(lead=user) | Q(pk__in=staffed))
        # Plain values, not model instances: a month of a region is hundreds of engagements.
        status_label = _labels(Engagement, "status")
        kind_label = _labels(Engagement, "kind")
        rows = qs.order_by("starts_at").values_list(
            "pk", "title", "status", "kind", "starts_at", "ends_at", "venue", "region__name", "province__name",
            "municipality__name", "barangay__name",
        )[:LIMIT]  # fmt: skip
        for pk, title, status, kind, starts_at, ends_at, venue, region_name, *names in rows:
            # Engagement.place_label: barangay, municipality, province, else the region.
            place = ", ".join(n for n in reversed(names) if n is not None) or region_name
            out.append(Event(
                f"engagement-{pk}", "engagement", f"{title} ({status_label(status)})", starts_at,
                ends_at, url["engagement"].format(pk),
                f"{kind_label(kind)} · {place}{' · ' + venue if venue else ''}",
            ))  # fmt: skip
    if "session" in types:
        from mana.models import Assessment, Session
        from mana.models.querysets import team_q

        qs = Session.objects.for_user(user).filter(scheduled_at__gte=start_dt, scheduled_at__lt=end_dt)
        qs = qs.filter(_place_q(region, province, "assessment__"))
        if mine:
            qs = qs.filter(assessment__in=Assessment.objects.filter(team_q(user)).values("pk"))
        for s in qs.select_related("assessment").order_by("scheduled_at")[:LIMIT]:
            out.append(Event(
                f"session-{s.pk}", "session", f"MANA: {s.title}", s.scheduled_at, None,
                reverse("mana:session-detail", args=[s.pk]),
                f"{s.assessment.title}{' · ' + s.venue if s.venue else ''}",
            ))  # fmt: skip
    if "milestone" in types:
        qs = Milestone.objects.for_user(user).filter(due_date__gte=start, due_date__lt=end)
        qs = qs.filter(_partnership_area_q(region, province, "partnership"))
        if mine:
            qs = qs.filter(Q(owner=user) | Q(owner__isnull=True, partnership__owner=user))
        qs = qs.select_related("partnership").only("title", "due_date", "status", "partnership__title")
        for m in qs.order_by("due_date")[:LIMIT]:
            out.append(Event(
                f"milestone-{m.pk}", "milestone", f"Milestone: {m.title}", m.due_date, None,
                url["partnership"].format(m.partnership_id), m.partnership.title,
                overdue=m.is_overdue,
            ))  # fmt: skip
    if "expiry" in types:
        qs = Partnership.objects.for_user(user).filter(expiry_date__gte=start, expiry_date__lt=end)
        qs = qs.filter(_partnership_area_q(region, province)).exclude(status=Partnership.Status.TERMINATED)
        if mine:
            qs = qs.filter(owner=user)
        for p in qs.only("title", "kind", "expiry_date").order_by("expiry_date")[:LIMIT]:
            out.append(Event(
                f"expiry-{p.pk}", "expiry", f"Expires: {p.title}", p.expiry_date, None,
                url["partnership"].format(p.pk), p.get_kind_display(),
            ))  # fmt: skip
    if "action" in types:
        qs = ActionItem.objects.for_user(user).open().filter(due_date__gte=start, due_date__lt=end)
        qs = qs.filter(_place_q(region, province))
        if mine:
            qs = qs.filter(owner=user)
        rows = list(qs.order_by("due_date").values_list("pk", "title", "due_date", "owner_id")[:LIMIT])
        owners = {u.pk: str(u) for u in get_user_model().objects.filter(pk__in={r[3] for r in rows})}
        for pk, title, due_date, owner_id in rows:
            out.append(Event(
                f"action-{pk}", "action", f"Due: {title}", due_date, None,
                url["action"].format(pk), f"Owner: {owners.get(owner_id)}", overdue=due_date < today,
            ))  # fmt: skip
    return out
