"""Responses: validation against the instrument version, draft and submit.

``parse_answers`` is the one validator: the response page, the API and any import call it (through
``save_response``). Values may come as form strings or as JSON types; keys are question ids or
field names (``q<id>``). Errors are keyed by field name with a message a facilitator understands.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.appkit.concurrency import lock_for_edit, save_changes
from mana.models import Answer, AnswerChoice, Question, Response
from mana.services.access import require_assessment

T = Question.Type
TRUE_WORDS = {"yes", "true", "1", "on", "y", "oo"}
FALSE_WORDS = {"no", "false", "0", "n", "off", "hindi"}
SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 10000


@dataclass
class Parsed:
    text: str = ""
    number: float | None = None
    date: datetime.date | None = None
    boolean: bool | None = None
    choice_ids: list[int] = field(default_factory=list)


def _is_empty(raw) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list | tuple):
        return all(_is_empty(r) for r in raw)
    return False


def _one(raw):
    if isinstance(raw, list | tuple):
        values = [r for r in raw if not _is_empty(r)]
        if len(values) > 1:
            raise ValueError("Choose only one option.")
        return values[0] if values else None
    return raw


def _number(raw, question) -> float:
    try:
        value = float(str(raw).strip().replace(",", "")) if not isinstance(raw, int | float) else float(raw)
    except ValueError:
        raise ValueError("Enter a number, e.g. 12 or 3.5.") from None
    if isinstance(raw, bool) or math.isnan(value) or math.isinf(value):
        raise ValueError("Enter a number, e.g. 12 or 3.5.")
    if question.min_value is not None and value < question.min_value:
        raise ValueError(f"Enter a number of at least {question.min_value:g}.")
    if question.max_value is not None and value > question.max_value:
        raise ValueError(f"Enter a number of at most {question.max_value:g}.")
    return value


def _rating(raw, question) -> float:
    message = f"Choose a rating from {question.scale_min} to {question.scale_max}."
    try:
        value = int(str(raw).strip()) if not isinstance(raw, int) else raw
    except ValueError:
        raise ValueError(message) from None
    if isinstance(raw, bool) or not (question.scale_min <= value <= question.scale_max):
        raise ValueError(message)
    return float(value)


def _date(raw) -> datetime.date:
    if isinstance(raw, datetime.date):
        return raw
    try:
        return datetime.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise ValueError("Enter a date as YYYY-MM-DD, e.g. 2026-03-15.") from None


def _yes_no(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    word = str(raw).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError("Answer yes or no.")


def _choice_ids(raw, question, choices_by_question) -> list[int]:
    valid = choices_by_question.get(question.pk, {})
    items = raw if isinstance(raw, list | tuple) else [raw]
    ids = []
    for item in items:
        if _is_empty(item):
            continue
        key = str(item).strip()
        match = valid.get(key) or valid.get(("label", key.lower()))
        if match is None:
            raise ValueError(
                "Choose from the listed options."
                if question.qtype == T.MULTIPLE_CHOICE
                else "Choose one of the listed options."
            )
        if match not in ids:
            ids.append(match)
    if question.qtype == T.SINGLE_CHOICE and len(ids) > 1:
        raise ValueError("Choose only one option.")
    return ids


def parse_answers(version, raw: dict, *, require_all: bool) -> tuple[dict[int, Parsed], dict[str, str]]:
    """Validate ``raw`` answers against ``version``. Returns (parsed by question id, errors by field)."""
    questions = list(version.questions.prefetch_related("choices"))
    choices_by_question = {}
    for q in questions:
        lookup = {}
        for c in q.choices.all():
            lookup[str(c.pk)] = c.pk
            lookup[("label", c.label.lower())] = c.pk
        choices_by_question[q.pk] = lookup
    by_key = {}
    for key, value in (raw or {}).items():
        key = str(key)
        by_key[key[1:] if key.startswith("q") else key] = value
    known = {str(q.pk) for q in questions}
    errors: dict[str, str] = {}
    for key in by_key:
        if key not in known:
            errors["__all__"] = f"Answer to an unknown question ({key}) for version {version.number}."
    parsed: dict[int, Parsed] = {}
    for q in questions:
        raw_value = by_key.get(str(q.pk))
        if _is_empty(raw_value):
            if require_all and q.required:
                errors[q.field_name] = "This question is required."
            continue
        try:
            p = Parsed()
            if q.qtype in (T.SHORT_TEXT, T.LONG_TEXT):
                value = _one(raw_value)
                p.text = str(value).strip()
                limit = SHORT_TEXT_MAX if q.qtype == T.SHORT_TEXT else LONG_TEXT_MAX
                if len(p.text) > limit:
                    raise ValueError(f"Keep the answer under {limit} characters.")
            elif q.qtype == T.NUMBER:
                p.number = _number(_one(raw_value), q)
            elif q.qtype == T.RATING:
                p.number = _rating(_one(raw_value), q)
            elif q.qtype == T.DATE:
                p.date = _date(_one(raw_value))
            elif q.qtype == T.YES_NO:
                p.boolean = _yes_no(_one(raw_value))
            else:
                p.choice_ids = _choice_ids(raw_value, q, choices_by_question)
        except ValueError as exc:
            errors[q.field_name] = str(exc)
            continue
        parsed[q.pk] = p
    return parsed, errors


def check_consent(*, participant=None, group_members=()) -> None:
    if participant is not None:
        if not participant.has_consent:
            raise ValidationError(
                {"participant": f"Record {participant.name}'s consent (who, when, how) before storing a response."}
            )
        return
    members = list(group_members)
    if not members:
        raise ValidationError({"participant": "Choose a participant, or the members of the group."})
    missing = [m.name for m in members if not m.has_consent]
    if missing:
        raise ValidationError({"group_members": f"Record consent first for: {', '.join(missing)}."})


def _collect(errors: dict, check) -> None:
    try:
        check()
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)


def _check_respondent(errors, assessment, response, participant, group_label, group_members) -> None:
    if participant is not None and participant.assessment_id != assessment.pk:
        errors.setdefault("participant", []).append("That participant is registered in another assessment.")
    if any(m.assessment_id != assessment.pk for m in group_members):
        errors.setdefault("group_members", []).append("Every group member must be registered in this assessment.")
    _collect(errors, lambda: check_consent(participant=participant, group_members=group_members))
    if participant is None and not (group_label or "").strip() and response is None:
        errors.setdefault("group_label", []).append("Name the group, e.g. 'Women, Aliguay'.")


@transaction.atomic
def save_response(
    *,
    user,
    session=None,
    response: Response | None = None,
    participant=None,
    group_label: str = "",
    group_members=(),
    answers: dict,
    submit: bool = False,
    expected_revision=None,
) -> Response:
    """Create (``session`` given) or update (``response`` given) a response; ``submit`` finalises it.

    Rules: consent before anything is stored; new responses only while the session is open; edits
    until the assessment is validated; the answers fit the instrument version (types, choices, and
    on submit the required questions)."""
    if response is None:
        assessment = session.assessment
        require_assessment(user, assessment, model=Response, action="add")
        if not session.is_open:
            raise ValidationError("This session is not open; a facilitator opens it to collect responses.")
        version = session.version
    else:
        assessment = response.assessment
        require_assessment(user, assessment, model=Response, action="change")
        lock_for_edit(response, expected_revision=expected_revision)
        version = response.version
        participant = response.participant
        if response.is_group:
            group_members = list(group_members) or list(response.group_members.all())
    if assessment.responses_locked:
        raise ValidationError(
            f"The assessment is in {assessment.get_status_display().lower()}; responses can no longer change."
        )
    # Every problem at once (respondent and answers), so the page shows them in one round.
    errors: dict[str, list[str]] = {}
    _check_respondent(errors, assessment, response, participant, group_label, group_members)
    parsed, answer_errors = parse_answers(version, answers, require_all=submit)
    for name, message in answer_errors.items():
        errors.setdefault(name, []).append(message)
    if errors:
        raise ValidationError(errors)

    created = response is None
    if created:
        if (
            participant is not None
            and Response.objects.alive().filter(session=session, participant=participant).exists()
        ):
            raise ValidationError({"participant": f"{participant.name} already has a response in this session."})
        response = Response.objects.create(
            assessment=assessment,
            session=session,
            version=version,
            participant=participant,
            group_label=group_label.strip(),
            created_by=user,
            updated_by=user,
        )
        if participant is None:
            response.group_members.set(group_members)
    else:
        if response.is_group and group_label:
            response.group_label = group_label.strip()
        response.answers.all().delete()
    if submit:
        response.status = Response.Status.SUBMITTED
        response.submitted_at = timezone.now()
        response.submitted_by = user
    response.updated_by = user
    if created:
        response.save()
    else:
        save_changes(response, ["group_label", "status", "submitted_at", "submitted_by"], user=user)
    _store_answers(response, parsed)
    return response


def _store_answers(response, parsed: dict[int, Parsed]) -> None:
    answers = Answer.objects.bulk_create(
        [
            Answer(
                response=response,
                question_id=qid,
                value_text=p.text,
                value_number=p.number,
                value_date=p.date,
                value_bool=p.boolean,
            )
            for qid, p in parsed.items()
        ]
    )
    links = []
    for answer in answers:
        if answer.pk is None:  # backends without RETURNING on bulk insert
            answer = Answer.objects.get(response=response, question_id=answer.question_id)
        links.extend(AnswerChoice(answer=answer, choice_id=cid) for cid in parsed[answer.question_id].choice_ids)
    AnswerChoice.objects.bulk_create(links)


def answers_as_initial(response: Response) -> dict[str, object]:
    """Stored answers as form values (field name → value or list of choice ids)."""
    values: dict[str, object] = {}
    for a in response.answers.select_related("question").prefetch_related("choice_links"):
        q = a.question
        if q.has_choices:
            ids = [str(link.choice_id) for link in a.choice_links.all()]
            values[q.field_name] = ids if q.qtype == T.MULTIPLE_CHOICE else (ids[0] if ids else "")
        elif q.qtype == T.YES_NO:
            values[q.field_name] = "yes" if a.value_bool else "no"
        elif q.qtype == T.DATE:
            values[q.field_name] = a.value_date.isoformat() if a.value_date else ""
        elif q.qtype in (T.NUMBER, T.RATING):
            values[q.field_name] = "" if a.value_number is None else f"{a.value_number:g}"
        else:
            values[q.field_name] = a.value_text
    return values


@transaction.atomic
def delete_response(*, user, response: Response) -> None:
    require_assessment(user, response.assessment, model=Response, action="delete")
    if response.assessment.responses_locked:
        raise ValidationError("The assessment is validated; responses can no longer change.")
    response.soft_delete(user=user)
