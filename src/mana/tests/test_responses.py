import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mana.models import Answer, AnswerChoice, Assessment, Participant, Response
from mana.services import instruments as instrument_service
from mana.services import participants as participant_service
from mana.services import responses as service
from mana.tests.conftest import complete_answers, q

pytestmark = pytest.mark.django_db


def test_a_complete_response_is_stored_in_typed_columns(session, participant, facilitator_ix, answers, version):
    response = service.save_response(
        user=facilitator_ix, session=session, participant=participant, answers=answers, submit=True
    )
    assert response.status == Response.Status.SUBMITTED and response.submitted_by == facilitator_ix
    by_text = {a.question.text: a for a in response.answers.select_related("question")}
    assert by_text["Household size"].value_number == 6
    assert by_text["Satisfaction with barangay services"].value_number == 2
    assert str(by_text["Date of last flood"].value_date) == "2025-11-02"
    assert by_text["Has a madrasah"].value_bool is True
    assert by_text["Describe the main problem"].value_text.startswith("No clean water")
    labels = set(
        AnswerChoice.objects.filter(answer=by_text["Services missing"]).values_list("choice__label", flat=True)
    )
    assert labels == {"Clinic", "Road"}


def test_consent_is_required_before_any_response_is_stored(
    session, participant_without_consent, facilitator_ix, answers
):
    with pytest.raises(ValidationError) as exc:
        service.save_response(
            user=facilitator_ix, session=session, participant=participant_without_consent, answers=answers
        )
    assert "consent" in str(exc.value)
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_consent_recorded_later_unlocks_responses(session, participant_without_consent, facilitator_ix, answers):
    participant_service.record_consent(
        user=facilitator_ix, participant=participant_without_consent, given_by="", method="verbal"
    )
    participant_without_consent.refresh_from_db()
    assert participant_without_consent.consent_given_by == "Jamal Ututalum"
    assert participant_without_consent.consent_recorded_by == facilitator_ix
    service.save_response(
        user=facilitator_ix, session=session, participant=participant_without_consent, answers=answers
    )
    assert Response.objects.count() == 1


def test_group_response_needs_every_member_to_have_consented(
    session, participant, participant_without_consent, facilitator_ix, answers
):
    with pytest.raises(ValidationError, match="Jamal Ututalum"):
        service.save_response(
            user=facilitator_ix,
            session=session,
            group_label="FGD women",
            group_members=[participant, participant_without_consent],
            answers=answers,
        )
    response = service.save_response(
        user=facilitator_ix, session=session, group_label="FGD women", group_members=[participant], answers=answers
    )
    assert response.is_group and list(response.group_members.all()) == [participant]


@pytest.mark.parametrize(
    ("question", "value", "message"),
    [
        ("Name of your purok", "x" * 501, "under 500 characters"),
        ("Household size", "six", "Enter a number"),
        ("Household size", ["1", "2"], "Choose only one"),
        ("Main water source", "Lake", "Choose one of the listed options"),
        ("Services missing", ["Clinic", "Airport"], "Choose from the listed options"),
        ("Satisfaction with barangay services", "7", "Choose a rating from 1 to 5"),
        ("Satisfaction with barangay services", "2.5", "Choose a rating from 1 to 5"),
        ("Date of last flood", "02/11/2025", "YYYY-MM-DD"),
        ("Has a madrasah", "maybe", "Answer yes or no"),
    ],
)
def test_each_question_type_refuses_bad_values_with_a_clear_message(version, answers, question, value, message):
    field = q(version, question).field_name
    _, errors = service.parse_answers(version, {**answers, field: value}, require_all=True)
    assert message in errors[field]
    assert list(errors) == [field]


def test_long_text_accepts_more_than_short_text(version, answers):
    field = q(version, "Describe the main problem").field_name
    _, errors = service.parse_answers(version, {**answers, field: "x" * 2000}, require_all=True)
    assert errors == {}


def test_single_choice_refuses_two_options(version, answers):
    field = q(version, "Main water source").field_name
    ids = [str(c.pk) for c in q(version, "Main water source").choices.all()[:2]]
    _, errors = service.parse_answers(version, {**answers, field: ids}, require_all=True)
    assert errors[field] == "Choose only one option."


def test_choices_may_be_given_by_label_and_yes_no_as_boolean(version, answers):
    data = {
        **answers,
        q(version, "Main water source").field_name: "piped",
        q(version, "Has a madrasah").field_name: False,
    }
    parsed, errors = service.parse_answers(version, data, require_all=True)
    assert errors == {}
    assert parsed[q(version, "Has a madrasah").pk].boolean is False
    piped = q(version, "Main water source").choices.get(label="Piped")
    assert parsed[q(version, "Main water source").pk].choice_ids == [piped.pk]


def test_number_limits_are_enforced(version, answers, facilitator_ix):
    question = q(version, "Household size")
    type(question).objects.filter(pk=question.pk).update(min_value=1, max_value=30)
    _, errors = service.parse_answers(version, {**answers, question.field_name: "0"}, require_all=True)
    assert errors[question.field_name] == "Enter a number of at least 1."


def test_required_questions_are_enforced_on_submit_but_not_on_draft(session, participant, facilitator_ix, version):
    partial = {q(version, "Household size").field_name: "4"}
    with pytest.raises(ValidationError) as exc:
        service.save_response(
            user=facilitator_ix, session=session, participant=participant, answers=partial, submit=True
        )
    assert exc.value.message_dict[q(version, "Has a madrasah").field_name] == ["This question is required."]
    draft = service.save_response(user=facilitator_ix, session=session, participant=participant, answers=partial)
    assert draft.status == Response.Status.DRAFT
    assert draft.answers.count() == 1


def test_draft_can_be_completed_and_submitted_later(session, participant, facilitator_ix, version, answers):
    draft = service.save_response(
        user=facilitator_ix,
        session=session,
        participant=participant,
        answers={q(version, "Household size").field_name: "4"},
    )
    service.save_response(user=facilitator_ix, response=draft, answers=answers, submit=True)
    draft.refresh_from_db()
    assert draft.status == "submitted" and draft.answers.count() == 8


def test_responses_are_editable_until_the_assessment_is_validated(session, participant, facilitator_ix, answers):
    response = service.save_response(user=facilitator_ix, session=session, participant=participant, answers=answers)
    assessment = response.assessment
    Assessment.objects.filter(pk=assessment.pk).update(status="analysis")
    response.assessment.refresh_from_db()
    service.save_response(user=facilitator_ix, response=response, answers=answers, submit=True)
    Assessment.objects.filter(pk=assessment.pk).update(status="validation")
    response.assessment.refresh_from_db()
    with pytest.raises(ValidationError, match="can no longer change"):
        service.save_response(user=facilitator_ix, response=response, answers=answers)


def test_new_responses_need_an_open_session(session, participant, facilitator_ix, answers):
    instrument_service.close_session(user=facilitator_ix, session=session)
    with pytest.raises(ValidationError, match="not open"):
        service.save_response(user=facilitator_ix, session=session, participant=participant, answers=answers)


def test_one_response_per_participant_per_session(session, participant, facilitator_ix, answers):
    service.save_response(user=facilitator_ix, session=session, participant=participant, answers=answers)
    with pytest.raises(ValidationError, match="already has a response"):
        service.save_response(user=facilitator_ix, session=session, participant=participant, answers=answers)


def test_unassigned_facilitator_cannot_store_responses(session, participant, other_facilitator_ix, answers):
    with pytest.raises(PermissionDenied):
        service.save_response(user=other_facilitator_ix, session=session, participant=participant, answers=answers)


def test_participant_of_another_assessment_is_refused(session, facilitator_ix, assessment_xii, administrator, answers):
    stranger = participant_service.register_participant(
        user=administrator, assessment=assessment_xii, name="X", sex=Participant.Sex.MALE, consent_method="verbal"
    )
    with pytest.raises(ValidationError, match="another assessment"):
        service.save_response(user=facilitator_ix, session=session, participant=stranger, answers=answers)


def test_stored_answers_round_trip_to_form_values(session, participant, facilitator_ix, version):
    answers = complete_answers(version)
    response = service.save_response(user=facilitator_ix, session=session, participant=participant, answers=answers)
    initial = service.answers_as_initial(response)
    assert initial == answers
