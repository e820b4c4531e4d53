"""Instrument building and versioning; sessions (open/close)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from common.appkit.concurrency import apply_changes, lock_for_edit, require_visible, save_changes
from mana.community import community_in_area, community_queryset
from mana.models import Choice, Instrument, InstrumentVersion, Question, Section, Session
from mana.services.access import require_assessment

QUESTION_FIELDS = (
    "text",
    "help_text",
    "qtype",
    "required",
    "order",
    "section",
    "scale_min",
    "scale_max",
    "min_value",
    "max_value",
)


def _require_draft(version: InstrumentVersion) -> None:
    if not version.is_draft:
        raise ValidationError(
            f"Version {version.number} is published and frozen (responses depend on it). Start a new draft to edit."
        )


@transaction.atomic
def create_instrument(*, user, assessment, title: str, kind: str = "survey", description: str = "") -> Instrument:
    require_assessment(user, assessment, model=Instrument, action="add")
    instrument = Instrument(
        assessment=assessment, title=title, kind=kind, description=description, created_by=user, updated_by=user
    )
    instrument.full_clean()
    instrument.save()
    InstrumentVersion.objects.create(instrument=instrument, number=1, created_by=user)
    return instrument


@transaction.atomic
def add_section(*, user, version, title: str, description: str = "", order: int | None = None) -> Section:
    require_assessment(user, version.instrument.assessment, model=Section, action="add")
    _require_draft(_lock_version(version))
    if order is None:
        order = (version.sections.aggregate(m=Max("order"))["m"] or 0) + 1
    section = Section(version=version, title=title, description=description, order=order)
    section.full_clean()
    section.save()
    return section


def _clean_choices(qtype, choices) -> list[str]:
    labels = [c.strip() for c in (choices or []) if c and c.strip()]
    if qtype in Question.CHOICE_TYPES:
        if len(labels) < 2:
            raise ValidationError({"choices": "A choice question needs at least two options (one per line)."})
        if len({c.lower() for c in labels}) != len(labels):
            raise ValidationError({"choices": "Options must be different from each other."})
    return labels


def _validate_question(question) -> None:
    question.full_clean()
    errors = {}
    if question.qtype == Question.Type.RATING and not (question.scale_min < question.scale_max <= 10):
        errors["scale_max"] = "A rating scale runs from its lowest to a higher value, at most 10."
    if question.min_value is not None and question.max_value is not None and question.min_value > question.max_value:
        errors["max_value"] = "The largest value is below the smallest."
    if question.section_id and question.section.version_id != question.version_id:
        errors["section"] = "That section belongs to another version."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_question(*, user, version, text: str, qtype: str, choices=(), **fields) -> Question:
    require_assessment(user, version.instrument.assessment, model=Question, action="add")
    _require_draft(_lock_version(version))
    labels = _clean_choices(qtype, choices)
    if fields.get("order") is None:
        fields["order"] = (version.questions.aggregate(m=Max("order"))["m"] or 0) + 1
    question = Question(version=version, text=text, qtype=qtype, **{k: v for k, v in fields.items() if v is not None})
    _validate_question(question)
    question.save()
    Choice.objects.bulk_create([Choice(question=question, label=label, order=i) for i, label in enumerate(labels)])
    return question


@transaction.atomic
def update_question(*, user, question: Question, choices=None, expected_revision=None, **fields) -> Question:
    """Edit a draft question. The draft version is locked first (publishing takes the same lock, so a
    question never changes after its version is frozen), then the question, checked against the
    revision the user read; only the changed fields are written."""
    require_assessment(user, question.version.instrument.assessment, model=Question, action="change")
    _require_draft(_lock_version(question.version))
    lock_for_edit(question, expected_revision=expected_revision)
    unknown = set(fields) - set(QUESTION_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown question field {sorted(unknown)[0]!r}.")
    changed = apply_changes(question, fields)
    _validate_question(question)
    old_labels = [c.label for c in question.choices.all()]
    labels = _clean_choices(question.qtype, choices) if question.has_choices and choices is not None else None
    choices_changed = (labels is not None and labels != old_labels) or (not question.has_choices and old_labels)
    if changed or choices_changed:
        save_changes(question, changed, user=user)
    if labels is not None and labels != old_labels:
        question.choices.all().delete()
        Choice.objects.bulk_create([Choice(question=question, label=label, order=i) for i, label in enumerate(labels)])
    elif not question.has_choices:
        question.choices.all().delete()
    return question


def _lock_version(version: InstrumentVersion) -> InstrumentVersion:
    """Re-read the instrument version under a row lock (publish_version takes the same lock)."""
    version.refresh_from_db(from_queryset=InstrumentVersion.objects.select_for_update())
    return version


@transaction.atomic
def delete_question(*, user, question: Question) -> None:
    require_assessment(user, question.version.instrument.assessment, model=Question, action="delete")
    _require_draft(_lock_version(question.version))
    question.delete()


@transaction.atomic
def publish_version(*, user, version: InstrumentVersion) -> InstrumentVersion:
    require_assessment(user, version.instrument.assessment, model=InstrumentVersion, action="change")
    caller_copy = version
    version = InstrumentVersion.objects.select_for_update().get(pk=version.pk)
    _require_draft(version)
    questions = list(version.questions.prefetch_related("choices"))
    if not questions:
        raise ValidationError("Add at least one question before publishing.")
    thin = [q.text for q in questions if q.has_choices and len(q.choices.all()) < 2]
    if thin:
        raise ValidationError(f"These choice questions need at least two options: {'; '.join(thin)}.")
    version.status = InstrumentVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = user
    version.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    caller_copy.status, caller_copy.published_at, caller_copy.published_by = version.status, version.published_at, user
    return version


@transaction.atomic
def start_new_draft(*, user, instrument: Instrument) -> InstrumentVersion:
    """Edit a published instrument: copy its latest version into a new draft (or return the open draft).
    Published versions and the responses that point at them never change."""
    require_assessment(user, instrument.assessment, model=InstrumentVersion, action="add")
    existing = instrument.versions.filter(status=InstrumentVersion.Status.DRAFT).first()
    if existing:
        return existing
    source = instrument.versions.order_by("-number").first()
    draft = InstrumentVersion.objects.create(
        instrument=instrument, number=source.number + 1, based_on=source, created_by=user
    )
    section_map = {}
    for section in source.sections.all():
        section_map[section.pk] = Section.objects.create(
            version=draft, title=section.title, description=section.description, order=section.order
        )
    for question in source.questions.prefetch_related("choices"):
        copy = Question.objects.create(
            version=draft,
            section=section_map.get(question.section_id),
            **{f: getattr(question, f) for f in QUESTION_FIELDS if f != "section"},
        )
        Choice.objects.bulk_create(
            [Choice(question=copy, label=c.label, order=c.order) for c in question.choices.all()]
        )
    return draft


# --- Sessions ----------------------------------------------------------------------------------


@transaction.atomic
def create_session(*, user, assessment, version, title: str, venue: str = "", community=None, scheduled_at=None):
    require_assessment(user, assessment, model=Session, action="add")
    if version.instrument.assessment_id != assessment.pk:
        raise ValidationError({"version": "That instrument belongs to another assessment."})
    if version.is_draft:
        raise ValidationError({"version": "Publish the instrument version before planning a session with it."})
    if community is not None:
        require_visible(community_queryset(), user, [community], field="community", label="communities")
        if not community_in_area(community, assessment):
            raise ValidationError({"community": "That community is outside the assessment's area."})
    session = Session(
        assessment=assessment,
        version=version,
        title=title,
        venue=venue,
        community=community,
        scheduled_at=scheduled_at,
        created_by=user,
        updated_by=user,
    )
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def open_session(*, user, session: Session) -> Session:
    require_assessment(user, session.assessment, model=Session, action="change")
    if session.assessment.responses_locked:
        raise ValidationError("The assessment is past data collection; sessions can no longer be opened.")
    if session.assessment.status == session.assessment.Status.PLANNED:
        raise ValidationError("Move the assessment to preparation or data collection before opening a session.")
    if session.is_open:
        raise ValidationError("The session is already open.")
    session.status, session.opened_at, session.opened_by = Session.Status.OPEN, timezone.now(), user
    session.save(update_fields=["status", "opened_at", "opened_by", "updated_at"])
    return session


@transaction.atomic
def close_session(*, user, session: Session) -> Session:
    require_assessment(user, session.assessment, model=Session, action="change")
    if not session.is_open:
        raise ValidationError("Only an open session can be closed.")
    session.status, session.closed_at, session.closed_by = Session.Status.CLOSED, timezone.now(), user
    session.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
    return session
