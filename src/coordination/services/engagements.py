"""Writes of engagements, their feedback and commitments, and the engagement status workflow."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from common.access import can_view_personal_data
from common.appkit.concurrency import apply_changes, lock_for_edit, require_in_scope, save_changes
from common.validators import plausible_datetime
from communities.models import BarangayOBC
from coordination.models import Commitment, Engagement, EngagementTransition, Feedback, Organization
from coordination.models.engagements import ATTENDANCE_FIELDS

from .base import check_places, check_transition, require, require_staff, restore_record, set_fields

S = Engagement.Status
#: The engagement workflow. Postponing keeps the history and gives a new date.
TRANSITIONS: dict[str, set[str]] = {
    S.PLANNED: {S.HELD, S.POSTPONED, S.CANCELLED},
    S.POSTPONED: {S.HELD, S.POSTPONED, S.CANCELLED},
    S.HELD: {S.DOCUMENTED},
    S.DOCUMENTED: set(),
    S.CANCELLED: set(),
}
ENGAGEMENT_FIELDS = frozenset(
    {"kind", "title", "starts_at", "ends_at", "venue", "lead", "agenda", "minutes", "outcomes", "assessment",
     "partnership", *(f for f, _ in ATTENDANCE_FIELDS)}
)  # fmt: skip
FEEDBACK_FIELDS = frozenset(
    {"topic", "details", "sector", "sentiment", "raised_by_organization", "raised_by_community", "raised_by_person"}
)
COMMITMENT_FIELDS = frozenset({"description", "organization", "due_date"})


def _check_related(user, *, communities=None, organizations=None, assessment=None, partnership=None) -> None:
    """Every related record must be one the acting user may see (the area rule on inputs)."""
    if communities:
        visible = set(
            BarangayOBC.objects.for_user(user).filter(pk__in=[c.pk for c in communities]).values_list("pk", flat=True)
        )
        if len(visible) != len({c.pk for c in communities}):
            raise ValidationError({"communities": "Choose communities in your assigned areas."})
    if organizations:
        visible = set(
            Organization.objects.for_user(user)
            .filter(pk__in=[o.pk for o in organizations])
            .values_list("pk", flat=True)
        )
        if len(visible) != len({o.pk for o in organizations}):
            raise ValidationError({"organizations": "Choose organizations you can see."})
    if assessment is not None:
        from mana.models import Assessment

        if not Assessment.objects.for_user(user).filter(pk=assessment.pk).exists():
            raise ValidationError({"assessment": "Choose an assessment you can see."})
    if partnership is not None:
        from coordination.models import Partnership

        if not Partnership.objects.for_user(user).filter(pk=partnership.pk).exists():
            raise ValidationError({"partnership": "Choose a partnership you can see."})


def _validate(engagement: Engagement) -> None:
    if engagement.ends_at and engagement.starts_at and engagement.ends_at < engagement.starts_at:
        raise ValidationError({"ends_at": "The end is before the start."})
    engagement.full_clean(exclude=["communities", "organizations", "staff"])


@transaction.atomic
def create_engagement(*, user, place, communities=(), organizations=(), staff=(), **fields) -> Engagement:
    require(user, Engagement, "add")
    check_places(user, [place], field="place")
    engagement = Engagement(created_by=user, updated_by=user)
    set_fields(engagement, fields, ENGAGEMENT_FIELDS)
    engagement.set_place(place)
    _check_related(
        user, communities=communities, organizations=organizations, assessment=engagement.assessment,
        partnership=engagement.partnership,
    )  # fmt: skip
    require_staff(user, [engagement.lead], field="lead")
    require_staff(user, list(staff), field="staff")
    _validate(engagement)
    engagement.save()
    engagement.communities.set(communities)
    engagement.organizations.set(organizations)
    engagement.staff.set(staff)
    return engagement


def locked_for_change(user, engagement: Engagement) -> Engagement:
    require(user, Engagement, "change")
    locked = Engagement.objects.for_user(user, "change").select_for_update().filter(pk=engagement.pk).first()
    if locked is None:
        raise PermissionDenied("This engagement is outside your assigned areas.")
    return locked


@transaction.atomic
def update_engagement(
    *, user, engagement: Engagement, expected_revision=None, place=None, communities=None, organizations=None,
    staff=None, **fields,
) -> Engagement:  # fmt: skip
    require(user, Engagement, "change")
    require_in_scope(Engagement.objects, user, engagement, "change", "This engagement is outside your assigned areas.")
    locked = lock_for_edit(engagement, expected_revision=expected_revision)
    if "starts_at" in fields and locked.status != S.PLANNED and fields["starts_at"] != locked.starts_at:
        raise ValidationError(
            {"starts_at": "To change the date of this engagement, postpone it (its history is kept)."}
        )
    changed = set(apply_changes(locked, fields, allowed=ENGAGEMENT_FIELDS))
    if place is not None and place.code != locked.place_code:
        check_places(user, [place], field="place")
        locked.set_place(place)
        changed |= {"region", "province", "municipality", "barangay"}
    _check_related(
        user, communities=communities, organizations=organizations,
        assessment=locked.assessment if "assessment" in changed else None,
        partnership=locked.partnership if "partnership" in changed else None,
    )  # fmt: skip
    if "lead" in changed:
        require_staff(user, [locked.lead], field="lead")
    if staff is not None:
        current = set(locked.staff.values_list("pk", flat=True))
        require_staff(user, [p for p in staff if p.pk not in current], field="staff")
    _validate(locked)
    save_changes(locked, changed, user=user)
    if communities is not None:
        locked.communities.set(communities)
    if organizations is not None:
        locked.organizations.set(organizations)
    if staff is not None:
        locked.staff.set(staff)
    require_in_scope(Engagement.objects, user, locked, "change", "The engagement would be outside your areas.")
    return locked


@transaction.atomic
def transition_engagement(
    *, user, engagement: Engagement, to_status: str, comment: str = "", starts_at=None, ends_at=None
) -> EngagementTransition:
    locked = locked_for_change(user, engagement)
    check_transition(TRANSITIONS, locked.status, to_status, S)
    previous = locked.starts_at
    fields = {"status"}
    if to_status == S.POSTPONED:
        if starts_at is None:
            raise ValidationError({"starts_at": "Give the new date of the postponed engagement."})
        if starts_at == locked.starts_at:
            raise ValidationError({"starts_at": "The new date is the same as the old one."})
        for name, value in (("starts_at", starts_at), ("ends_at", ends_at)):
            try:
                plausible_datetime(value)
            except ValidationError as exc:
                raise ValidationError({name: exc.messages}) from None
        if ends_at is not None and ends_at < starts_at:
            raise ValidationError({"ends_at": "The end is before the start."})
        locked.starts_at, locked.ends_at = starts_at, ends_at
        fields |= {"starts_at", "ends_at"}
    if to_status == S.HELD and locked.starts_at > timezone.now():
        raise ValidationError({"to_status": "An engagement cannot be marked held before it starts."})
    if to_status == S.DOCUMENTED and not (locked.minutes.strip() or locked.outcomes.strip()):
        raise ValidationError({"to_status": "Record the minutes or outcomes before marking it documented."})
    if to_status == S.CANCELLED and not comment.strip():
        raise ValidationError({"comment": "Say why the engagement is cancelled."})
    from_status, locked.status = locked.status, to_status
    save_changes(locked, fields, user=user)
    engagement.status, engagement.starts_at, engagement.revision = locked.status, locked.starts_at, locked.revision
    return EngagementTransition.objects.create(
        engagement=locked, from_status=from_status, to_status=to_status, actor=user, comment=comment.strip(),
        previous_starts_at=previous if to_status == S.POSTPONED else None,
    )  # fmt: skip


@transaction.atomic
def delete_engagement(*, user, engagement: Engagement) -> None:
    require(user, Engagement, "delete")
    if not Engagement.objects.for_user(user, "delete").filter(pk=engagement.pk).exists():
        raise PermissionDenied("This engagement is outside your assigned areas.")
    engagement.soft_delete(user=user)


@transaction.atomic
def restore_engagement(*, user, engagement: Engagement) -> Engagement:
    """Bring a deleted engagement back with its feedback, commitments and action items."""
    return restore_record(Engagement, user=user, record=engagement)


# --- Feedback and commitments --------------------------------------------------------------------


def _check_child_related(user, fields: dict) -> None:
    if fields.get("raised_by_person") and not can_view_personal_data(user):
        raise ValidationError({"raised_by_person": "Your role cannot record a person's name (personal data)."})
    orgs = [fields[k] for k in ("raised_by_organization", "organization") if fields.get(k) is not None]
    communities = [fields["raised_by_community"]] if fields.get("raised_by_community") is not None else []
    _check_related(user, organizations=orgs, communities=communities)


@transaction.atomic
def add_feedback(*, user, engagement: Engagement, **fields) -> Feedback:
    require(user, Feedback, "add")
    locked_for_change(user, engagement)
    _check_child_related(user, fields)
    feedback = Feedback(engagement=engagement, created_by=user, updated_by=user)
    set_fields(feedback, fields, FEEDBACK_FIELDS)
    feedback.full_clean()
    feedback.save()
    return feedback


@transaction.atomic
def add_commitment(*, user, engagement: Engagement, **fields) -> Commitment:
    require(user, Commitment, "add")
    locked_for_change(user, engagement)
    _check_child_related(user, fields)
    commitment = Commitment(engagement=engagement, created_by=user, updated_by=user)
    set_fields(commitment, fields, COMMITMENT_FIELDS)
    commitment.full_clean()
    commitment.save()
    return commitment


def _update_child(model, allowed, *, user, record, expected_revision, fields):
    """Edit a feedback or commitment row: the engagement's change access, the row locked and
    revision-checked, related inputs re-checked, only the changed fields written."""
    require(user, model, "change")
    require_in_scope(model.objects, user, record, "change", "This record is outside your assigned areas.")
    locked_for_change(user, record.engagement)
    lock_for_edit(record, expected_revision=expected_revision)
    changed = apply_changes(record, fields, allowed=allowed)
    _check_child_related(user, {name: getattr(record, name) for name in changed})
    record.full_clean()
    if changed:
        save_changes(record, changed, user=user)
    return record


@transaction.atomic
def update_feedback(*, user, feedback: Feedback, expected_revision=None, **fields) -> Feedback:
    return _update_child(
        Feedback, FEEDBACK_FIELDS, user=user, record=feedback, expected_revision=expected_revision, fields=fields
    )


@transaction.atomic
def update_commitment(*, user, commitment: Commitment, expected_revision=None, **fields) -> Commitment:
    return _update_child(
        Commitment, COMMITMENT_FIELDS, user=user, record=commitment, expected_revision=expected_revision, fields=fields
    )
