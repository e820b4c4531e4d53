"""Action items proposed from an engagement's minutes.

Offline rules, line by line and sentence by sentence:
- "<who> to/will/shall/must <do something> [by/on/before <date>]";
- "Action: …" / "Action item: …" / "Follow-up: …";
- bullet or numbered lines that start with a verb ("Send …", "Coordinate with …").
Dates: ISO (2027-03-15), "15 March 2027", "March 15, 2027", "15/03/2027" (day first), "March 15"
(the next one). The owner is matched against the OOBC staff who share the user's areas, and
organizations the user can see (``Organization.objects.for_user``); an organization becomes the
responsible organization and the item's owner defaults to the engagement's lead (or the user).
"""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.auth import get_user_model
from django.db.models import Q

from common.access import has_national_scope
from common.folding import fold

STAFF_ROLES = ["Program Officer", "MANA Facilitator", "Executive", "Administrator"]
VERBS = {
    "send", "submit", "prepare", "coordinate", "follow", "draft", "schedule", "organize", "organise", "conduct",
    "provide", "share", "review", "visit", "arrange", "request", "finalize", "finalise", "update", "compile",
    "invite", "inform", "validate", "distribute", "facilitate", "present", "write", "collect", "deliver", "confirm",
    "check", "contact", "endorse", "forward", "set", "book", "secure", "identify", "consolidate", "circulate",
}  # fmt: skip
MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
     "december"], start=1)}  # fmt: skip
MONTHS.update({name[:3]: n for name, n in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
DATE_PATTERNS = [
    re.compile(r"(?P<year>\d{4})-(?P<m>\d{1,2})-(?P<day>\d{1,2})"),
    re.compile(rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+(?P<year>\d{{4}}))?", re.I),
    re.compile(rf"{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?", re.I),
    re.compile(r"(?P<day>\d{1,2})/(?P<m>\d{1,2})/(?P<year>\d{4})"),
]
DUE = re.compile(r"\s*,?\s*\b(?:by|on|before|until|no later than|not later than|due(?:\s+on|\s+by)?)\s+", re.I)
WHO_TO = re.compile(
    r"^(?P<who>[A-Z][\w.'’-]*(?:\s+(?:(?:de|del|dela|bin|binti|of|the|and)\s+)?[A-Z][\w.'’-]*){0,5})\s+"
    r"(?:to|will|shall|must|should|is to|agreed to|committed to)\s+(?P<task>.+)$"
)
LABELLED = re.compile(r"^(?:action(?:\s+item)?|follow[- ]?up|to do|todo)\s*[:\-–]\s*(?P<task>.+)$", re.I)
BULLET = re.compile(r"^\s*(?:[-*•▪◦]|\d{1,2}[.)]|[a-z][.)])\s+")
SENTENCE_SPLIT = re.compile(r"(?<=[.;!?])\s+(?=[A-Z])")


def owner_candidates(user):
    """OOBC staff the user may give work to: active staff who share one of the user's areas (all
    active staff for a national role), and the user."""
    users = get_user_model().objects.filter(is_active=True, groups__name__in=STAFF_ROLES)
    if not has_national_scope(user):
        regions = list(user.regions.values_list("pk", flat=True))
        provinces = list(user.provinces.values_list("pk", flat=True))
        users = users.filter(
            Q(regions__in=regions) | Q(provinces__in=provinces) | Q(provinces__region__in=regions)
            | Q(pk=user.pk)
        )  # fmt: skip
    return get_user_model().objects.filter(pk__in=users.values("pk")).order_by("first_name", "last_name", "username")


def _match_date(text: str, *, today: dt.date, anchored: bool) -> tuple[dt.date, int] | None:
    for pattern in DATE_PATTERNS:
        m = (pattern.match if anchored else pattern.search)(text or "")
        if not m:
            continue
        parts = m.groupdict()
        month = int(parts["m"]) if parts.get("m") else MONTHS.get(parts["month"].lower().rstrip("."))
        year = int(parts["year"]) if parts.get("year") else today.year
        try:
            found = dt.date(year, month, int(parts["day"]))
        except (TypeError, ValueError):
            continue
        if not parts.get("year") and found < today:
            try:
                found = found.replace(year=today.year + 1)
            except ValueError:
                continue
        return found, m.end()
    return None


def parse_date(text: str, *, today: dt.date) -> dt.date | None:
    """The first date written in ``text`` (a date without a year is the next such day)."""
    found = _match_date(text, today=today, anchored=False)
    return found[0] if found else None


def split_due(task: str, *, today: dt.date) -> tuple[str, dt.date | None]:
    """("send the list", 2030-03-15) from "send the list by 15 March 2030": the date must follow a
    word such as by/on/before/until; otherwise the first date anywhere in the text, left in place."""
    for m in DUE.finditer(task):
        found = _match_date(task[m.end() :], today=today, anchored=True)
        if found:
            rest = task[m.end() + found[1] :].strip(" ,")
            return f"{task[: m.start()]} {rest}".strip(), found[0]
    return task, parse_date(task, today=today)


def _chunks(minutes: str):
    for raw in (minutes or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        bullet = bool(BULLET.match(line))
        line = BULLET.sub("", line).strip()
        for sentence in SENTENCE_SPLIT.split(line):
            sentence = sentence.strip()
            if sentence:
                yield sentence, bullet


class _Matcher:
    def __init__(self, user, engagement):
        from coordination.models import Organization

        self.people = list(owner_candidates(user))
        self.orgs = list(Organization.objects.for_user(user).only("pk", "name", "acronym"))
        lead = engagement.lead if engagement.lead_id else None
        self.default = lead if lead is not None and any(p.pk == lead.pk for p in self.people) else user

    def person(self, text: str):
        key = fold(text).strip()
        if not key:
            return None
        for p in self.people:
            names = {fold(p.get_full_name()), fold(p.username)}
            if key in names:
                return p
        words = set(key.split())
        hits = [p for p in self.people if {fold(p.first_name), fold(p.last_name)} - {""} & words]
        return hits[0] if len(hits) == 1 else None

    def organization(self, text: str):
        key = fold(text).strip()
        if not key:
            return None
        for o in self.orgs:
            if key in {fold(o.name), fold(o.acronym or "")} or (o.acronym and fold(o.acronym) in key.split()):
                return o
        return None


def _clean_task(task: str) -> str:
    task = task.strip().rstrip(".;:").strip()
    return task[:1].upper() + task[1:]


def extract_action_items(engagement, *, user, text: str | None = None, today: dt.date | None = None) -> list[dict]:
    """Proposed items: {title, owner (user id or None), owner_label, organization (id or None),
    organization_label, due_date (ISO or None), source (the line it came from), status, action_item}."""
    from django.utils import timezone

    today = today or timezone.localdate()
    matcher = _Matcher(user, engagement)
    items, seen = [], set()
    for sentence, bullet in _chunks(engagement.minutes if text is None else text):
        who, task = "", ""
        m = WHO_TO.match(sentence)
        if m and m.group("who").split()[0].lower() not in VERBS:
            who, task = m.group("who"), m.group("task")
        elif (m := LABELLED.match(sentence)) is not None:
            task = m.group("task")
            inner = WHO_TO.match(task)
            if inner:
                who, task = inner.group("who"), inner.group("task")
        elif bullet and sentence.split()[0].lower().strip(",:") in VERBS:
            task = sentence
        if not task:
            continue
        task = task.strip().rstrip(".;:!").strip()
        task, due = split_due(task, today=today)
        title = _clean_task(task)[:200]
        if not title or fold(title) in seen:
            continue
        seen.add(fold(title))
        person = matcher.person(who) if who else None
        org = matcher.organization(who) if who and person is None else None
        owner = person or (matcher.default if (org is not None or not who) else None)
        items.append({
            "title": title,
            "owner": owner.pk if owner else None,
            "owner_label": str(owner) if owner else who,
            "organization": org.pk if org else None,
            "organization_label": str(org) if org else "",
            "due_date": due.isoformat() if due else None,
            "source": sentence[:300],
            "status": "pending",
            "action_item": None,
        })  # fmt: skip
    return items


ONLINE_INSTRUCTIONS = (
    "List the action items agreed in these meeting minutes, one per line, exactly as: "
    "task | who is responsible (as written in the minutes) | due date as YYYY-MM-DD or empty. "
    "Only items the minutes state; no other text."
)


def items_from_online(text: str, engagement, *, user) -> list[dict]:
    """Read the online answer's "task | who | date" lines into items (matched like the offline ones)."""
    lines = []
    for raw in (text or "").splitlines():
        parts = [p.strip() for p in BULLET.sub("", raw.strip()).split("|")]
        if len(parts) < 2 or not parts[0]:
            continue
        who = parts[1]
        date = parts[2] if len(parts) > 2 else ""
        sentence = f"{who} to {parts[0]}" if who else f"Action: {parts[0]}"
        lines.append(f"{sentence.rstrip('.')}{f' by {date}' if date else ''}.")
    if not lines:
        return []
    return extract_action_items(engagement, user=user, text="\n".join(lines))
