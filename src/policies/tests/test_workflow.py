"""The workflow's one transition table: every step allowed and refused per persona, required
comments, the record of each step, hold/resume, and the notifications."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from policies import services
from policies.models import Notification, Recommendation, RecommendationTransition, Status
from policies.services.workflow import DECIDER, DRAFTER, HOLDABLE, REVIEWER, TRANSITIONS, available_steps

#: What each persona may act as on ``rec_ix`` (Dapitan, Region IX), written out independently of the service.
CAPACITIES = {
    "officer_ix": {DRAFTER},
    "officer_zdn": {DRAFTER},  # Dapitan lies in Zamboanga del Norte
    "officer_xii": set(),
    "executive": {DRAFTER, REVIEWER, DECIDER},
    "facilitator_ix": set(),
    "partner_ix": set(),
    "outsider": set(),
}
STEPS = sorted(TRANSITIONS.items())


def _put(rec, current, target):
    held = target if current == Status.ON_HOLD and target in HOLDABLE else Status.UNDER_REVIEW
    Recommendation.objects.filter(pk=rec.pk).update(status=current, held_from=held if current == Status.ON_HOLD else "")
    rec.refresh_from_db()


@pytest.mark.parametrize(("edge", "step"), STEPS, ids=[f"{a}->{b}" for (a, b), _ in STEPS])
def test_every_transition_allowed_only_to_its_roles(request, rec_ix, edge, step):
    current, target = edge
    comment = "Reason recorded for the file." if step.comment_required else ""
    for persona, capacities in CAPACITIES.items():
        _put(rec_ix, current, target)
        RecommendationTransition.objects.filter(recommendation=rec_ix).delete()
        user = request.getfixturevalue(persona)
        if step.who & capacities:
            record = services.transition_recommendation(
                user=user, recommendation=rec_ix, to_status=target, comment=comment
            )
            rec_ix.refresh_from_db()
            assert rec_ix.status == target, persona
            assert (record.from_status, record.to_status, record.actor, record.comment) == (
                current, target, user, comment,
            )  # fmt: skip
        else:
            with pytest.raises(PermissionDenied):
                services.transition_recommendation(user=user, recommendation=rec_ix, to_status=target, comment=comment)
            rec_ix.refresh_from_db()
            assert rec_ix.status == current, persona
            assert not RecommendationTransition.objects.filter(recommendation=rec_ix).exists(), persona


COMMENTED = [(edge, step) for edge, step in STEPS if step.comment_required]


@pytest.mark.parametrize(("edge", "step"), COMMENTED, ids=[f"{a}->{b}" for (a, b), _ in COMMENTED])
def test_return_reject_withdraw_and_hold_need_a_comment(rec_ix, executive, edge, step):
    current, target = edge
    _put(rec_ix, current, target)
    with pytest.raises(ValidationError) as refused:
        services.transition_recommendation(user=executive, recommendation=rec_ix, to_status=target, comment="   ")
    assert "comment" in refused.value.message_dict
    rec_ix.refresh_from_db()
    assert rec_ix.status == current


def test_comment_required_steps_cover_return_reject_withdraw():
    required = {target for (_, target), step in TRANSITIONS.items() if step.comment_required}
    assert {Status.NEEDS_REVISION, Status.REJECTED, Status.WITHDRAWN} <= required
    assert Status.ENDORSED not in required


def test_steps_outside_the_table_are_refused_even_for_executives(rec_ix, executive):
    with pytest.raises(ValidationError, match="Cannot move from Draft to Approved"):
        services.transition_recommendation(user=executive, recommendation=rec_ix, to_status=Status.APPROVED)
    with pytest.raises(ValidationError, match="Unknown status"):
        services.transition_recommendation(user=executive, recommendation=rec_ix, to_status="published")
    rec_ix.refresh_from_db()
    assert rec_ix.status == Status.DRAFT


def test_officer_cannot_endorse_own_recommendation(rec_ix, officer_ix):
    services.transition_recommendation(user=officer_ix, recommendation=rec_ix, to_status=Status.UNDER_REVIEW)
    with pytest.raises(PermissionDenied):
        services.transition_recommendation(user=officer_ix, recommendation=rec_ix, to_status=Status.ENDORSED)
    rec_ix.refresh_from_db()
    assert [s for s, _ in available_steps(officer_ix, rec_ix)] == [Status.WITHDRAWN]


def test_on_hold_resumes_only_to_the_status_it_came_from(rec_ix, officer_ix, executive):
    services.transition_recommendation(user=officer_ix, recommendation=rec_ix, to_status=Status.UNDER_REVIEW)
    services.transition_recommendation(user=executive, recommendation=rec_ix, to_status=Status.ENDORSED)
    services.transition_recommendation(
        user=executive, recommendation=rec_ix, to_status=Status.ON_HOLD, comment="Budget call not open yet."
    )
    rec_ix.refresh_from_db()
    assert (rec_ix.status, rec_ix.held_from) == (Status.ON_HOLD, Status.ENDORSED)
    with pytest.raises(ValidationError):
        services.transition_recommendation(user=executive, recommendation=rec_ix, to_status=Status.APPROVED)
    offered = {s for s, _ in available_steps(executive, rec_ix)}
    assert Status.ENDORSED in offered and Status.UNDER_REVIEW not in offered
    services.transition_recommendation(user=executive, recommendation=rec_ix, to_status=Status.ENDORSED)
    rec_ix.refresh_from_db()
    assert (rec_ix.status, rec_ix.held_from) == (Status.ENDORSED, "")


def test_submitting_without_evidence_is_refused(officer_ix, dapitan):
    from policies.tests.conftest import rec_fields

    rec = services.create_recommendation(user=officer_ix, areas=[dapitan], **rec_fields())
    with pytest.raises(ValidationError, match="evidence"):
        services.transition_recommendation(user=officer_ix, recommendation=rec, to_status=Status.UNDER_REVIEW)


def test_each_step_is_recorded_with_actor_time_comment(rec_ix, officer_ix, executive):
    services.transition_recommendation(user=officer_ix, recommendation=rec_ix, to_status=Status.UNDER_REVIEW)
    services.transition_recommendation(
        user=executive, recommendation=rec_ix, to_status=Status.NEEDS_REVISION, comment="Cite the census figures."
    )
    rows = list(rec_ix.transitions.values_list("from_status", "to_status", "actor__username", "comment"))
    assert rows == [
        ("draft", "under_review", "officer_ix", ""),
        ("under_review", "needs_revision", "executive", "Cite the census figures."),
    ]
    assert all(t.at is not None for t in rec_ix.transitions.all())
    rec_ix.refresh_from_db()
    assert rec_ix.revision == 3  # created at 1, one bump per step


def test_submit_for_review_notifies_reviewers_in_app_and_by_email(
    rec_ix, officer_ix, executive, officer_xii, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_recommendation(user=officer_ix, recommendation=rec_ix, to_status=Status.UNDER_REVIEW)
    notices = Notification.objects.filter(recommendation=rec_ix)
    assert set(notices.values_list("recipient__username", flat=True)) == {"executive"}
    assert [m.to for m in mailoutbox] == [[executive.email]]
    assert rec_ix.reference in mailoutbox[0].subject
    assert notices.get().emailed_at is not None


def test_return_for_revision_notifies_the_drafter_not_the_actor(
    rec_ix, officer_ix, executive, mailoutbox, django_capture_on_commit_callbacks
):
    services.transition_recommendation(user=officer_ix, recommendation=rec_ix, to_status=Status.UNDER_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_recommendation(
            user=executive, recommendation=rec_ix, to_status=Status.NEEDS_REVISION, comment="Add budget basis."
        )
    last = Notification.objects.filter(recommendation=rec_ix, transition__to_status=Status.NEEDS_REVISION)
    assert list(last.values_list("recipient__username", flat=True)) == ["officer_ix"]
    assert [m.to for m in mailoutbox] == [[officer_ix.email]]
    assert services.mark_read(user=officer_ix) == 1
    assert services.mark_read(user=officer_ix) == 0
