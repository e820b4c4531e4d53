"""The recommendation workflow: ONE transition table, checked here for every page, API call and task.

Each entry ``(from, to) -> Step`` says who may take the step and whether a comment is required:

- ``DRAFTER``: may change the recommendation (role and area: officers in their areas, executives);
- ``REVIEWER``: ``policies.review_recommendation`` (executives): return for revision, endorse, hold;
- ``DECIDER``: ``policies.decide_recommendation`` (executives): submit to the Chief Minister, record
  the decision, start and close implementation, expire.

On hold goes back only to the status it came from. Every step is recorded (actor, time, comment,
from, to) and notifies the people concerned (in-app now, e-mail by a task after commit).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from common.access import permission_allows
from common.appkit.concurrency import save_changes
from policies.models import DECIDE, REVIEW, Recommendation, RecommendationTransition, Status

from .notifications import notify_transition
from .recommendations import locked

DRAFTER, REVIEWER, DECIDER = "drafter", "reviewer", "decider"
S = Status


@dataclass(frozen=True)
class Step:
    label: str
    who: frozenset
    comment_required: bool = False


def _step(label, *who, comment=False) -> Step:
    return Step(label, frozenset(who), comment)


#: The statuses from which a recommendation can be put on hold (and to which it resumes).
HOLDABLE = (S.UNDER_REVIEW, S.ENDORSED, S.SUBMITTED, S.UNDER_CONSIDERATION, S.APPROVED, S.IN_IMPLEMENTATION)

TRANSITIONS: dict[tuple[str, str], Step] = {
    (S.DRAFT, S.UNDER_REVIEW): _step("Submit for review", DRAFTER),
    (S.DRAFT, S.WITHDRAWN): _step("Withdraw", DRAFTER, comment=True),
    (S.UNDER_REVIEW, S.NEEDS_REVISION): _step("Return for revision", REVIEWER, comment=True),
    (S.UNDER_REVIEW, S.ENDORSED): _step("Endorse", REVIEWER),
    (S.UNDER_REVIEW, S.WITHDRAWN): _step("Withdraw", DRAFTER, REVIEWER, comment=True),
    (S.NEEDS_REVISION, S.DRAFT): _step("Reopen as draft", DRAFTER),
    (S.NEEDS_REVISION, S.UNDER_REVIEW): _step("Resubmit for review", DRAFTER),
    (S.NEEDS_REVISION, S.WITHDRAWN): _step("Withdraw", DRAFTER, comment=True),
    (S.ENDORSED, S.SUBMITTED): _step("Submit to the Chief Minister", DECIDER),
    (S.ENDORSED, S.WITHDRAWN): _step("Withdraw", DECIDER, comment=True),
    (S.SUBMITTED, S.UNDER_CONSIDERATION): _step("Record: under consideration", DECIDER),
    (S.SUBMITTED, S.APPROVED): _step("Record approval", DECIDER),
    (S.SUBMITTED, S.REJECTED): _step("Record rejection", DECIDER, comment=True),
    (S.SUBMITTED, S.WITHDRAWN): _step("Withdraw", DECIDER, comment=True),
    (S.SUBMITTED, S.EXPIRED): _step("Mark expired", DECIDER),
    (S.UNDER_CONSIDERATION, S.APPROVED): _step("Record approval", DECIDER),
    (S.UNDER_CONSIDERATION, S.REJECTED): _step("Record rejection", DECIDER, comment=True),
    (S.UNDER_CONSIDERATION, S.WITHDRAWN): _step("Withdraw", DECIDER, comment=True),
    (S.UNDER_CONSIDERATION, S.EXPIRED): _step("Mark expired", DECIDER),
    (S.APPROVED, S.IN_IMPLEMENTATION): _step("Start implementation", DRAFTER, DECIDER),
    (S.IN_IMPLEMENTATION, S.IMPLEMENTED): _step("Close as implemented", DECIDER),
    **{(held, S.ON_HOLD): _step("Put on hold", REVIEWER, DECIDER, comment=True) for held in HOLDABLE},
    **{(S.ON_HOLD, held): _step("Resume", REVIEWER, DECIDER) for held in HOLDABLE},
    (S.ON_HOLD, S.WITHDRAWN): _step("Withdraw", DECIDER, comment=True),
    (S.ON_HOLD, S.EXPIRED): _step("Mark expired", DECIDER),
}


def _capacities(user, rec: Recommendation) -> set[str]:
    """What the user may act as on this recommendation (role and area)."""
    if not (user and user.is_authenticated and user.is_active):
        return set()
    found = set()
    if permission_allows(user, Recommendation, "change") and (
        Recommendation.objects.for_user(user, "change").filter(pk=rec.pk).exists()
    ):
        found.add(DRAFTER)
    visible = None
    for capacity, perm in ((REVIEWER, REVIEW), (DECIDER, DECIDE)):
        if user.has_perm(perm):
            if visible is None:
                visible = Recommendation.objects.for_user(user, "view").filter(pk=rec.pk).exists()
            if visible:
                found.add(capacity)
    return found


def available_steps(user, rec: Recommendation) -> list[tuple[str, Step]]:
    """The (to_status, step) the user may take now, in table order (for buttons and the API)."""
    capacities = _capacities(user, rec)
    out = []
    for (current, target), step in TRANSITIONS.items():
        if current != rec.status or not (step.who & capacities):
            continue
        if current == S.ON_HOLD and target in HOLDABLE and target != rec.held_from:
            continue
        out.append((target, step))
    return out


def _label(status: str) -> str:
    return S(status).label if status in S.values else repr(status)


@transaction.atomic
def transition_recommendation(*, user, recommendation: Recommendation, to_status: str,
                              comment: str = "") -> RecommendationTransition:  # fmt: skip
    """Take one step of the table, or refuse it (PermissionDenied for the role, ValidationError otherwise)."""
    rec = locked(user, recommendation, "view")
    if to_status not in S.values:
        raise ValidationError({"to_status": f"Unknown status {to_status!r}."})
    step = TRANSITIONS.get((rec.status, to_status))
    if step is None or (rec.status == S.ON_HOLD and to_status in HOLDABLE and to_status != rec.held_from):
        allowed = ", ".join(dict.fromkeys(_label(t) for (c, t) in TRANSITIONS if c == rec.status)) or "none"
        raise ValidationError(
            {"to_status": f"Cannot move from {_label(rec.status)} to {_label(to_status)}. "
                          f"Possible next steps: {allowed}."}
        )  # fmt: skip
    if not (step.who & _capacities(user, rec)):
        raise PermissionDenied(f"Your role cannot {step.label.lower()} this recommendation.")
    comment = (comment or "").strip()
    if step.comment_required and not comment:
        raise ValidationError({"comment": f"{step.label} needs a comment saying why."})
    if to_status == S.UNDER_REVIEW and not rec.evidence.exists():
        raise ValidationError("Cite at least one piece of evidence before submitting for review.")
    from_status, now = rec.status, timezone.now()
    previous = rec.transitions.order_by("-at", "-pk").first()
    if previous is not None:  # the time spent in the stage now left, kept for the dashboard
        previous.seconds_in_stage = max(0, int((now - previous.at).total_seconds()))
        previous.save(update_fields=["seconds_in_stage"])
    rec.held_from = from_status if to_status == S.ON_HOLD else ""
    rec.status = to_status
    rec.status_changed_at = now
    save_changes(rec, ["status", "held_from", "status_changed_at"], user=user)
    record = RecommendationTransition.objects.create(
        recommendation=rec, from_status=from_status, to_status=to_status, actor=user, comment=comment, at=now
    )
    notify_transition(record)
    return record
