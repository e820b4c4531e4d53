"""Tools over coordination: organizations working in an area, partnerships (expiring, with an organization),
engagements, and open or overdue action items.

Reads ``for_user(user, "view")`` of Organization, Partnership, Engagement and ActionItem. Contacts, signatories,
minutes, feedback and owners' names are never read: organizations are named, people are not.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from coordination.models import ActionItem, Engagement, Organization, OrganizationArea, Partnership, PartnershipArea
from coordination.services.organizations import name_key

from .base import Tool, ToolResult
from .helpers import MAX_ROWS, PLACE_FIELDS, area_exists, area_label, bounded_int, choice, link, place_q, plain
from .places import PLACE_PARAMETER, place_argument

ORGANIZATION_PARAMETER = {"type": "string", "description": "An organization's acronym (e.g. MSSD) or name."}


def find_organizations(user, text: str):
    """Organizations the user may see whose acronym or name is ``text`` (folded), else whose name contains it."""
    wanted = name_key(text)
    if not wanted:
        return Organization.objects.none()
    visible = Organization.objects.for_user(user, "view")
    exact = visible.filter(Q(acronym_key=wanted) | Q(name_key=wanted))
    return exact if exact.exists() else visible.filter(name_key__contains=wanted)


def _iso_date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def run_organizations(user, args: dict) -> ToolResult:
    place, error = place_argument(user, args)
    if error:
        return error
    visible = Organization.objects.for_user(user, "view")
    qs = visible.filter(area_exists(OrganizationArea, "organization", place)) if place else visible
    rows = list(qs.order_by("name")[: bounded_int(args, "limit", MAX_ROWS, 1, 50)])
    data = {
        "area": place.as_data() if place else {"name": "all your areas"},
        "organizations": qs.count(),
        "nationwide_organizations_also_visible": visible.filter(is_nationwide=True)
        .exclude(pk__in=qs.values("pk"))
        .count()
        if place
        else 0,
        "items": [
            {"name": o.name, "acronym": o.acronym, "type": str(o.get_org_type_display()), "nationwide": o.is_nationwide}
            for o in rows
        ],
    }
    sources = [link(str(o), "coordination:organization-detail", o.pk) for o in rows[:5]]
    sources.append(
        link(
            f"Organizations in {area_label(place)}",
            "coordination:organization-list",
            query=place.list_query() if place else "",
        )
    )
    return ToolResult(data=data, sources=sources)


def run_partnerships(user, args: dict) -> ToolResult:
    place, error = place_argument(user, args)
    if error:
        return error
    qs = Partnership.objects.for_user(user, "view").filter(area_exists(PartnershipArea, "partnership", place))
    organization = str(args.get("organization") or "").strip()
    if organization:
        orgs = find_organizations(user, organization)
        if not orgs.exists():
            return ToolResult(
                data={"organization": organization}, error=f"No organization you can see is called {organization!r}."
            )
        qs = qs.filter(parties__organization__in=orgs.values("pk")).distinct()
    status = choice(args, "status", Partnership.Status)
    today = timezone.localdate()
    start, end = _iso_date(args.get("expires_from")), _iso_date(args.get("expires_to"))
    within = bounded_int(args, "expiring_within_days", 90, 0, 3650) if "expiring_within_days" in args else None
    if within is not None:
        start, end = today, today + dt.timedelta(days=within)
    if start or end:
        status = status or Partnership.Status.ACTIVE
        qs = qs.filter(expiry_date__isnull=False)
        qs = qs.filter(expiry_date__gte=start) if start else qs
        qs = qs.filter(expiry_date__lte=end) if end else qs
    if status:
        qs = qs.filter(status=status)
    rows = list(qs.prefetch_related("parties__organization").order_by("expiry_date", "title")[:MAX_ROWS])
    data = {
        "area": place.as_data() if place else {"name": "all your areas"},
        "organization": organization,
        "status": str(Partnership.Status(status).label) if status else "any",
        "expires_from": plain(start),
        "expires_to": plain(end),
        "expiring_within_days": within,
        "partnerships": qs.count(),
        "items": [
            {
                "title": p.title,
                "kind": str(p.get_kind_display()),
                "status": str(p.get_status_display()),
                "expiry_date": plain(p.expiry_date),
                "days_to_expiry": (p.expiry_date - today).days if p.expiry_date else None,
                "parties": [party.organization.short_name for party in p.parties.all()],
            }
            for p in rows
        ],
    }
    sources = [link(p.title, "coordination:partnership-detail", p.pk) for p in rows[:5]]
    sources.append(link("Partnerships", "coordination:partnership-list", query=place.list_query() if place else ""))
    return ToolResult(data=data, sources=sources)


def run_engagements(user, args: dict) -> ToolResult:
    place, error = place_argument(user, args)
    if error:
        return error
    qs = Engagement.objects.for_user(user, "view").filter(place_q(place, PLACE_FIELDS))
    if status := choice(args, "status", Engagement.Status):
        qs = qs.filter(status=status)
    when = str(args.get("when") or "")
    now = timezone.now()
    if when == "upcoming":
        qs = qs.filter(starts_at__gte=now)
    elif when == "past":
        qs = qs.filter(starts_at__lt=now)
    labels = dict(Engagement.Kind.choices)
    by_kind = [
        {"kind": str(labels[r["kind"]]), "engagements": r["n"]}
        for r in qs.order_by().values("kind").annotate(n=Count("pk")).order_by("-n", "kind")
    ]
    order = "starts_at" if when == "upcoming" else "-starts_at"
    rows = list(qs.select_related("region", "province", "municipality", "barangay").order_by(order, "pk")[:MAX_ROWS])
    data = {
        "area": place.as_data() if place else {"name": "all your areas"},
        "when": when or "any time",
        "engagements": qs.count(),
        "by_kind": by_kind,
        "items": [
            {
                "title": e.title,
                "kind": str(e.get_kind_display()),
                "status": str(e.get_status_display()),
                "starts": plain(timezone.localtime(e.starts_at).date()),
                "place": e.place_label,
            }
            for e in rows
        ],
    }
    sources = [link(e.title, "coordination:engagement-detail", e.pk) for e in rows[:5]]
    sources.append(link("Engagements", "coordination:engagement-list", query=place.list_query() if place else ""))
    return ToolResult(data=data, sources=sources)


def run_action_items(user, args: dict) -> ToolResult:
    place, error = place_argument(user, args)
    if error:
        return error
    qs = ActionItem.objects.for_user(user, "view").open().filter(place_q(place, PLACE_FIELDS))
    today = timezone.localdate()
    overdue = qs.filter(due_date__lt=today)
    only_overdue = bool(args.get("overdue_only"))
    shown = overdue if only_overdue else qs
    rows = list(shown.select_related("responsible_organization").order_by("due_date", "pk")[:MAX_ROWS])
    data = {
        "area": place.as_data() if place else {"name": "all your areas"},
        "open_action_items": qs.count(),
        "overdue_action_items": overdue.count(),
        "items": [
            {
                "title": a.title,
                "status": str(a.get_status_display()),
                "due_date": plain(a.due_date),
                "days_overdue": max(0, (today - a.due_date).days),
                "responsible_organization": a.responsible_organization.short_name
                if a.responsible_organization_id
                else "",
            }
            for a in rows
        ],
    }
    sources = [link(a.title, "coordination:action-detail", a.pk) for a in rows[:5]]
    sources.append(link("Action items", "coordination:action-list", query=place.list_query() if place else ""))
    return ToolResult(data=data, sources=sources)


ORGANIZATIONS = Tool(
    name="organizations",
    description="Organizations (BMOAs, NGAs, LGUs, CSOs...) working in an area: names, acronyms, types.",
    parameters={
        "type": "object",
        "properties": {"place": PLACE_PARAMETER, "limit": {"type": "integer", "minimum": 1, "maximum": 50}},
    },
    run=run_organizations,
)

PARTNERSHIPS = Tool(
    name="partnerships",
    description="Partnerships and agreements (MOA, MOU...) in an area, optionally with one organization, by status, "
    "or expiring within N days / between two dates (then only active ones), soonest expiry first.",
    parameters={
        "type": "object",
        "properties": {
            "place": PLACE_PARAMETER,
            "organization": ORGANIZATION_PARAMETER,
            "status": {"type": "string", "enum": [c for c, _ in Partnership.Status.choices]},
            "expiring_within_days": {"type": "integer", "minimum": 0, "maximum": 3650},
            "expires_from": {"type": "string", "format": "date"},
            "expires_to": {"type": "string", "format": "date"},
        },
    },
    run=run_partnerships,
)

ENGAGEMENTS = Tool(
    name="engagements",
    description="Engagements (consultations, meetings, workshops, visits) in an area, by status or upcoming/past.",
    parameters={
        "type": "object",
        "properties": {
            "place": PLACE_PARAMETER,
            "status": {"type": "string", "enum": [c for c, _ in Engagement.Status.choices]},
            "when": {"type": "string", "enum": ["upcoming", "past"]},
        },
    },
    run=run_engagements,
)

ACTION_ITEMS = Tool(
    name="action_items",
    description="Open action items (open or in progress) in an area and how many are overdue (due date passed).",
    parameters={"type": "object", "properties": {"place": PLACE_PARAMETER, "overdue_only": {"type": "boolean"}}},
    run=run_action_items,
)
