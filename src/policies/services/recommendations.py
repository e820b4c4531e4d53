"""Writes of recommendations: create, edit while editable, revise after endorsement (keeping what
changed, by whom and why), delete, and the derived reference and priority."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from common.access import has_national_scope
from common.appkit.concurrency import apply_changes, lock_for_edit, require_in_scope, save_changes
from common.models import Barangay, Municipality, Province, Region
from communities.models import BarangayOBC
from coordination.models import Organization
from policies.models import (
    REVIEW,
    Recommendation,
    RecommendationArea,
    RecommendationRevision,
    ReferenceCounter,
    ScopeLevel,
)

from .base import place_in_user_areas, require, set_fields

FIELDS = frozenset(
    {
        "title", "rec_type", "category", "sector", "scope_level", "problem", "proposed_action",
        "expected_outcomes", "brief_summary", "beneficiaries_count", "beneficiary_groups", "budget_amount",
        "funding_source", "fiscal_year", "importance", "urgency",
    }
)  # fmt: skip
RELATIONS = ("communities", "responsible_organizations", "partner_organizations")
#: The level of place each scope level takes.
SCOPE_PLACES = {
    ScopeLevel.REGIONAL: Region,
    ScopeLevel.PROVINCIAL: Province,
    ScopeLevel.MUNICIPAL: Municipality,
    ScopeLevel.BARANGAY: Barangay,
}


def next_reference(year: int | None = None) -> str:
    """``PR-<year>-<nnnn>``: the year's counter row is locked, so two saves never get one number."""
    year = year or timezone.localdate().year
    ReferenceCounter.objects.get_or_create(year=year)
    counter = ReferenceCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"PR-{year}-{counter.last:04d}"


def _check_areas(user, rec: Recommendation, places) -> None:
    if rec.scope_level == ScopeLevel.NATIONAL:
        if not has_national_scope(user):
            raise ValidationError({"scope_level": "Only executives and administrators can draft national-scope "
                                                  "recommendations; choose your regions or provinces."})  # fmt: skip
        if places:
            raise ValidationError(
                {"areas": "A national-scope recommendation covers every area; leave the areas empty."}
            )
        return
    if not places:
        raise ValidationError({"areas": "List at least one area the recommendation covers."})
    wanted = SCOPE_PLACES[rec.scope_level]
    wrong = [p.name for p in places if not isinstance(p, wanted)]
    if wrong:
        raise ValidationError(
            {"areas": f"A {rec.get_scope_level_display().lower()} recommendation lists "
                      f"{wanted._meta.verbose_name_plural}; not: {', '.join(wrong)}."}
        )  # fmt: skip
    outside = [p.name for p in places if not place_in_user_areas(user, p)]
    if outside:
        raise ValidationError({"areas": f"Outside your assigned areas: {', '.join(outside)}."})


def _check_related(user, relations: dict) -> None:
    communities = relations.get("communities")
    if communities:
        pks = {c.pk for c in communities}
        if BarangayOBC.objects.for_user(user).filter(pk__in=pks).count() != len(pks):
            raise ValidationError({"communities": "Choose communities in your assigned areas."})
    for name in ("responsible_organizations", "partner_organizations"):
        orgs = relations.get(name)
        if orgs:
            pks = {o.pk for o in orgs}
            if Organization.objects.for_user(user).filter(pk__in=pks).count() != len(pks):
                raise ValidationError({name: "Choose organizations you can see."})


def _set_areas(rec: Recommendation, places) -> None:
    rec.areas.all().delete()
    rows = []
    for place in {p.code: p for p in places}.values():
        row = RecommendationArea(recommendation=rec)
        row.set_place(place)
        rows.append(row)
    RecommendationArea.objects.bulk_create(rows)


def _validate(rec: Recommendation) -> None:
    rec.is_national = rec.scope_level == ScopeLevel.NATIONAL
    rec.full_clean(exclude=["reference", *RELATIONS])


@transaction.atomic
def create_recommendation(*, user, areas=(), **fields) -> Recommendation:
    require(user, Recommendation, "add")
    relations = {name: list(fields.pop(name)) for name in RELATIONS if name in fields}
    rec = Recommendation(created_by=user, updated_by=user, reference="PR-pending")
    set_fields(rec, fields, FIELDS)
    _validate(rec)
    areas = list(areas)
    _check_areas(user, rec, areas)
    _check_related(user, relations)
    rec.reference = next_reference()
    rec.save()
    _set_areas(rec, areas)
    for name, values in relations.items():
        getattr(rec, name).set(values)
    return rec


def locked(user, rec: Recommendation, action: str = "change", *, expected_revision=None) -> Recommendation:
    """The row re-read in place under a lock, if the user may ``action`` it (role and area, else
    PermissionDenied) and it is still the revision the user read (else StaleRecordError)."""
    require(user, Recommendation, action)
    require_in_scope(Recommendation.objects, user, rec, action, "This recommendation is outside your assigned areas.")
    return lock_for_edit(rec, expected_revision=expected_revision)


def _apply(user, rec: Recommendation, areas, relations: dict, fields: dict) -> set[str]:
    changed = set(apply_changes(rec, fields, allowed=FIELDS))
    _validate(rec)
    if areas is not None or "scope_level" in changed:
        areas = list(areas) if areas is not None else [a.place for a in rec.areas.all()]
        _check_areas(user, rec, areas)
    _check_related(user, relations)
    save_changes(rec, changed | {"is_national"}, user=user)
    if areas is not None:
        _set_areas(rec, areas)
    for name, values in relations.items():
        getattr(rec, name).set(values)
    return changed


@transaction.atomic
def update_recommendation(*, user, recommendation: Recommendation, expected_revision=None, areas=None,
                          **fields) -> Recommendation:  # fmt: skip
    """Edit a draft (or one returned for revision). Endorsed content is frozen: see ``revise_recommendation``."""
    rec = locked(user, recommendation, expected_revision=expected_revision)
    if not rec.is_editable:
        raise ValidationError(
            f"{rec.reference} is {rec.get_status_display().lower()}: its content is frozen. "
            "Ask a reviewer to record a revision, or return it for revision first."
        )
    relations = {name: list(fields.pop(name)) for name in RELATIONS if name in fields}
    _apply(user, rec, areas, relations, fields)
    require_in_scope(Recommendation.objects, user, rec, "change", "The recommendation would be outside your areas.")
    return rec


def _snapshot(rec: Recommendation) -> dict[str, str]:
    """The reviewable content as text, field label → value (for the revision's what-changed list)."""
    out = {}
    for name in sorted(FIELDS):
        field = rec._meta.get_field(name)
        display = getattr(rec, f"get_{name}_display", None)
        value = display() if display and getattr(rec, name) is not None else getattr(rec, name)
        out[str(field.verbose_name)] = "" if value is None else str(value)
    out["areas"] = "; ".join(sorted(a.place_label for a in rec.areas.all())) or "Every OOBC area"
    for name in RELATIONS:
        label = str(rec._meta.get_field(name).verbose_name)
        out[label] = "; ".join(sorted(str(x) for x in getattr(rec, name).all()))
    return out


@transaction.atomic
def revise_recommendation(*, user, recommendation: Recommendation, reason: str, expected_revision=None,
                          areas=None, **fields) -> RecommendationRevision:  # fmt: skip
    """Change frozen content (endorsed or later): a new revision that keeps what changed, by whom, why.

    Only reviewers (``policies.review_recommendation``) revise; the status does not change.
    """
    if not (user and user.is_active and user.has_perm(REVIEW)):
        raise PermissionDenied("Only reviewers can revise an endorsed recommendation.")
    rec = locked(user, recommendation, expected_revision=expected_revision)
    if rec.is_editable:
        raise ValidationError("This recommendation is still editable; edit it directly.")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the endorsed content changes."})
    before = _snapshot(rec)
    relations = {name: list(fields.pop(name)) for name in RELATIONS if name in fields}
    _apply(user, rec, areas, relations, fields)
    after = _snapshot(Recommendation.objects.get(pk=rec.pk))
    changes = {k: {"from": before.get(k, ""), "to": v} for k, v in after.items() if before.get(k, "") != v}
    if not changes:
        raise ValidationError("Nothing changed: a revision needs at least one change.")
    rec.content_revision += 1
    rec.save(update_fields=["content_revision"])
    return RecommendationRevision.objects.create(
        recommendation=rec, number=rec.content_revision, actor=user, reason=reason.strip(), changes=changes
    )


def record_evidence_revision(*, user, rec: Recommendation, reason: str, change: str) -> RecommendationRevision:
    """A revision for evidence added to or removed from frozen content (called by the evidence service)."""
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the evidence of an endorsed recommendation changes."})
    rec.content_revision += 1
    rec.save(update_fields=["content_revision"])
    return RecommendationRevision.objects.create(
        recommendation=rec, number=rec.content_revision, actor=user, reason=reason.strip(),
        changes={"evidence": {"from": "", "to": change}},
    )  # fmt: skip


def recompute_priority(rec: Recommendation) -> None:
    """The derived priority: the highest score among the live MANA needs the recommendation answers."""
    best = rec.evidence.filter(need__isnull=False, need__deleted_at__isnull=True).aggregate(
        best=Max("need__priority_score")
    )["best"]
    rec.priority_score = best or 0
    Recommendation.objects.filter(pk=rec.pk).update(priority_score=rec.priority_score)


@transaction.atomic
def delete_recommendation(*, user, recommendation: Recommendation) -> None:
    rec = locked(user, recommendation, "delete")
    if rec.status != "draft":
        raise ValidationError("Only a draft can be deleted; withdraw the recommendation instead.")
    rec.soft_delete(user=user)
