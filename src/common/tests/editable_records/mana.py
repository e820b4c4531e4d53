"""Editable records of the MANA app, for the shared "no lost updates" tests (see ``__init__``)."""

from __future__ import annotations

from django.urls import reverse

from common.tests import personas

from .base import TYPED, EditableCase


def _assessment(user):
    from common.models import Barangay, Municipality
    from mana.models import Assessment
    from mana.services import assessments as service
    from mana.tests.conftest import fixtures_admin

    return service.create_assessment(
        user=fixtures_admin(),
        title="Aliguay MANA 2026",
        level=Assessment.Level.COMMUNITY,
        municipality=Municipality.objects.get(code=personas.CITY_OF_DAPITAN),
        communities=[Barangay.objects.get(code=personas.ALIGUAY)],
        methods=["survey"],
        lead=user,
    )


def _assessment_other_edit(record, user):
    from mana.services import assessments as service

    service.update_assessment(user=user, assessment=record, expected_revision=record.revision, purpose="Theirs")
    return "purpose", "Theirs"


def _assessment_form(record):
    return {
        "title": record.title,
        "level": record.level,
        "municipality": record.municipality.code,
        "communities": [personas.ALIGUAY],
        "methods": ["survey"],
        "purpose": TYPED,
    }


def _participant(user):
    from mana.models import Participant
    from mana.services import participants as service
    from mana.tests.conftest import fixtures_admin

    return service.register_participant(
        user=fixtures_admin(),
        assessment=_assessment(user),
        name="Amina Hadjiri",
        sex=Participant.Sex.FEMALE,
        consent_method=Participant.ConsentMethod.WRITTEN,
    )


def _participant_other_edit(record, user):
    from mana.services import participants as service

    service.update_participant(user=user, participant=record, expected_revision=record.revision, contact="0917 1")
    return "contact", "0917 1"


def _need(user):
    from common.models import Barangay
    from mana.services import needs as service
    from mana.tests.conftest import fixtures_admin

    return service.create_need(
        user=fixtures_admin(),
        assessment=_assessment(user),
        category="education",
        title="Madrasah teachers",
        severity=4,
        urgency=3,
        feasibility=4,
        affected_communities=[Barangay.objects.get(code=personas.ALIGUAY)],
    )


def _need_other_edit(record, user):
    from mana.services import needs as service

    service.update_need(user=user, need=record, expected_revision=record.revision, evidence_sources="Theirs")
    return "evidence_sources", "Theirs"


def _need_form(record):
    return {
        "category": record.category,
        "title": record.title,
        "severity": record.severity,
        "urgency": record.urgency,
        "feasibility": record.feasibility,
        "affected_communities": [personas.ALIGUAY],
        "description": TYPED,
    }


def _question(user):
    from mana.models import Question
    from mana.services import instruments as service
    from mana.tests.conftest import fixtures_admin

    admin = fixtures_admin()
    instrument = service.create_instrument(user=admin, assessment=_assessment(user), title="Household survey")
    version = instrument.versions.get()
    return service.add_question(user=admin, version=version, text="Household size", qtype=Question.Type.NUMBER)


def _question_other_edit(record, user):
    from mana.services import instruments as service

    service.update_question(user=user, question=record, expected_revision=record.revision, help_text="Theirs")
    return "help_text", "Theirs"


def _question_form(record):
    return {"text": TYPED, "qtype": record.qtype, "order": "1", "scale_min": "1", "scale_max": "5"}


def _response(user):
    from mana.services import assessments as assessment_service
    from mana.services import instruments as instrument_service
    from mana.services import responses as service
    from mana.tests.conftest import build_instrument, fixtures_admin

    admin = fixtures_admin()
    participant = _participant(user)
    assessment = participant.assessment
    version = build_instrument(admin, assessment).versions.get()
    for status in ("preparation", "data_collection"):
        assessment_service.transition_assessment(user=admin, assessment=assessment, to_status=status)
    session = instrument_service.create_session(user=admin, assessment=assessment, version=version, title="Day 1")
    instrument_service.open_session(user=admin, session=session)
    return service.save_response(user=admin, session=session, participant=participant, answers={})


def _response_other_edit(record, user):
    from mana.services import responses as service
    from mana.tests.conftest import complete_answers

    answers = complete_answers(record.version)
    service.save_response(user=user, response=record, answers=answers, submit=True, expected_revision=record.revision)
    return "status", "submitted"


def _long_question(record):
    return record.version.questions.get(text="Describe the main problem").field_name


def _response_saved(record):
    return record.answers.filter(value_text=TYPED).exists()


CASES = [
    EditableCase(
        name="mana.Assessment",
        make=_assessment,
        other_edit=_assessment_other_edit,
        page_url=lambda r: reverse("mana:assessment-edit", args=[r.pk]),
        page_data=_assessment_form,
        api_url=lambda r: reverse("mana-api:assessment-detail", args=[r.pk]),
        api_data={"title": TYPED},
        typed=TYPED,
        actor="facilitator_ix",
    ),
    EditableCase(
        name="mana.Participant",
        make=_participant,
        other_edit=_participant_other_edit,
        page_url=lambda r: reverse("mana:participant-edit", args=[r.pk]),
        page_data=lambda r: {"name": r.name, "sex": r.sex, "organization": TYPED},
        api_url=None,
        api_data=None,
        typed=TYPED,
        actor="facilitator_ix",
    ),
    EditableCase(
        name="mana.Need",
        make=_need,
        other_edit=_need_other_edit,
        page_url=lambda r: reverse("mana:need-edit", args=[r.pk]),
        page_data=_need_form,
        api_url=lambda r: reverse("mana-api:need-detail", args=[r.pk]),
        api_data={"description": TYPED},
        typed=TYPED,
        actor="facilitator_ix",
    ),
    EditableCase(
        name="mana.Question",
        make=_question,
        other_edit=_question_other_edit,
        page_url=lambda r: reverse("mana:question-edit", args=[r.pk]),
        page_data=_question_form,
        api_url=None,
        api_data=None,
        typed=TYPED,
        actor="facilitator_ix",
    ),
    EditableCase(
        name="mana.Response",
        make=_response,
        other_edit=_response_other_edit,
        page_url=lambda r: reverse("mana:response-edit", args=[r.pk]),
        page_data=lambda r: {_long_question(r): TYPED},
        api_url=lambda r: reverse("mana-api:response-detail", args=[r.pk]),
        api_data=None,  # built per record: see api_body
        typed=TYPED,
        api_saved=_response_saved,
        actor="facilitator_ix",
    ),
]
