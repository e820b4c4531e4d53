"""Writes of action items and their workflow (open → in progress → done, or dropped with a reason)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from common.appkit.concurrency import apply_changes, lock_for_edit, require_in_scope, save_changes
from coordination.models import ActionItem, ActionItemTransition, Engagement, Organization

from .base import check_places, check_transition, require, require_staff, set_fields

S = ActionItem.Status
TRANSITIONS: dict[str, set[str]] = {
    S.OPEN: {S.IN_PROGRESS, S.DONE, S.DROPPED},
    S.IN_PROGRESS: {S.OPEN, S.DONE, S.DROPPED},
    S.DONE: {S.IN_PROGRESS},  # reopened when it turns out not to be done
    S.DROPPED: {S.OPEN},
}
ACTION_FIELDS = frozenset({"title", "details", "owner", "due_date", "responsible_organization", "commitment"})


def _check_related(user, item: ActionItem, *, owner_changed: bool = True) -> None:
    if item.owner_id and not (item.owner.is_active):
        raise ValidationError({"owner": "The owner's account is not active."})
    if owner_changed:
        require_staff(user, [item.owner], field="owner")
    org = item.responsible_organization
    if org is not None and not Organization.objects.for_user(user).filter(pk=org.pk).exists():
        raise ValidationError({"responsible_organization": "Choose an organization you can see."})
    if item.commitment_id and item.commitment.engagement_id != item.engagement_id:
        raise ValidationError({"commitment": "The commitment belongs to another engagement."})


@transaction.atomic
def create_action_item(*, user, engagement: Engagement | None = None, place=None, **fields) -> ActionItem:
    require(user, ActionItem, "add")
    item = ActionItem(created_by=user, updated_by=user)
    set_fields(item, fields, ACTION_FIELDS)
    if engagement is not None:
        if not Engagement.objects.for_user(user, "change").filter(pk=engagement.pk).exists():
            raise PermissionDenied("This engagement is outside your assigned areas.")
        item.engagement = engagement
        item.set_place(engagement.place)
    elif place is not None:
        check_places(user, [place], field="place")
        item.set_place(place)
    else:
        raise ValidationError({"place": "Choose the area of a stand-alone action item."})
    _check_related(user, item)
    item.full_clean()
    item.save()
    return item


def _locked(user, item: ActionItem) -> ActionItem:
    """The owner may always update their own item; others need the change permission in the area."""
    require(user, ActionItem, "change")
    locked = ActionItem.objects.for_user(user, "change").select_for_update().filter(pk=item.pk).first()
    if locked is None:
        raise PermissionDenied("This action item is outside your assigned areas.")
    return locked


@transaction.atomic
def update_action_item(*, user, item: ActionItem, expected_revision=None, **fields) -> ActionItem:
    require(user, ActionItem, "change")
    require_in_scope(ActionItem.objects, user, item, "change", "This action item is outside your assigned areas.")
    locked = lock_for_edit(item, expected_revision=expected_revision)
    changed = apply_changes(locked, fields, allowed=ACTION_FIELDS)
    _check_related(user, locked, owner_changed="owner" in changed)
    locked.full_clean()
    save_changes(locked, changed, user=user)
    return locked


@transaction.atomic
def transition_action_item(*, user, item: ActionItem, to_status: str, comment: str = "") -> ActionItemTransition:
    locked = _locked(user, item)
    check_transition(TRANSITIONS, locked.status, to_status, S)
    if to_status == S.DROPPED and not comment.strip():
        raise ValidationError({"comment": "Give the reason for dropping this action item."})
    fields = {"status", "closed_at", "closed_by", "drop_reason"}
    if to_status in (S.DONE, S.DROPPED):
        locked.closed_at, locked.closed_by = timezone.now(), user
    else:
        locked.closed_at = locked.closed_by = None
    locked.drop_reason = comment.strip() if to_status == S.DROPPED else ""
    from_status, locked.status = locked.status, to_status
    save_changes(locked, fields, user=user)
    item.status, item.revision = locked.status, locked.revision
    return ActionItemTransition.objects.create(
        action_item=locked, from_status=from_status, to_status=to_status, actor=user, comment=comment.strip()
    )
