"""Writes of community leaders and contacts (personal data: role permission + personal-data access)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from common import personal_data
from common.access import permission_allows
from common.appkit.concurrency import apply_changes, lock_for_edit, save_changes
from communities.models import BarangayOBC, CommunityLeader

LEADER_FIELDS = frozenset(
    {"name", "role", "position", "sex", "phone", "email", "is_primary_contact", "consent_given", "notes"}
)


def _require(user, community: BarangayOBC, action: str) -> None:
    if not personal_data.can_view(user, CommunityLeader):
        raise PermissionDenied("Your role cannot see or change personal data.")
    if not permission_allows(user, CommunityLeader, action):
        raise PermissionDenied(f"Your role cannot {action} community leaders.")
    if not personal_data.can_view(user, CommunityLeader, obj=community):
        raise PermissionDenied("This community is outside your assigned areas.")


def _set(leader: CommunityLeader, fields: dict) -> None:
    unknown = set(fields) - LEADER_FIELDS
    if unknown:
        raise TypeError(f"Unknown leader field(s): {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(leader, name, value)


@transaction.atomic
def create_leader(*, user, community: BarangayOBC, **fields) -> CommunityLeader:
    _require(user, community, "add")
    leader = CommunityLeader(community=community, created_by=user, updated_by=user)
    _set(leader, fields)
    leader.full_clean()
    leader.save()
    return leader


@transaction.atomic
def update_leader(*, user, leader: CommunityLeader, expected_revision=None, **fields) -> CommunityLeader:
    """Edit a leader/contact: locked, version-checked, only the changed fields written."""
    _require(user, leader.community, "change")
    lock_for_edit(leader, expected_revision=expected_revision)
    changed = apply_changes(leader, fields, allowed=LEADER_FIELDS)
    leader.full_clean()
    if changed:
        save_changes(leader, changed, user=user)
    return leader


@transaction.atomic
def delete_leader(*, user, leader: CommunityLeader) -> None:
    _require(user, leader.community, "delete")
    leader.delete()
