"""Writes and business rules of the policies app (pages, API, tasks and commands all call these)."""

from .evidence import add_evidence, check_document, remove_evidence
from .implementation import (
    add_indicator,
    add_milestone,
    add_progress_update,
    flag_overdue_reports,
    record_measure,
    set_reporting_plan,
    update_milestone,
    upload_implementation_document,
)
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
    "add_indicator",
    "add_milestone",
    "add_progress_update",
    "available_steps",
    "check_document",
    "create_recommendation",
    "delete_recommendation",
    "flag_overdue_reports",
    "mark_read",
    "next_reference",
    "notify_transition",
    "recompute_priority",
    "record_measure",
    "remove_evidence",
    "revise_recommendation",
    "set_reporting_plan",
    "transition_recommendation",
    "update_milestone",
    "update_recommendation",
    "upload_implementation_document",
]
