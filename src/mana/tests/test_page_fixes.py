"""MANA pages as a user meets them (issue 9 item 6): numbering, the question form, evidence labels,
filters, response errors, submitted responses, publishing, and the cross-assessment lists."""

import re

import pytest
from django.urls import reverse

from mana.forms import NeedForm, QuestionForm, evidence_label
from mana.models import InstrumentVersion, Response
from mana.services import responses as response_service
from mana.tests.conftest import build_instrument, q

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(facilitator_ix, session, participant, answers):
    return response_service.save_response(
        user=facilitator_ix, session=session, participant=participant, answers=answers, submit=True
    )


def test_question_numbers_skip_the_section_header(client, facilitator_ix, instrument):
    client.force_login(facilitator_ix)
    html = client.get(instrument.get_absolute_url()).content.decode()
    assert "list-group-numbered" not in html and "data-section" in html
    assert re.findall(r'data-question-number="(\d+)"', html) == [str(i) for i in range(1, 9)]
    assert "1.</span> Name of your purok" in html


def test_question_form_marks_the_fields_each_type_uses(facilitator_ix, assessment):
    version = build_instrument(facilitator_ix, assessment, publish=False).versions.get()
    from crispy_forms.utils import render_crispy_form

    html = render_crispy_form(QuestionForm(version=version))
    assert 'data-question-type="1"' in html
    groups = dict(re.findall(r'data-for-types="([^"]+)" data-type-group="(\w+)"', html))
    assert groups == {"rating": "scale", "number": "limits", "single_choice multiple_choice": "options"}
    # No JavaScript: every field is still there, each saying which type it is for.
    for name in ("scale_min", "scale_max", "min_value", "max_value", "choices_text"):
        assert f'name="{name}"' in html
    assert "Single and multiple choice" in html and "Rating scale: lowest value." in html


def test_question_form_page_loads_its_script(client, facilitator_ix, assessment):
    version = build_instrument(facilitator_ix, assessment, publish=False).versions.get()
    client.force_login(facilitator_ix)
    html = client.get(reverse("mana:question-add", args=[version.pk])).content.decode()
    assert "mana/question_form.js" in html and "<script>" not in html


def test_evidence_is_labelled_by_session_respondent_and_date(facilitator_ix, executive, assessment, submitted):
    form = NeedForm(user=facilitator_ix, assessment=assessment)
    label = dict(form.fields["evidence_responses"].choices)[submitted.pk]
    date = f"{submitted.submitted_at.astimezone().day} "
    assert label.startswith("Survey day 1 · Amina Hadjiri · ") and date in label
    assert "P-0" not in label
    assert evidence_label(submitted, personal_data=False).startswith(f"Survey day 1 · {submitted.participant.code} · ")


def test_filters_say_any_and_never_dashes_or_unknown(client, facilitator_ix, assessment, submitted):
    client.force_login(facilitator_ix)
    pages = [
        reverse("mana:index"),
        reverse("mana:need-list"),
        reverse("mana:need-board"),
        reverse("mana:participant-list", args=[assessment.pk]),
        reverse("mana:response-list", args=[assessment.pk]),
        reverse("mana:session-list"),
        reverse("mana:response-index"),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "---------" not in html, url
        assert ">Unknown<" not in html, url
        assert '<option value="" selected>Any</option>' in html, url
        assert "form-select form-select-sm" in html, url


def test_board_filters_by_a_choice_of_the_users_assessments(
    client, officer_ix, officer_xii, assessment, assessment_xii
):
    client.force_login(officer_ix)
    html = client.get(reverse("mana:need-board")).content.decode()
    assert f'<option value="{assessment.pk}">{assessment.title}</option>' in html
    assert assessment_xii.title not in html
    assert 'type="number" name="assessment"' not in html
    client.force_login(officer_xii)
    page = client.get(reverse("mana:need-board"), {"assessment": assessment.pk})
    assert assessment.title not in page.content.decode()  # not offered, and not accepted
    assert "Select a valid choice" in page.content.decode()


def test_response_errors_arrive_in_one_round(client, facilitator_ix, session, version):
    client.force_login(facilitator_ix)
    size = q(version, "Household size").field_name
    page = client.post(reverse("mana:response-add", args=[session.pk]), {size: "six", "submit": "1"})
    html = page.content.decode()
    assert page.status_code == 400
    # The respondent's problem and every answer's problem, together.
    assert "Choose a participant, or the members of the group." in html
    assert "Name the group" in html
    assert "Enter a number, e.g. 12 or 3.5." in html and "This question is required." in html


def test_unknown_participant_and_answer_errors_arrive_together(client, facilitator_ix, session, version):
    client.force_login(facilitator_ix)
    size = q(version, "Household size").field_name
    page = client.post(
        reverse("mana:response-add", args=[session.pk]), {"participant": "999999", size: "six", "submit": "1"}
    )
    html = page.content.decode()
    assert "Choose a participant whose consent is recorded." in html and "Enter a number" in html


def test_service_reports_respondent_and_answer_errors_at_once(facilitator_ix, session, participant_without_consent):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        response_service.save_response(
            user=facilitator_ix, session=session, participant=participant_without_consent, answers={}, submit=True
        )
    fields = set(exc.value.message_dict)
    assert "participant" in fields and len(fields) > 1


def test_submitted_response_offers_save_changes_only(client, facilitator_ix, submitted, answers):
    client.force_login(facilitator_ix)
    html = client.get(submitted.get_absolute_url()).content.decode()
    assert "Save changes" in html and "Save draft" not in html and ">Submit<" not in html
    client.post(submitted.get_absolute_url(), {**answers, "submit": "1"})
    submitted.refresh_from_db()
    assert submitted.status == Response.Status.SUBMITTED


def test_draft_response_offers_save_draft_and_submit(client, facilitator_ix, session, participant, answers):
    draft = response_service.save_response(
        user=facilitator_ix, session=session, participant=participant, answers=answers
    )
    client.force_login(facilitator_ix)
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "Save draft" in html and ">Submit<" in html and "Save changes" not in html


def test_publishing_asks_for_confirmation_first(client, facilitator_ix, assessment):
    version = build_instrument(facilitator_ix, assessment, publish=False).versions.get()
    url = reverse("mana:version-publish", args=[version.pk])
    client.force_login(facilitator_ix)
    detail = client.get(version.instrument.get_absolute_url()).content.decode()
    assert f'href="{url}"' in detail  # a link to the confirmation page, not a one-click form
    page = client.get(url)
    assert page.status_code == 200 and "freezes this version" in page.content.decode()
    client.post(url)  # no confirmation: nothing happens
    version.refresh_from_db()
    assert version.status == InstrumentVersion.Status.DRAFT
    client.post(url, {"confirm": "1"})
    version.refresh_from_db()
    assert version.status == InstrumentVersion.Status.PUBLISHED


def test_publish_confirmation_is_not_found_outside_the_team(client, other_facilitator_ix, facilitator_ix, assessment):
    version = build_instrument(facilitator_ix, assessment, publish=False).versions.get()
    client.force_login(other_facilitator_ix)
    assert client.get(reverse("mana:version-publish", args=[version.pk])).status_code == 404


@pytest.mark.parametrize(
    ("persona", "sees"),
    [("facilitator_ix", True), ("officer_ix", True), ("executive", True), ("officer_xii", False)],
)
def test_sessions_and_responses_across_assessments_are_scoped(client, request, persona, sees, submitted, session):
    client.force_login(request.getfixturevalue(persona))
    sessions = client.get(reverse("mana:session-list")).content.decode()
    responses = client.get(reverse("mana:response-index")).content.decode()
    assert (f'data-session="{session.pk}"' in sessions) is sees
    assert (f'data-response="{submitted.pk}"' in responses) is sees


@pytest.mark.parametrize("persona", ["partner_ix", "outsider"])
def test_roles_without_mana_cannot_list_sessions_or_responses(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    for name in ("mana:session-list", "mana:response-index", "mana:response-new"):
        assert client.get(reverse(name)).status_code == 403


def test_responses_list_filters_by_status_and_paginates(client, facilitator_ix, submitted, session, assessment):
    from mana.services.participants import register_participant

    for i in range(26):
        p = register_participant(
            user=facilitator_ix, assessment=assessment, name=f"P{i}", sex="male", consent_method="verbal"
        )
        response_service.save_response(user=facilitator_ix, session=session, participant=p, answers={})
    client.force_login(facilitator_ix)
    url = reverse("mana:response-index")
    first = client.get(url).content.decode()
    assert first.count("data-response=") == 25 and "Page 1 of 2" in first
    only_submitted = client.get(url, {"status": "submitted"}).content.decode()
    assert re.findall(r'data-response="(\d+)"', only_submitted) == [str(submitted.pk)]
    assert client.get(url, {"page": 2}).content.decode().count("data-response=") == 2


def test_new_response_lists_open_sessions_the_user_can_fill(client, facilitator_ix, officer_ix, session):
    client.force_login(facilitator_ix)
    html = client.get(reverse("mana:response-index")).content.decode()
    assert f'href="{reverse("mana:response-new")}"' in html
    html = client.get(reverse("mana:response-new")).content.decode()
    assert f'href="{reverse("mana:response-add", args=[session.pk])}"' in html
    client.force_login(officer_ix)  # officers read MANA but do not enter responses
    assert client.get(reverse("mana:response-new")).status_code == 403
    assert "data-new-response" not in client.get(reverse("mana:response-index")).content.decode()


def test_response_filter_offers_the_chosen_assessments_sessions_only(
    client, administrator, session, assessment, assessment_xii
):
    from mana.models import Session

    other = Session.objects.create(
        assessment=assessment_xii, version=session.version, title="Koronadal FGD", created_by=administrator
    )
    client.force_login(administrator)
    everything = client.get(reverse("mana:response-index")).content.decode()
    assert "Koronadal FGD" in everything and "Survey day 1" in everything
    narrowed = client.get(reverse("mana:response-index"), {"assessment": assessment.pk}).content.decode()
    assert "Survey day 1" in narrowed and f'<option value="{other.pk}">Koronadal FGD' not in narrowed


def test_assessment_filter_select_escapes_titles_and_keeps_the_choice(client, facilitator_ix, assessment):
    assessment.title = "Water <b>&</b> roads"
    assessment.save()
    client.force_login(facilitator_ix)
    html = client.get(reverse("mana:need-board"), {"assessment": assessment.pk}).content.decode()
    assert f'<option value="{assessment.pk}" selected>Water &lt;b&gt;&amp;&lt;/b&gt; roads</option>' in html
    select = re.search(r'<select [^>]*name="assessment"[^>]*>', html).group(0)
    assert 'class="form-select form-select-sm"' in select and 'id="id_assessment"' in select
