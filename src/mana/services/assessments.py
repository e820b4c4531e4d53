from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from common.appkit.concurrency import apply_changes, lock_for_edit, require_in_scope, require_visible, save_changes
from mana.community import community_in_area, community_queryset, link_assessment_profiles
from mana.models import Assessment, AssessmentTransition
from mana.models.querysets import facilitator_is_narrowed
from mana.services.access import area_within_user, require_assessment, require_permission, staff_users

S = Assessment.Status
#: Allowed status moves. Validation may send an assessment back to analysis.
TRANSITIONS: dict[str, set[str]] = {
    S.PLANNED: {S.PREPARATION, S.CANCELLED},
    S.PREPARATION: {S.DATA_COLLECTION, S.CANCELLED},
    S.DATA_COLLECTION: {S.ANALYSIS, S.CANCELLED},
    S.ANALYSIS: {S.VALIDATION, S.CANCELLED},
    S.VALIDATION: {S.COMPLETED, S.ANALYSIS, S.CANCELLED},
    S.COMPLETED: set(),
    S.CANCELLED: set(),
}

AREA_FIELDS = ("level", "region", "province", "municipality")


def allowed_transitions(assessment) -> list[str]:
    return [s for s in S.values if s in TRANSITIONS[assessment.status]]


def _derive_area(*, level, region, province, municipality):
    """Fill the area upwards (municipality → province → region) and check it fits the level."""
    if municipality is not None:
        province = municipality.province
    if province is not None:
        region = province.region
    errors = {}
    if region is None:
        errors["region"] = "Choose the region of the assessment."
    if level == Assessment.Level.PROVINCIAL and province is None:
        errors["province"] = "A provincial assessment needs a province (or highly urbanized city)."
    if level in (Assessment.Level.MUNICIPAL, Assessment.Level.COMMUNITY) and municipality is None:
        errors["municipality"] = "Choose the city or municipality."
    if level == Assessment.Level.REGIONAL:
        province = municipality = None
    elif level == Assessment.Level.PROVINCIAL:
        municipality = None
    if errors:
        raise ValidationError(errors)
    return region, province, municipality


def _check_communities(assessment, communities) -> None:
    if not communities:
        if assessment.level == Assessment.Level.COMMUNITY:
            raise ValidationError({"communities": "A community assessment covers at least one community."})
        return
    outside = [c for c in communities if not community_in_area(c, assessment)]
    if outside:
        raise ValidationError({"communities": f"Outside the assessment's area: {', '.join(map(str, outside))}."})


def _check_people(user, assessment, facilitators) -> None:
    """The lead and facilitators are MANA staff of the acting user's areas (``staff_users``)."""
    people = [p for p in [assessment.lead, *facilitators] if p is not None]
    if not people:
        return
    allowed = set(staff_users(user).values_list("pk", flat=True))
    outside = [str(p) for p in people if p.pk not in allowed]
    if outside:
        raise ValidationError(
            {"facilitators": f"Not MANA staff of your areas: {', '.join(outside)}. Choose people of your areas."}
        )


def _save(assessment, *, user, communities, facilitators, fields=None):
    if not area_within_user(user, region=assessment.region, province=assessment.province):
        raise ValidationError({"region": "That area is outside the areas you are assigned to."})
    assessment.full_clean()
    if communities is not None:
        communities = list(communities)
        require_visible(community_queryset(), user, communities, field="communities", label="communities")
        _check_communities(assessment, communities)
    _check_people(user, assessment, list(facilitators or []))
    if fields is None:
        assessment.updated_by = user
        assessment.save()
    else:
        m2m_changed = (
            communities is not None
            and {c.pk for c in communities} != set(assessment.communities.values_list("pk", flat=True))
        ) or (
            facilitators is not None
            and {f.pk for f in facilitators} != set(assessment.facilitators.values_list("pk", flat=True))
        )
        if fields or m2m_changed:
            save_changes(assessment, fields, user=user)
    if communities is not None:
        assessment.communities.set(communities)
        link_assessment_profiles(assessment)
    if facilitators is not None:
        assessment.facilitators.set(facilitators)
    require_in_scope(Assessment.objects, user, assessment, "view")
    return assessment


@transaction.atomic
def create_assessment(
    *,
    user,
    title: str,
    level: str,
    region=None,
    province=None,
    municipality=None,
    purpose: str = "",
    communities=(),
    methods=(),
    start_date=None,
    end_date=None,
    lead=None,
    facilitators=(),
    budget=None,
) -> Assessment:
    require_permission(user, Assessment, "add")
    region, province, municipality = _derive_area(
        level=level, region=region, province=province, municipality=municipality
    )
    facilitators = list(facilitators)
    if facilitator_is_narrowed(user, "change") and user != lead and user not in facilitators:
        # A facilitator creating an assessment is on its team (otherwise they could not open it again).
        if lead is None:
            lead = user
        else:
            facilitators.append(user)
    assessment = Assessment(
        title=title,
        purpose=purpose,
        level=level,
        region=region,
        province=province,
        municipality=municipality,
        methods=list(methods),
        start_date=start_date,
        end_date=end_date,
        lead=lead,
        budget=budget,
        created_by=user,
        updated_by=user,
    )
    return _save(assessment, user=user, communities=communities, facilitators=facilitators)


@transaction.atomic
def update_assessment(
    *, user, assessment: Assessment, communities=None, facilitators=None, expected_revision=None, **fields
) -> Assessment:
    """Edit an assessment: the row is re-read under a lock and checked against the revision the user
    read; only the fields that differ are written; the area is re-derived and re-checked."""
    require_assessment(user, assessment)
    lock_for_edit(assessment, expected_revision=expected_revision)
    if assessment.status in (S.COMPLETED, S.CANCELLED):
        raise ValidationError(f"A {assessment.get_status_display().lower()} assessment can no longer be edited.")
    if "status" in fields:
        raise ValidationError({"status": "Change the status with a transition (it is recorded)."})
    area = {k: fields.pop(k, getattr(assessment, k)) for k in AREA_FIELDS}
    region, province, municipality = _derive_area(**area)
    fields.update(level=area["level"], region=region, province=province, municipality=municipality)
    if "methods" in fields:
        fields["methods"] = list(fields["methods"])
    changed = apply_changes(assessment, fields)
    facilitators = list(facilitators) if facilitators is not None else None
    return _save(assessment, user=user, communities=communities, facilitators=facilitators, fields=changed)


@transaction.atomic
def record_findings_summary(*, user, assessment: Assessment, text: str, expected_revision=None) -> Assessment:
    """Write the summary of findings: allowed while the assessment runs and after it is completed (that is when
    findings are summarised), not once it is cancelled. Only this field changes; the revision is checked."""
    require_assessment(user, assessment)
    lock_for_edit(assessment, expected_revision=expected_revision)
    if assessment.status == S.CANCELLED:
        raise ValidationError("A cancelled assessment has no findings to summarise.")
    changed = apply_changes(assessment, {"findings_summary": (text or "").strip()})
    assessment.full_clean()
    if changed:
        save_changes(assessment, changed, user=user)
    return assessment


@transaction.atomic
def transition_assessment(*, user, assessment: Assessment, to_status: str, comment: str = "") -> AssessmentTransition:
    require_assessment(user, assessment)
    caller_copy = assessment
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if to_status not in S.values:
        raise ValidationError({"to_status": f"Unknown status {to_status!r}."})
    if to_status not in TRANSITIONS[assessment.status]:
        allowed = ", ".join(S(s).label for s in allowed_transitions(assessment)) or "none (final status)"
        raise ValidationError(
            {
                "to_status": f"An assessment cannot move from {assessment.get_status_display()} to "
                f"{S(to_status).label}. Allowed next: {allowed}."
            }
        )
    if to_status == S.CANCELLED and not comment.strip():
        raise ValidationError({"comment": "Say why the assessment is cancelled."})
    record = AssessmentTransition.objects.create(
        assessment=assessment, from_status=assessment.status, to_status=to_status, actor=user, comment=comment
    )
    assessment.status = to_status
    assessment.updated_by = user
    assessment.save(update_fields=["status", "updated_by", "updated_at"])
    caller_copy.status = to_status
    return record


@transaction.atomic
def delete_assessment(*, user, assessment: Assessment) -> None:
    require_assessment(user, assessment, model=Assessment, action="delete")
    assessment.soft_delete(user=user)


@transaction.atomic
def restore_assessment(*, user, assessment: Assessment) -> None:
    require_permission(user, Assessment, "delete")
    if not Assessment.objects.for_user(user, "delete").filter(pk=assessment.pk).exists():
        raise PermissionDenied("You may not restore this assessment.")
    assessment.restore()
