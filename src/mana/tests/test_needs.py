from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from coordination import services as coordination_services
from mana.models import Need, NeedVote, PriorityWeights
from mana.services import needs as service

pytestmark = pytest.mark.django_db


def make_need(user, assessment, aliguay, **overrides):
    fields = dict(  # noqa: C408
        category="wash",
        title="Safe drinking water",
        severity=5,
        urgency=4,
        feasibility=3,
        affected_population=1200,
        affected_communities=[aliguay],
        assessment=assessment,
    )
    fields.update(overrides)
    return service.create_need(user=user, **fields)


@pytest.mark.parametrize(
    ("population", "band"), [(None, 1), (0, 1), (99, 1), (100, 2), (499, 2), (500, 3), (999, 3), (1000, 4), (5000, 5)]
)
def test_population_bands(population, band):
    assert service.population_band(population) == band


def test_priority_formula_with_default_weights():
    # weights 3,3,2,2: 100 × (3·5 + 3·4 + 2·3 + 2·4) / (5 × 10) = 100 × 41 / 50 = 82
    score = service.priority_score(
        severity=5, urgency=4, feasibility=3, affected_population=1200, weights=PriorityWeights.DEFAULT_WEIGHTS
    )
    assert score == Decimal("82.00")


def test_priority_formula_bounds():
    w = PriorityWeights.DEFAULT_WEIGHTS
    assert service.priority_score(severity=1, urgency=1, feasibility=1, affected_population=0, weights=w) == 20
    assert service.priority_score(severity=5, urgency=5, feasibility=5, affected_population=9000, weights=w) == 100


def test_new_need_gets_its_score_and_area(assessment, facilitator_ix, aliguay):
    need = make_need(facilitator_ix, assessment, aliguay)
    assert need.priority_score == Decimal("82.00")
    assert need.region == assessment.region and need.province == assessment.province


def test_category_weights_change_the_score_and_rescore_existing_needs(
    assessment, facilitator_ix, administrator, aliguay
):
    need = make_need(facilitator_ix, assessment, aliguay)
    other = make_need(facilitator_ix, assessment, aliguay, category="health")
    service.set_priority_weights(
        user=administrator, category="wash", severity=1, urgency=0, feasibility=0, population=0
    )
    need.refresh_from_db()
    other.refresh_from_db()
    assert need.priority_score == Decimal("100.00")  # only severity (5/5) counts
    assert other.priority_score == Decimal("82.00")  # other categories unchanged


def test_only_national_roles_change_weights(facilitator_ix):
    with pytest.raises(PermissionDenied):
        service.set_priority_weights(user=facilitator_ix, category="wash", severity=5)


def test_updating_ratings_rescores(assessment, facilitator_ix, aliguay):
    need = make_need(facilitator_ix, assessment, aliguay)
    service.update_need(user=facilitator_ix, need=need, severity=1, urgency=1)
    assert need.priority_score < Decimal("82.00")


def test_need_recorded_for_a_community_without_assessment(officer_ix, facilitator_ix, aliguay):
    need = service.create_need(
        user=facilitator_ix,
        category="education",
        title="Madrasah teachers",
        severity=3,
        urgency=3,
        feasibility=4,
        affected_communities=[aliguay],
    )
    assert need.assessment is None and need.province == aliguay.municipality.province
    assert Need.objects.for_user(officer_ix).filter(pk=need.pk).exists()
    with pytest.raises(PermissionDenied):
        service.create_need(
            user=officer_ix,
            category="education",
            title="x",
            severity=3,
            urgency=3,
            feasibility=3,
            affected_communities=[aliguay],
        )


def test_ratings_must_be_between_1_and_5(assessment, facilitator_ix, aliguay):
    with pytest.raises(ValidationError):
        make_need(facilitator_ix, assessment, aliguay, severity=6)


def test_need_status_path_and_forwarding(assessment, facilitator_ix, aliguay):
    need = make_need(facilitator_ix, assessment, aliguay)
    with pytest.raises(ValidationError, match="cannot move"):
        service.transition_need(user=facilitator_ix, need=need, to_status="forwarded")
    service.transition_need(user=facilitator_ix, need=need, to_status="validated")
    service.transition_need(user=facilitator_ix, need=need, to_status="prioritised")
    with pytest.raises(ValidationError, match="Name the agency"):
        service.transition_need(user=facilitator_ix, need=need, to_status="forwarded")
    with pytest.raises(ValidationError, match="No organization"):
        service.transition_need(user=facilitator_ix, need=need, to_status="forwarded", forwarded_to="MBHTE")
    mbhte = coordination_services.create_organization(
        user=assessment.created_by, name="Ministry of Basic, Higher and Technical Education", acronym="MBHTE",
        org_type="bmoa", is_nationwide=True,
    )  # fmt: skip
    service.transition_need(user=facilitator_ix, need=need, to_status="forwarded", forwarded_to="mbhte")
    service.transition_need(
        user=facilitator_ix, need=need, to_status="addressed", agency_response="Two teachers deployed"
    )
    need.refresh_from_db()
    assert need.status == "addressed" and need.forwarded_to_organization == mbhte and need.forwarded_at is not None
    assert need.forwarded_to == str(mbhte)
    assert need.agency_response == "Two teachers deployed"
    assert [t.to_status for t in need.transitions.all()] == ["validated", "prioritised", "forwarded", "addressed"]


def test_rejecting_needs_a_reason(assessment, facilitator_ix, aliguay):
    need = make_need(facilitator_ix, assessment, aliguay)
    with pytest.raises(ValidationError, match="why"):
        service.transition_need(user=facilitator_ix, need=need, to_status="rejected")


def test_one_vote_per_person_per_need(assessment, facilitator_ix, officer_ix, aliguay):
    need = make_need(facilitator_ix, assessment, aliguay)
    service.cast_vote(user=officer_ix, need=need)
    with pytest.raises(ValidationError, match="already voted"):
        service.cast_vote(user=officer_ix, need=need)
    service.cast_vote(user=facilitator_ix, need=need)
    need.refresh_from_db()
    assert need.vote_count == 2
    assert NeedVote.objects.filter(need=need).count() == 2


def test_database_refuses_a_second_vote_even_without_the_service(assessment, facilitator_ix, officer_ix, aliguay):
    need = make_need(facilitator_ix, assessment, aliguay)
    NeedVote.objects.create(need=need, voter=officer_ix)
    with pytest.raises(IntegrityError), transaction.atomic():
        NeedVote.objects.create(need=need, voter=officer_ix)


def test_participant_votes_are_recorded_once_and_need_consent(
    assessment, facilitator_ix, participant, participant_without_consent, aliguay
):
    need = make_need(facilitator_ix, assessment, aliguay)
    service.cast_vote(user=facilitator_ix, need=need, participant=participant)
    with pytest.raises(ValidationError, match="already voted"):
        service.cast_vote(user=facilitator_ix, need=need, participant=participant)
    with pytest.raises(ValidationError, match="consent"):
        service.cast_vote(user=facilitator_ix, need=need, participant=participant_without_consent)
    with pytest.raises(IntegrityError), transaction.atomic():
        NeedVote.objects.create(need=need, participant=participant)


def test_withdrawing_a_vote(assessment, facilitator_ix, officer_ix, aliguay):
    need = make_need(facilitator_ix, assessment, aliguay)
    service.cast_vote(user=officer_ix, need=need)
    service.withdraw_vote(user=officer_ix, need=need)
    need.refresh_from_db()
    assert need.vote_count == 0


def test_outsiders_and_partners_cannot_vote(assessment, facilitator_ix, aliguay, partner_ix, officer_xii):
    need = make_need(facilitator_ix, assessment, aliguay)
    with pytest.raises(PermissionDenied):
        service.cast_vote(user=partner_ix, need=need)
    with pytest.raises(PermissionDenied):
        service.cast_vote(user=officer_xii, need=need)  # outside their region


def test_board_ranks_by_score_then_votes(assessment, facilitator_ix, officer_ix, aliguay):
    from mana import selectors

    low = make_need(facilitator_ix, assessment, aliguay, title="low", severity=1, urgency=1)
    tied_a = make_need(facilitator_ix, assessment, aliguay, title="tied a")
    tied_b = make_need(facilitator_ix, assessment, aliguay, title="tied b")
    service.cast_vote(user=officer_ix, need=tied_b)
    ranked = list(selectors.ranked_needs(Need.objects.filter(assessment=assessment)))
    assert [n.title for n in ranked] == ["tied b", "tied a", "low"]
    assert [n.rank for n in ranked] == [1, 2, 3]
    assert {low.pk, tied_a.pk} <= {n.pk for n in ranked}
