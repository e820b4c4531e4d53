"""Personal data never leaves OBCMS for a language model: everything sent to a provider passes here.

Three layers, applied to user text, conversation history, tool results and drafting data alike:

1. **By field.** In structured data (tool results, drafting facts) the value of a personal key is
   replaced: any key holding ``phone``, ``mobile``, ``email``, ``fax`` or ``contact``, the focal
   person fields of coverage rows and organizations (``focal_person``, ``focal_persons``,
   ``focal_phone``), feedback's ``raised_by_person``, any ``*_name`` of a person (``full_name``,
   ``leader_name``, ``participant_name`` ...), and ``name`` itself inside a person's record: under
   ``leaders``, ``contacts``, ``participants``, ``signatories``, ``respondents``, ``owner``... (the
   personal models registered in ``common.personal_data``: ``CommunityLeader``, ``Contact``,
   ``Participant``, ``Signatory``, users). A place's or an organization's ``name`` is kept.
2. **By known name.** A name removed by field is also removed wherever it occurs in free text of
   the same request (minutes, notes); and the words of user text and history are looked up in the
   personal models (leaders, participants, contacts, signatories, feedback's raised-by person), so a
   person named in a question is not sent either.
3. **By pattern.** Philippine mobile numbers (09xx / +639xx / 639xx in any spacing, dashes, dots or
   brackets), landlines with an area code ((02) 8123 4567, 062-991-1234, +63 2 8123 4567), any number
   written after "tel", "phone", "mobile", "fax", "contact"..., and e-mail addresses.

``Redactor`` keeps what it learnt (the names) for the whole question, so every round of a
function-calling conversation is cleaned the same way. ``data_block`` wraps record data in a block
whose random id the record text cannot forge; the system instruction says text inside such blocks
is data, never instructions.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterable
from typing import Any

PHONE = "[phone removed]"
EMAIL = "[e-mail removed]"
NAME = "[name removed]"
PERSONAL = "[personal data removed]"

_SEP = r"[\s.\-()]{0,3}"
MOBILE_RE = re.compile(rf"(?<![\d+])\(?(?:\+\s*63|63|0)\)?{_SEP}9(?:{_SEP}\d){{9}}(?!\d)")
LANDLINE_RE = re.compile(
    r"(?<![\w+])(?:\+\s*63[\s.\-]*\(?\s*\d{1,3}\s*\)?|\(\s*0\d{1,3}\s*\)|0\d{1,3}[\s.\-])"
    r"[\s.\-]*\d{3,4}[\s.\-]?\d{4}(?!\d)"
)
KEYWORD_NUMBER_RE = re.compile(
    r"(?i)\b(tel(?:ephone)?|phone|mobile|cell(?:phone)?|cp|landline|fax|contact|viber|whatsapp)\b"
    r"(\.?\s*(?:no\.?|nos\.?|number|#)?\s*[:=\-]?\s*)(\+?\d[\d\s().\-/]{5,}\d)"
)
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+\s?(?:@|\[at\]|\(at\))\s?[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")

#: Keys whose value is personal wherever they occur (compared lower-case, "-" and spaces as "_").
PERSONAL_KEYS = frozenset(
    {
        "contact",
        "contacts",
        "contact_person",
        "focal_person",
        "focal_persons",
        "raised_by_person",
        "person",
        "person_name",
        "full_name",
        "first_name",
        "middle_name",
        "last_name",
        "given_name",
        "surname",
        "nickname",
        "username",
        "respondent",
        "signatory",
        "owner",
        "owner_name",
        "leader_name",
        "participant_name",
        "contact_name",
        "signatory_name",
        "respondent_name",
        "prepared_by",
        "created_by",
        "updated_by",
        "submitted_by",
        "reviewed_by",
        "assigned_to",
    }
)
#: Parts of a key that make it personal ("office_phone", "focal_phone", "email_address" ...).
PERSONAL_KEY_PARTS = ("phone", "mobile", "email", "e_mail", "fax", "telephone", "landline")
#: Containers whose records are people: their ``name`` (and ``position`` is kept) is personal.
PERSON_CONTAINERS = frozenset(
    {
        "leader",
        "leaders",
        "community_leaders",
        "contact",
        "contacts",
        "participant",
        "participants",
        "signatory",
        "signatories",
        "respondent",
        "respondents",
        "attendee",
        "attendees",
        "person",
        "persons",
        "people",
        "owner",
        "owners",
        "user",
        "users",
        "focal_person",
        "focal_persons",
        "members",
        "staff",
    }
)
PERSON_NAME_KEYS = frozenset({"name", "display_name", "label"})


def _norm_key(key: Any) -> str:
    return str(key).strip().lower().replace("-", "_").replace(" ", "_")


def is_personal_key(key: Any) -> bool:
    k = _norm_key(key)
    return k in PERSONAL_KEYS or any(part in k for part in PERSONAL_KEY_PARTS)


def redact_patterns(text: str) -> str:
    """Phones, landlines, numbers after a contact keyword, e-mails: replaced by a marker."""
    if not text:
        return text
    text = EMAIL_RE.sub(EMAIL, text)
    text = KEYWORD_NUMBER_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}{PHONE}", text)
    text = MOBILE_RE.sub(PHONE, text)
    return LANDLINE_RE.sub(PHONE, text)


def _candidate_phrases(texts: Iterable[str], longest: int = 5) -> set[str]:
    """Every run of 2..``longest`` words of the texts, lower-case: the names a question could hold."""
    phrases: set[str] = set()
    for text in texts:
        words = re.findall(r"[^\W\d_][\w'.\-]*", text or "")
        for size in range(2, longest + 1):
            for start in range(len(words) - size + 1):
                phrases.add(" ".join(words[start : start + size]).lower())
    return phrases


def known_personal_names(texts: Iterable[str]) -> set[str]:
    """Names of people recorded in OBCMS (leaders, participants, contacts, signatories, feedback
    givers) that occur in ``texts``. Looked up across all areas: this only decides what to remove."""
    from django.db.models.functions import Lower

    from communities.models import CommunityLeader
    from coordination.models import Contact
    from coordination.models.engagements import Feedback
    from coordination.models.partnerships import Signatory
    from mana.models import Participant

    phrases = sorted(_candidate_phrases(texts))
    if not phrases:
        return set()
    sources = [
        (CommunityLeader._default_manager, "name"),
        (Participant._base_manager, "name"),
        (Contact._default_manager, "name"),
        (Signatory._default_manager, "name"),
        (Feedback._default_manager, "raised_by_person"),
    ]
    found: set[str] = set()
    for start in range(0, len(phrases), 400):
        chunk = phrases[start : start + 400]
        for manager, field in sources:
            rows = (
                manager.annotate(_folded=Lower(field))
                .filter(_folded__in=chunk)
                .values_list(field, flat=True)
                .distinct()[:100]
            )
            found.update(name for name in rows if name)
    return found


class Redactor:
    """Removes personal data from what goes to a provider; remembers the names it removed."""

    def __init__(self, names: Iterable[str] = ()):
        self.names: set[str] = set()
        self._names_re: re.Pattern | None = None
        self.add_names(names)

    def add_names(self, names: Iterable[str]) -> None:
        added = {n.strip() for n in names if isinstance(n, str) and len(n.strip()) >= 3}
        if added - self.names:
            self.names |= added
            ordered = sorted(self.names, key=len, reverse=True)
            self._names_re = re.compile(
                r"(?<!\w)(?:" + "|".join(re.escape(n) for n in ordered) + r")(?!\w)", re.IGNORECASE
            )

    def learn_from_text(self, *texts: str) -> None:
        """Look the words of user text up in the personal models (see ``known_personal_names``)."""
        self.add_names(known_personal_names([t for t in texts if t]))

    def text(self, text: str) -> str:
        if not isinstance(text, str) or not text:
            return text
        if self._names_re is not None:
            text = self._names_re.sub(NAME, text)
        return redact_patterns(text)

    def data(self, value: Any) -> Any:
        """A copy of JSON-like ``value`` with personal fields replaced, then every string cleaned."""
        self._collect(value, person=False)
        return self._clean(value, person=False)

    # Two passes: first learn every name removed by field, so the free text of the whole payload
    # (a minute that mentions a leader listed elsewhere) loses them too.
    def _collect(self, value: Any, *, person: bool) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                k = _norm_key(key)
                if is_personal_key(k) or (person and k in PERSON_NAME_KEYS):
                    if isinstance(item, (dict, list, tuple)):
                        self._collect(item, person=True)  # a person's record: learn its name fields
                    elif isinstance(item, str) and not any(part in k for part in PERSONAL_KEY_PARTS):
                        self._learn_names(item)
                    continue
                self._collect(item, person=k in PERSON_CONTAINERS)
        elif isinstance(value, (list, tuple)):
            for item in value:
                self._collect(item, person=person)

    def _learn_names(self, text: str) -> None:
        """The names in a personal text field ("Juan Dela Cruz (0917...), Maria Santos")."""
        text = redact_patterns(text).replace(PHONE, ";").replace(EMAIL, ";")
        for part in re.split(r"[;,\n/()]", text):
            part = part.strip(" .-")
            if part and not any(ch.isdigit() for ch in part):
                self.add_names([part])

    def _clean(self, value: Any, *, person: bool) -> Any:
        if isinstance(value, dict):
            cleaned = {}
            for key, item in value.items():
                k = _norm_key(key)
                if is_personal_key(k) or (person and k in PERSON_NAME_KEYS):
                    cleaned[key] = _marker(k, item)
                else:
                    cleaned[key] = self._clean(item, person=k in PERSON_CONTAINERS)
            return cleaned
        if isinstance(value, (list, tuple)):
            return [self._clean(item, person=person) for item in value]
        if isinstance(value, str):
            return self.text(value)
        return value


def _marker(key: str, value: Any) -> Any:
    if value in (None, "", [], {}):
        return value
    personal_contact = any(part in key for part in PERSONAL_KEY_PARTS)
    if isinstance(value, bool) or (isinstance(value, (int, float)) and not personal_contact):
        return value  # a flag or a count ("contacts": 3) is not personal
    if personal_contact:
        return EMAIL if "mail" in key else PHONE
    if key in PERSON_NAME_KEYS or key.endswith("name") or key in {"owner", "person", "respondent", "signatory"}:
        return NAME
    return PERSONAL


def data_block(data: Any, *, label: str = "records") -> tuple[str, str]:
    """``(block, nonce)``: ``data`` as JSON between markers that carry a random id.

    Record text cannot close the block (it cannot know the id); the system instruction names the id.
    """
    nonce = secrets.token_hex(6)
    body = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, indent=1, default=str)
    block = f'<obcms-data id="{nonce}" kind="{label}">\n{body}\n</obcms-data id="{nonce}">'
    return block, nonce
