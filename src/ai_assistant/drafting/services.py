"""Writes of drafts: ask for one, (re)write it, accept it into its record, reject it.

A draft is written for its user with that user's ``for_user`` scope ("view" of the record to ask
for one, "change" to accept it). Accepting goes through the record's own service, so its rules hold
(a frozen recommendation takes a recorded revision, which only reviewers make; an assessment takes its
summary of findings while it runs or once completed, not when cancelled; an action item's owner and
organization are checked), and the audit entry it writes is marked AI-assisted ("AI-assisted draft accepted by …").
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ai_assistant import gateway
from ai_assistant.models.drafts import Draft, DraftKind, DraftProvider, DraftStatus, ItemStatus

from . import brief, findings, minutes
from .targets import target_for

logger = logging.getLogger(__name__)
JOB_KIND = "ai_assistant.draft"
MAX_TEXT = 20_000
OFFLINE_NOTE = "Written offline from the record's own data (no online model answered)."


# --- access -----------------------------------------------------------------------------------------


def visible_target(user, kind: str, object_id, action: str = "view"):
    """The record if the user may ``action`` it (role and area), else None."""
    spec = target_for(kind)
    qs = spec.model.objects.for_user(user, action)
    if hasattr(qs, "alive"):
        qs = qs.alive()
    return qs.filter(pk=object_id).first()


def _require_own(user, draft: Draft) -> None:
    if draft.user_id != getattr(user, "pk", None) or visible_target(user, draft.kind, draft.object_id) is None:
        raise PermissionDenied("This draft is not yours, or its record is outside your areas.")


def _require_change(user, draft: Draft):
    target = visible_target(user, draft.kind, draft.object_id, "change")
    if target is None:
        noun = target_for(draft.kind).noun
        raise PermissionDenied(f"You can read this {noun} but your role or areas do not let you change it.")
    return target


def _locked(user, draft: Draft, *, written: bool = True) -> Draft:
    _require_own(user, draft)
    row = Draft.objects.select_for_update().get(pk=draft.pk)
    if written and not row.ready:
        raise ValidationError("The draft is still being written; wait for it to finish.")
    if row.status != DraftStatus.PENDING:
        raise ValidationError(f"This draft was already {row.get_status_display().lower()}.")
    return row


# --- writing ------------------------------------------------------------------------------------------


def _online(*, user, purpose: str, instructions: str, data: dict):
    try:
        return gateway.generate_text(user=user, purpose=purpose, instructions=instructions, data=data)
    except Exception:  # the gateway answers None on failure; never let a provider break a draft
        logger.exception("AI gateway failed for %s", purpose)
        return None


NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def _figures(text: str) -> set[str]:
    out = set()
    for found in NUMBER.findall(text or ""):
        plain = found.replace(",", "")
        out.add(plain)
        if "." in plain:
            out.add(plain.rstrip("0").rstrip("."))
    return out


def unsupported_figures(text: str, facts) -> list[str]:
    """Numbers in an online text that appear nowhere in the facts it was given (shown as a warning).
    List numbering (1. 2. 3.) is not a figure."""
    known = _figures(json.dumps(facts, default=str, ensure_ascii=False))
    body = re.sub(r"(?m)^\s*\d{1,2}[.)]\s", "", text or "")
    return sorted({f for f in NUMBER.findall(body) if not (_figures(f) & known)}, key=lambda f: text.find(f))


def fill_draft(draft: Draft, *, progress=None) -> Draft:
    """Write the draft for its user: the online text when the gateway answers, else the offline one."""
    user, target = draft.user, visible_target(draft.user, draft.kind, draft.object_id)
    if target is None:
        raise PermissionDenied("The record is no longer in your areas.")
    generation, text, items = None, "", []
    if draft.kind == DraftKind.BRIEF_NARRATIVE:
        facts = brief.brief_facts(target, user=user)
        generation = _online(user=user, purpose="brief-narrative", instructions=brief.INSTRUCTIONS, data=facts)
        text = generation.text if generation else brief.offline_narrative(facts)
    elif draft.kind == DraftKind.FINDINGS_SUMMARY:
        facts = findings.findings_facts(target, progress=progress)
        generation = _online(user=user, purpose="mana-findings", instructions=findings.INSTRUCTIONS, data=facts)
        text = generation.text if generation else findings.offline_summary(facts)
    else:
        facts = data = {
            "engagement": target.title,
            "date": target.starts_at.date().isoformat(),
            "minutes": target.minutes,
        }
        generation = _online(user=user, purpose="minutes-action-items", instructions=minutes.ONLINE_INSTRUCTIONS,
                             data=data)  # fmt: skip
        items = minutes.items_from_online(generation.text, target, user=user) if generation else []
        if not items:
            generation = None
            items = minutes.extract_action_items(target, user=user)
    if generation is not None and (generation.text or "").strip():
        provider = generation.provider if generation.provider in DraftProvider.values else DraftProvider.GEMINI
        draft.provider, draft.model = provider, (generation.model or "")[:100]
        unknown = unsupported_figures(text, facts) if text else []
        draft.note = (f"Check these figures: they are not in the record's data: {', '.join(unknown)}."[:300]
                      if unknown else "")  # fmt: skip
    else:
        draft.provider, draft.model, draft.note = DraftProvider.OFFLINE, "", OFFLINE_NOTE
    draft.text = (text or "").strip()[:MAX_TEXT]
    draft.items = items
    draft.ready = True
    draft.save(update_fields=["provider", "model", "note", "text", "items", "ready"])
    return draft


@transaction.atomic
def request_draft(*, user, kind: str, target) -> Draft:
    """Ask for a draft for ``target`` (which the user must be able to open). Assessment summaries are
    written by a background job (``draft.job``); the others at once."""
    from common.services.jobs import start_job

    spec = target_for(kind)
    if not isinstance(target, spec.model) or visible_target(user, kind, target.pk) is None:
        raise PermissionDenied(f"This {spec.noun} is outside your areas.")
    if kind == DraftKind.ACTION_ITEMS and not (target.minutes or "").strip():
        raise ValidationError({"record": "This engagement has no minutes yet: record them first."})
    draft = Draft.objects.create(
        user=user, kind=kind, content_type=ContentType.objects.get_for_model(spec.model), object_id=target.pk
    )
    if spec.background:
        draft.job = start_job(owner=user, kind=JOB_KIND, params={"draft": draft.pk})
        draft.save(update_fields=["job"])
    else:
        fill_draft(draft)
    return draft


# --- accepting ----------------------------------------------------------------------------------------


def _note(user, draft: Draft) -> str:
    who = user.get_full_name() or user.get_username()
    how = "online model " + (draft.model or draft.get_provider_display()) if draft.is_online else "offline draft"
    return f"AI-assisted draft accepted by {who} ({how}, draft #{draft.pk})."


def _last_entry_id() -> int:
    from auditlog.models import LogEntry

    return LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def mark_ai_assisted(obj, *, user, draft: Draft, since: int) -> None:
    """Mark the audit entries written for ``obj`` after entry ``since`` as AI-assisted (or write one)."""
    from auditlog.models import LogEntry

    data = {"ai_assisted": True, "draft": draft.pk, "provider": draft.provider, "note": _note(user, draft)}
    entries = LogEntry.objects.get_for_object(obj).filter(pk__gt=since)
    if not entries.update(additional_data=data):
        LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk), object_id=obj.pk,
            object_repr=str(obj)[:200], action=LogEntry.Action.UPDATE, changes={}, actor=user, additional_data=data,
        )  # fmt: skip


def _clean_text(text) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "The accepted text is empty."})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": f"Keep the text under {MAX_TEXT:,} characters."})
    return text


@transaction.atomic
def accept_draft(*, user, draft: Draft, text: str | None = None, expected_revision=None, reason: str = "") -> Draft:
    """Write a text draft (as the user corrected it) into its record, through the record's service."""
    row = _locked(user, draft)
    if row.kind == DraftKind.ACTION_ITEMS:
        raise ValidationError("Accept the proposed action items one by one.")
    target = _require_change(user, row)
    text = _clean_text(row.text if text is None else text)
    since = _last_entry_id()
    if row.kind == DraftKind.BRIEF_NARRATIVE:
        from policies import services as policy_services

        if target.is_editable:
            policy_services.update_recommendation(user=user, recommendation=target, expected_revision=expected_revision,
                                                  brief_summary=text)  # fmt: skip
        else:  # frozen after endorsement: a recorded revision (reviewers only), never a silent edit
            why = f"{_note(user, row)} {(reason or '').strip()}".strip()
            policy_services.revise_recommendation(user=user, recommendation=target, expected_revision=expected_revision,
                                                  reason=why, brief_summary=text)  # fmt: skip
    else:
        from mana.services.assessments import record_findings_summary

        record_findings_summary(user=user, assessment=target, text=text, expected_revision=expected_revision)
    mark_ai_assisted(target, user=user, draft=row, since=since)
    row.text, row.status, row.decided_at = text, DraftStatus.ACCEPTED, timezone.now()
    row.save(update_fields=["text", "status", "decided_at"])
    return row


@transaction.atomic
def reject_draft(*, user, draft: Draft) -> Draft:
    """Discard the draft (also one whose job failed or is still running): nothing is written."""
    row = _locked(user, draft, written=False)
    row.status, row.decided_at = DraftStatus.REJECTED, timezone.now()
    for item in row.items:
        if item.get("status") == ItemStatus.PENDING:
            item["status"] = ItemStatus.REJECTED
    row.save(update_fields=["status", "decided_at", "items"])
    return row


def _item(row: Draft, index) -> dict:
    if row.kind != DraftKind.ACTION_ITEMS:
        raise ValidationError("Only action-item drafts have items.")
    try:
        index = int(index)
        if index < 0:
            raise IndexError
        item = row.items[index]
    except (TypeError, ValueError, IndexError):
        raise ValidationError({"index": "No such proposed item."}) from None
    if item.get("status") != ItemStatus.PENDING:
        raise ValidationError({"index": f"This item was already {item.get('status')}."})
    return item


def _close_if_done(row: Draft) -> None:
    statuses = {i.get("status") for i in row.items}
    if ItemStatus.PENDING not in statuses:
        row.status = DraftStatus.ACCEPTED if ItemStatus.ACCEPTED in statuses else DraftStatus.REJECTED
        row.decided_at = timezone.now()


def _due(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({"due_date": "Give the due date as YYYY-MM-DD."}) from None


_UNSET = object()


@transaction.atomic
def accept_item(*, user, draft: Draft, index, title=None, owner=_UNSET, due_date=_UNSET):
    """Create ONE action item from proposed item ``index`` (corrected by the user) through
    coordination's service. The owner must be OOBC staff sharing the user's areas."""
    from django.contrib.auth import get_user_model

    from coordination import services as coordination_services
    from coordination.models import Organization

    row = _locked(user, draft)
    item = _item(row, index)
    engagement = _require_change(user, row)
    title = (item["title"] if title is None else title or "").strip()
    if not title:
        raise ValidationError({"title": "Give the action item a title."})
    owner_id = item.get("owner") if owner is _UNSET else (getattr(owner, "pk", owner) or None)
    if owner_id is None:
        raise ValidationError({"owner": "Choose who owns this action item."})
    person = minutes.owner_candidates(user).filter(pk=owner_id).first()
    if person is None:
        raise ValidationError({"owner": "Choose an owner among the OOBC staff who share your areas."})
    due = _due(item.get("due_date") if due_date is _UNSET else due_date)
    if due is None:
        raise ValidationError({"due_date": "Set a due date for this action item."})
    organization = None
    if item.get("organization"):
        organization = Organization.objects.for_user(user).filter(pk=item["organization"]).first()
    since = _last_entry_id()
    created = coordination_services.create_action_item(
        user=user, engagement=engagement, title=title[:200], owner=get_user_model().objects.get(pk=person.pk),
        due_date=due, responsible_organization=organization,
        details=f"Proposed from the minutes of “{engagement.title}”: {item.get('source', '')}"[:2000],
    )  # fmt: skip
    mark_ai_assisted(created, user=user, draft=row, since=since)
    item.update(status=ItemStatus.ACCEPTED, action_item=created.pk, title=title, owner=person.pk,
                owner_label=str(person), due_date=due.isoformat())  # fmt: skip
    _close_if_done(row)
    row.save(update_fields=["items", "status", "decided_at"])
    return created


@transaction.atomic
def reject_item(*, user, draft: Draft, index) -> Draft:
    row = _locked(user, draft)
    item = _item(row, index)
    item["status"] = ItemStatus.REJECTED
    _close_if_done(row)
    row.save(update_fields=["items", "status", "decided_at"])
    return row
