"""Writes and business rules of the policies app (pages, API, tasks and commands all call these)."""

from .evidence import add_evidence, check_document, remove_evidence
from .notifications import mark_read, notify_transition
from .recommendations import (
    create_recommendation,
    delete_recommendation,
    next_reference,
    recompute_priority,
    revise_recommendation,
    update_recommendation,
)
from .workflow import TRANSITIONS, available_steps, transition_recommendation

__all__ = [
    "TRANSITIONS",
    "add_evidence",
    "available_steps",
    "check_document",
    "create_recommendation",
    "delete_recommendation",
    "mark_read",
    "next_reference",
    "notify_transition",
    "recompute_priority",
    "remove_evidence",
    "revise_recommendation",
    "transition_recommendation",
    "update_recommendation",
]
