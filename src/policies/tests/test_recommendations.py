"""Recommendations: readable references, area rules on reads and writes, validation, frozen content
after endorsement and the revision history."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from common.appkit.concurrency import StaleRecordError
from policies import services
from policies.models import Quadrant, Recommendation, RecommendationRevision, Status

from .conftest import advance, rec_fields


def test_references_are_readable_and_numbered_in_sequence(officer_ix, dapitan):
    year = timezone.localdate().year
    first = services.create_recommendation(user=officer_ix, areas=[dapitan], **rec_fields())
    second = services.create_recommendation(user=officer_ix, areas=[dapitan], **rec_fields(title="Second"))
    assert first.reference == f"PR-{year}-0001"
    assert second.reference == f"PR-{year}-0002"


def test_reference_counter_restarts_each_year(db):
    assert services.next_reference(2031) == "PR-2031-0001"
    assert services.next_reference(2031) == "PR-2031-0002"
    assert services.next_reference(2032) == "PR-2032-0001"


def test_officer_cannot_draft_outside_region(officer_ix, koronadal):
    with pytest.raises(ValidationError, match="Outside your assigned areas"):
        services.create_recommendation(user=officer_ix, areas=[koronadal], **rec_fields())
    assert not Recommendation.objects.exists()


def test_officer_cannot_draft_national_scope_but_executive_can(officer_ix, executive):
    with pytest.raises(ValidationError) as refused:
        services.create_recommendation(user=officer_ix, **rec_fields(scope_level="national"))
    assert "scope_level" in refused.value.message_dict
    rec = services.create_recommendation(user=executive, **rec_fields(scope_level="national"))
    assert rec.is_national and not rec.areas.exists()


def test_scope_level_must_match_the_level_of_the_areas(officer_ix, zdn, dapitan):
    with pytest.raises(ValidationError, match="lists cities/municipalities"):
        services.create_recommendation(user=officer_ix, areas=[zdn], **rec_fields(scope_level="municipal"))
    rec = services.create_recommendation(user=officer_ix, areas=[zdn], **rec_fields(scope_level="provincial"))
    assert [a.province for a in rec.areas.all()] == [zdn]
    with pytest.raises(ValidationError, match="at least one area"):
        services.create_recommendation(user=officer_ix, areas=[], **rec_fields())


def test_negative_budget_is_refused_by_the_service_and_the_database(officer_ix, dapitan, rec_ix):
    with pytest.raises(ValidationError) as refused:
        services.create_recommendation(user=officer_ix, areas=[dapitan], **rec_fields(budget_amount="-1.00"))
    assert "budget_amount" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.filter(pk=rec_ix.pk).update(budget_amount=-5)


def test_officer_cannot_target_community_or_organization_outside_areas(officer_ix, dapitan, community_xii):
    with pytest.raises(ValidationError) as refused:
        services.create_recommendation(user=officer_ix, areas=[dapitan], communities=[community_xii], **rec_fields())
    assert "communities" in refused.value.message_dict


def test_partner_and_outsider_cannot_draft(partner_ix, outsider, dapitan):
    for user in (partner_ix, outsider):
        with pytest.raises(PermissionDenied):
            services.create_recommendation(user=user, areas=[dapitan], **rec_fields())


def test_regional_officer_sees_own_region_and_national_but_not_other_region(
    rec_ix, rec_xii, rec_national, officer_ix, officer_xii, officer_zdn
):
    assert set(Recommendation.objects.for_user(officer_ix)) == {rec_ix, rec_national}
    assert set(Recommendation.objects.for_user(officer_xii)) == {rec_xii, rec_national}
    assert set(Recommendation.objects.for_user(officer_zdn)) == {rec_ix, rec_national}


def test_national_recommendation_is_editable_by_executives_only(rec_national, officer_ix, executive):
    assert not Recommendation.objects.for_user(officer_ix, "change").filter(pk=rec_national.pk).exists()
    with pytest.raises(PermissionDenied):
        services.update_recommendation(user=officer_ix, recommendation=rec_national, title="Changed")
    services.update_recommendation(user=executive, recommendation=rec_national, title="OBC desks in ministries")
    rec_national.refresh_from_db()
    assert rec_national.title == "OBC desks in ministries"


def test_officer_cannot_edit_recommendation_of_another_region(rec_xii, officer_ix):
    with pytest.raises(PermissionDenied):
        services.update_recommendation(user=officer_ix, recommendation=rec_xii, title="Hijacked")
    rec_xii.refresh_from_db()
    assert rec_xii.title != "Hijacked"


def test_partner_sees_only_approved_recommendations_of_own_areas(
    rec_ix, rec_xii, rec_national, partner_ix, officer_ix, officer_xii, executive
):
    assert not Recommendation.objects.for_user(partner_ix).exists()
    advance(rec_ix, officer_ix, executive, Status.APPROVED)
    advance(rec_xii, officer_xii, executive, Status.APPROVED)
    assert set(Recommendation.objects.for_user(partner_ix)) == {rec_ix}
    assert not Recommendation.objects.for_user(partner_ix, "change").exists()


def test_outsider_and_facilitator_reads(rec_ix, rec_xii, outsider, facilitator_ix):
    assert not Recommendation.objects.for_user(outsider).exists()
    assert set(Recommendation.objects.for_user(facilitator_ix)) == {rec_ix}
    assert not Recommendation.objects.for_user(facilitator_ix, "change").exists()


def test_stale_save_is_refused_and_loses_nothing(rec_ix, officer_ix, officer_zdn):
    read = rec_ix.revision
    services.update_recommendation(user=officer_zdn, recommendation=rec_ix, expected_revision=read, title="First save")
    with pytest.raises(StaleRecordError, match="changed by"):
        services.update_recommendation(
            user=officer_ix, recommendation=rec_ix, expected_revision=read, title="Second save"
        )
    rec_ix.refresh_from_db()
    assert rec_ix.title == "First save"


def test_quadrant_reads_importance_and_urgency(rec_ix, officer_ix):
    assert rec_ix.quadrant == Quadrant.DO
    services.update_recommendation(user=officer_ix, recommendation=rec_ix, importance=5, urgency=2)
    rec_ix.refresh_from_db()
    assert rec_ix.quadrant == Quadrant.PLAN


def test_priority_is_derived_from_the_needs_answered(rec_ix, need_ix):
    assert rec_ix.priority_score == need_ix.priority_score > 0


@pytest.mark.parametrize("status", [Status.UNDER_REVIEW, Status.ENDORSED, Status.APPROVED])
def test_content_is_frozen_from_review_on(rec_ix, officer_ix, executive, status):
    advance(rec_ix, officer_ix, executive, status)
    for user in (officer_ix, executive):
        with pytest.raises(ValidationError, match="frozen"):
            services.update_recommendation(user=user, recommendation=rec_ix, title="Quietly changed")
    rec_ix.refresh_from_db()
    assert rec_ix.title == "Madrasah teachers for Dapitan OBCs"


def test_returned_recommendation_is_editable_again(rec_ix, officer_ix, executive):
    advance(rec_ix, officer_ix, executive, Status.UNDER_REVIEW)
    services.transition_recommendation(
        user=executive, recommendation=rec_ix, to_status=Status.NEEDS_REVISION, comment="Add the census figures."
    )
    services.update_recommendation(user=officer_ix, recommendation=rec_ix, problem="Census 2020: 1,240 OBC children.")
    rec_ix.refresh_from_db()
    assert rec_ix.problem.startswith("Census 2020")


def test_revision_after_endorsement_keeps_what_changed_and_who(rec_ix, officer_ix, executive):
    advance(rec_ix, officer_ix, executive, Status.ENDORSED)
    revision = services.revise_recommendation(
        user=executive, recommendation=rec_ix, reason="Budget ceiling of the FY 2027 call.", budget_amount="900000.00"
    )
    rec_ix.refresh_from_db()
    assert (rec_ix.content_revision, rec_ix.status, str(rec_ix.budget_amount)) == (2, Status.ENDORSED, "900000.00")
    assert revision.number == 2 and revision.actor == executive
    assert revision.changes == {"budget (PHP)": {"from": "1200000.00", "to": "900000.00"}}
    assert list(rec_ix.revisions.values_list("reason", flat=True)) == ["Budget ceiling of the FY 2027 call."]


def test_revision_rules(rec_ix, officer_ix, executive):
    with pytest.raises(ValidationError, match="still editable"):
        services.revise_recommendation(user=executive, recommendation=rec_ix, reason="x", title="New")
    advance(rec_ix, officer_ix, executive, Status.ENDORSED)
    with pytest.raises(PermissionDenied):
        services.revise_recommendation(user=officer_ix, recommendation=rec_ix, reason="x", title="New")
    with pytest.raises(ValidationError) as refused:
        services.revise_recommendation(user=executive, recommendation=rec_ix, reason=" ", title="New")
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError, match="Nothing changed"):
        services.revise_recommendation(user=executive, recommendation=rec_ix, reason="x", title=rec_ix.title)
    assert not RecommendationRevision.objects.exists()


def test_only_drafts_are_deleted(rec_ix, officer_ix, executive, administrator):
    advance(rec_ix, officer_ix, executive, Status.UNDER_REVIEW)
    with pytest.raises(PermissionDenied):
        services.delete_recommendation(user=officer_ix, recommendation=rec_ix)  # officers have no delete
    with pytest.raises(ValidationError, match="Only a draft"):
        services.delete_recommendation(user=administrator, recommendation=rec_ix)
