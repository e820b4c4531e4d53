"""Coordination writes. Views, API, tasks, imports and commands all call these functions."""

from .action_items import create_action_item, transition_action_item, update_action_item
from .alerts import check_agreements, dismiss_alert
from .calendar import feed_token, regenerate_feed_token, user_for_token
from .engagements import (
    add_commitment,
    add_feedback,
    create_engagement,
    delete_engagement,
    transition_engagement,
    update_engagement,
)
from .organizations import (
    create_contact,
    create_organization,
    delete_contact,
    delete_organization,
    find_duplicates,
    name_key,
    resolve_forward_target,
    update_contact,
    update_organization,
)
from .partnerships import (
    add_milestone,
    add_signatory,
    check_document,
    create_partnership,
    delete_partnership,
    renew_partnership,
    transition_milestone,
    transition_partnership,
    update_milestone,
    update_partnership,
    upload_document,
)

__all__ = [
    "add_commitment",
    "add_feedback",
    "add_milestone",
    "add_signatory",
    "check_agreements",
    "check_document",
    "create_action_item",
    "create_contact",
    "create_engagement",
    "create_organization",
    "create_partnership",
    "delete_contact",
    "delete_engagement",
    "delete_organization",
    "delete_partnership",
    "dismiss_alert",
    "feed_token",
    "find_duplicates",
    "name_key",
    "regenerate_feed_token",
    "renew_partnership",
    "resolve_forward_target",
    "transition_action_item",
    "transition_engagement",
    "transition_milestone",
    "transition_partnership",
    "update_action_item",
    "update_contact",
    "update_engagement",
    "update_milestone",
    "update_organization",
    "update_partnership",
    "upload_document",
    "user_for_token",
]
