"""Needs register: recording, the priority formula, status transitions, votes, weights."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from common.access import has_national_scope, permission_allows
from common.appkit.concurrency import apply_changes, lock_for_edit, require_in_scope, require_visible, save_changes
from mana.community import community_in_area, community_province, community_queryset, link_need_profiles
from mana.models import Need, NeedTransition, NeedVote, PriorityWeights, Response
from mana.services.access import area_within_user, require_assessment, require_permission

S = Need.Status
TRANSITIONS: dict[str, set[str]] = {
    S.IDENTIFIED: {S.VALIDATED, S.REJECTED},
    S.VALIDATED: {S.PRIORITISED, S.REJECTED},
    S.PRIORITISED: {S.FORWARDED, S.REJECTED},
    S.FORWARDED: {S.ADDRESSED, S.REJECTED},
    S.ADDRESSED: set(),
    S.REJECTED: set(),
}
VOTING_STATUSES = {S.IDENTIFIED, S.VALIDATED, S.PRIORITISED}
NEED_FIELDS = (
    "category",
    "title",
    "description",
    "affected_population",
    "evidence_sources",
    "severity",
    "urgency",
    "feasibility",
    "cost_estimate",
    "forwarded_to",
    "agency_response",
)

#: Affected population → band 1..5 (upper bounds, exclusive).
POPULATION_BANDS = [(100, 1), (500, 2), (1000, 3), (5000, 4)]


def population_band(population: int | None) -> int:
    """1 for fewer than 100 people (or unknown), 2 under 500, 3 under 1,000, 4 under 5,000, 5 from 5,000."""
    if not population:
        return 1
    for upper, band in POPULATION_BANDS:
        if population < upper:
            return band
    return 5


def weights_for(category: str) -> dict[str, Decimal]:
    row = PriorityWeights.objects.filter(category=category).first()
    if row is not None:
        return row.as_dict()
    return {k: Decimal(v) for k, v in PriorityWeights.DEFAULT_WEIGHTS.items()}


def priority_score(*, severity: int, urgency: int, feasibility: int, affected_population, weights) -> Decimal:
    """score = 100 × (w_s·S + w_u·U + w_f·F + w_p·P) / (5 × (w_s + w_u + w_f + w_p)), rounded to 0.01."""
    terms = {
        "severity": Decimal(severity),
        "urgency": Decimal(urgency),
        "feasibility": Decimal(feasibility),
        "population": Decimal(population_band(affected_population)),
    }
    total_weight = sum(Decimal(weights[k]) for k in terms)
    if total_weight <= 0:
        return Decimal("0.00")
    weighted = sum(Decimal(weights[k]) * v for k, v in terms.items())
    return (Decimal(100) * weighted / (5 * total_weight)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def score_of(need: Need, weights=None) -> Decimal:
    return priority_score(
        severity=need.severity,
        urgency=need.urgency,
        feasibility=need.feasibility,
        affected_population=need.affected_population,
        weights=weights or weights_for(need.category),
    )


def _area_for(assessment, communities):
    if assessment is not None:
        return assessment.region, assessment.province
    if not communities:
        raise ValidationError({"affected_communities": "Name the affected community, or link an assessment."})
    provinces = {community_province(c) for c in communities}
    province = provinces.pop() if len(provinces) == 1 else None
    regions = {community_province(c).region for c in communities}
    if len(regions) > 1:
        raise ValidationError({"affected_communities": "Record one need per region."})
    return regions.pop(), province


def _check(need, *, user, communities, evidence) -> None:
    """The area rule on a need's inputs: every community and cited response must be one the user may
    open (``for_user``), inside the assessment's area; a need without an assessment lies in the
    user's areas and cites no responses."""
    require_visible(community_queryset(), user, communities, field="affected_communities", label="communities")
    require_visible(Response.objects.alive(), user, evidence, field="evidence_responses", label="responses")
    if need.assessment_id:
        require_assessment(user, need.assessment)
        outside = [c for c in communities if not community_in_area(c, need.assessment)]
        if outside:
            raise ValidationError(
                {"affected_communities": f"Outside the assessment's area: {', '.join(map(str, outside))}."}
            )
        foreign = [r for r in evidence if r.assessment_id != need.assessment_id]
        if foreign:
            raise ValidationError({"evidence_responses": "Evidence must come from this assessment's responses."})
    else:
        if evidence:
            raise ValidationError({"evidence_responses": "Only a need of an assessment cites its responses."})
        if not area_within_user(user, region=need.region, province=need.province):
            raise PermissionDenied("That community is outside your areas.")


@transaction.atomic
def create_need(
    *,
    user,
    category: str,
    title: str,
    severity: int,
    urgency: int,
    feasibility: int,
    assessment=None,
    affected_communities=(),
    evidence_responses=(),
    **fields,
) -> Need:
    require_permission(user, Need, "add")
    communities, evidence = list(affected_communities), list(evidence_responses)
    region, province = _area_for(assessment, communities)
    need = Need(
        assessment=assessment,
        region=region,
        province=province,
        category=category,
        title=title,
        severity=severity,
        urgency=urgency,
        feasibility=feasibility,
        created_by=user,
        updated_by=user,
        **{k: v for k, v in fields.items() if k in NEED_FIELDS},
    )
    _check(need, user=user, communities=communities, evidence=evidence)
    need.full_clean()
    need.priority_score = score_of(need)
    need.save()
    need.affected_communities.set(communities)
    link_need_profiles(need)
    need.evidence_responses.set(evidence)
    require_in_scope(Need.objects, user, need, "view")
    return need


def _require_need(user, need, action="change") -> None:
    require_permission(user, Need, action)
    if not Need.objects.for_user(user, action).filter(pk=need.pk).exists():
        raise PermissionDenied("This need is outside your areas or assessments.")


@transaction.atomic
def update_need(
    *, user, need: Need, affected_communities=None, evidence_responses=None, expected_revision=None, **fields
) -> Need:
    """Edit a need: locked and checked against the revision the user read; communities and cited
    responses re-checked against the user's areas; the region/province follow the communities (for a
    need without an assessment); only the fields that differ are written."""
    _require_need(user, need)
    lock_for_edit(need, expected_revision=expected_revision)
    if need.status in (S.ADDRESSED, S.REJECTED) and set(fields) - {"agency_response"}:
        raise ValidationError(
            f"A {need.get_status_display().lower()} need keeps its record; only the agency response may change."
        )
    unknown = set(fields) - set(NEED_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown need field {sorted(unknown)[0]!r}.")
    communities = list(affected_communities) if affected_communities is not None else None
    evidence = list(evidence_responses) if evidence_responses is not None else None
    if communities is not None and need.assessment_id is None:
        fields["region"], fields["province"] = _area_for(None, communities)
    changed = apply_changes(need, fields)
    _check(
        need,
        user=user,
        communities=communities if communities is not None else list(need.affected_communities.all()),
        evidence=evidence if evidence is not None else [],
    )
    need.full_clean()
    score = score_of(need)
    if score != need.priority_score:
        need.priority_score = score
        changed.append("priority_score")
    m2m_changed = (
        communities is not None
        and {c.pk for c in communities} != set(need.affected_communities.values_list("pk", flat=True))
    ) or (
        evidence is not None and {r.pk for r in evidence} != set(need.evidence_responses.values_list("pk", flat=True))
    )
    if changed or m2m_changed:
        save_changes(need, changed, user=user)
    if communities is not None:
        need.affected_communities.set(communities)
        link_need_profiles(need)
    if evidence is not None:
        need.evidence_responses.set(evidence)
    require_in_scope(Need.objects, user, need, "change")
    return need


@transaction.atomic
def transition_need(
    *,
    user,
    need: Need,
    to_status: str,
    comment: str = "",
    forwarded_to: str = "",
    agency_response: str = "",
    forwarded_to_organization=None,
) -> NeedTransition:
    _require_need(user, need)
    caller_copy = need
    need = Need.objects.select_for_update().get(pk=need.pk)
    if to_status not in S.values:
        raise ValidationError({"to_status": f"Unknown status {to_status!r}."})
    if to_status not in TRANSITIONS[need.status]:
        allowed = ", ".join(S(s).label for s in S.values if s in TRANSITIONS[need.status]) or "none (final status)"
        raise ValidationError(
            {
                "to_status": f"A need cannot move from {need.get_status_display()} to "
                f"{S(to_status).label}. Allowed next: {allowed}."
            }
        )
    if to_status == S.FORWARDED:
        from coordination.services import resolve_forward_target

        organization = resolve_forward_target(
            user=user, organization=forwarded_to_organization or need.forwarded_to_organization,
            text=forwarded_to or ("" if need.forwarded_to_organization_id else need.forwarded_to),
        )  # fmt: skip
        need.forwarded_to_organization, need.forwarded_to = organization, str(organization)[:200]
        need.forwarded_at = timezone.now()
    if to_status == S.REJECTED and not comment.strip():
        raise ValidationError({"comment": "Say why the need is rejected."})
    if agency_response:
        need.agency_response = agency_response
    record = NeedTransition.objects.create(
        need=need, from_status=need.status, to_status=to_status, actor=user, comment=comment
    )
    need.status, need.updated_by = to_status, user
    need.save()
    caller_copy.status, caller_copy.forwarded_to, caller_copy.forwarded_at = (
        need.status,
        need.forwarded_to,
        need.forwarded_at,
    )
    return record


@transaction.atomic
def cast_vote(*, user, need: Need, participant=None) -> NeedVote:
    """One vote per person per need: the signed-in officer, or a participant whose vote a facilitator
    records. Checked here and enforced by unique constraints in the database."""
    require_permission(user, NeedVote, "add")
    if not Need.objects.for_user(user, "view").filter(pk=need.pk).exists():
        raise PermissionDenied("This need is outside your areas or assessments.")
    if need.status not in VOTING_STATUSES:
        raise ValidationError(f"Voting is closed: the need is {need.get_status_display().lower()}.")
    if participant is not None:
        if need.assessment_id is None or participant.assessment_id != need.assessment_id:
            raise ValidationError({"participant": "Only participants of the need's assessment vote on it."})
        require_assessment(user, need.assessment)
        if not participant.has_consent:
            raise ValidationError({"participant": f"Record {participant.name}'s consent before recording a vote."})
        person = {"participant": participant}
        already = f"{participant.name} has already voted on this need."
    else:
        person = {"voter": user}
        already = "You have already voted on this need."
    if NeedVote.objects.filter(need=need, **person).exists():
        raise ValidationError(already)
    try:
        with transaction.atomic():
            vote = NeedVote.objects.create(need=need, recorded_by=user, **person)
    except IntegrityError:
        raise ValidationError(already) from None
    Need.objects.filter(pk=need.pk).update(vote_count=F("vote_count") + 1)
    return vote


@transaction.atomic
def withdraw_vote(*, user, need: Need) -> None:
    require_permission(user, NeedVote, "delete")
    deleted, _ = NeedVote.objects.filter(need=need, voter=user).delete()
    if not deleted:
        raise ValidationError("You have not voted on this need.")
    Need.objects.filter(pk=need.pk).update(vote_count=F("vote_count") - 1)


@transaction.atomic
def set_priority_weights(*, user, category: str, **weights) -> PriorityWeights:
    """Change a category's weights and rescore its needs (same transaction)."""
    require_permission(user, PriorityWeights, "change")
    if not has_national_scope(user):
        raise PermissionDenied("Only administrators change the priority weights (they apply OOBC-wide).")
    row, _ = PriorityWeights.objects.get_or_create(category=category, defaults={"created_by": user})
    for name, value in weights.items():
        if name not in PriorityWeights.DEFAULT_WEIGHTS:
            raise ValidationError(f"Unknown weight {name!r}.")
        setattr(row, name, Decimal(value))
    row.updated_by = user
    row.full_clean()
    if sum(row.as_dict().values()) <= 0:
        raise ValidationError("At least one weight must be above zero.")
    row.save()
    w = row.as_dict()
    needs = list(
        Need.objects.filter(category=category).only(
            "pk", "severity", "urgency", "feasibility", "affected_population", "category"
        )
    )
    for need in needs:
        need.priority_score = score_of(need, w)
    Need.objects.bulk_update(needs, ["priority_score"], batch_size=500)
    return row


def can_vote(user) -> bool:
    return permission_allows(user, NeedVote, "add")
