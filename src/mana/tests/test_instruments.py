import pytest
from django.core.exceptions import ValidationError

from mana.models import Answer, InstrumentVersion, Question
from mana.services import instruments as service
from mana.services import responses as response_service
from mana.tests.conftest import build_instrument, q

pytestmark = pytest.mark.django_db


def test_published_version_cannot_be_edited(version, facilitator_ix):
    question = version.questions.first()
    with pytest.raises(ValidationError, match="published and frozen"):
        service.update_question(user=facilitator_ix, question=question, text="Changed")
    with pytest.raises(ValidationError, match="published and frozen"):
        service.add_question(user=facilitator_ix, version=version, text="New", qtype="short_text")
    with pytest.raises(ValidationError, match="published and frozen"):
        service.delete_question(user=facilitator_ix, question=question)


def test_editing_after_responses_creates_a_new_version_and_old_answers_keep_their_meaning(
    session, participant, facilitator_ix, answers, instrument, version
):
    response = response_service.save_response(
        user=facilitator_ix, session=session, participant=participant, answers=answers, submit=True
    )
    draft = service.start_new_draft(user=facilitator_ix, instrument=instrument)
    assert draft.number == 2 and draft.is_draft and draft.based_on == version
    assert draft.questions.count() == version.questions.count()
    assert draft.sections.count() == version.sections.count()
    water = draft.questions.get(text="Main water source")
    service.update_question(
        user=facilitator_ix, question=water, text="Main drinking water source", choices=["Rain", "Piped", "Spring"]
    )
    service.delete_question(user=facilitator_ix, question=draft.questions.get(text="Has a madrasah"))
    service.publish_version(user=facilitator_ix, version=draft)

    # Version 1 and the stored answers are untouched.
    old_water = q(version, "Main water source")
    assert list(old_water.choices.values_list("label", flat=True)) == ["Well", "Piped", "River"]
    stored = Answer.objects.get(response=response, question=old_water)
    assert list(stored.choices.values_list("label", flat=True)) == ["Well"]
    assert response.version == version
    assert version.questions.filter(text="Has a madrasah").exists()
    assert set(Question.objects.filter(version=draft).values_list("text", flat=True)) >= {"Main drinking water source"}


def test_starting_a_draft_twice_returns_the_same_draft(instrument, facilitator_ix):
    first = service.start_new_draft(user=facilitator_ix, instrument=instrument)
    assert service.start_new_draft(user=facilitator_ix, instrument=instrument) == first
    assert instrument.versions.filter(status=InstrumentVersion.Status.DRAFT).count() == 1


def test_choice_questions_need_two_distinct_options(assessment, facilitator_ix):
    instrument = service.create_instrument(user=facilitator_ix, assessment=assessment, title="T")
    version = instrument.versions.get()
    with pytest.raises(ValidationError, match="at least two"):
        service.add_question(user=facilitator_ix, version=version, text="Q", qtype="single_choice", choices=["A"])
    with pytest.raises(ValidationError, match="different"):
        service.add_question(user=facilitator_ix, version=version, text="Q", qtype="single_choice", choices=["A", "a"])


def test_an_empty_version_cannot_be_published(assessment, facilitator_ix):
    instrument = service.create_instrument(user=facilitator_ix, assessment=assessment, title="T")
    with pytest.raises(ValidationError, match="at least one question"):
        service.publish_version(user=facilitator_ix, version=instrument.versions.get())


def test_questions_are_ordered_and_sectioned(facilitator_ix, assessment):
    instrument = build_instrument(facilitator_ix, assessment, publish=False)
    version = instrument.versions.get()
    orders = list(version.questions.values_list("order", flat=True))
    assert orders == sorted(orders) and len(set(orders)) == len(orders)
    assert all(question.section is not None for question in version.questions.all())


def test_sessions_use_published_versions_and_facilitators_open_and_close_them(
    facilitator_ix, assessment, other_facilitator_ix
):
    from django.core.exceptions import PermissionDenied

    instrument = build_instrument(facilitator_ix, assessment, publish=False)
    draft = instrument.versions.get()
    with pytest.raises(ValidationError, match="Publish"):
        service.create_session(user=facilitator_ix, assessment=assessment, version=draft, title="S")
    service.publish_version(user=facilitator_ix, version=draft)
    session = service.create_session(user=facilitator_ix, assessment=assessment, version=draft, title="S")
    with pytest.raises(ValidationError, match="preparation"):
        service.open_session(user=facilitator_ix, session=session)
    assessment.status = "data_collection"
    assessment.save()
    with pytest.raises(PermissionDenied):
        service.open_session(user=other_facilitator_ix, session=session)
    service.open_session(user=facilitator_ix, session=session)
    assert session.is_open and session.opened_by == facilitator_ix
    service.close_session(user=facilitator_ix, session=session)
    assert session.status == "closed" and session.closed_at is not None
