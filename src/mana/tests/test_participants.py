import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from common.models import PersonalDataExport
from mana.models import Participant
from mana.services import participants as service

pytestmark = pytest.mark.django_db


def test_consent_records_who_when_how(participant, facilitator_ix):
    assert participant.has_consent
    assert participant.consent_given_by == "Amina Hadjiri"
    assert participant.consent_method == "written"
    assert participant.consent_recorded_by == facilitator_ix
    assert participant.consent_at is not None


def test_consent_cannot_be_dated_in_the_future(assessment, facilitator_ix):
    from datetime import timedelta

    from django.utils import timezone

    with pytest.raises(ValidationError, match="future"):
        service.register_participant(
            user=facilitator_ix,
            assessment=assessment,
            name="X",
            sex="male",
            consent_method="verbal",
            consent_at=timezone.now() + timedelta(days=2),
        )


def test_participant_community_must_be_in_the_assessment_area(assessment, facilitator_ix):
    from common.models import Barangay
    from common.tests import personas

    outside = Barangay.objects.filter(municipality__code=personas.KORONADAL).first()
    with pytest.raises(ValidationError, match="outside"):
        service.register_participant(
            user=facilitator_ix, assessment=assessment, name="X", sex="male", community=outside
        )


@pytest.mark.parametrize("persona", ["administrator", "officer_ix", "facilitator_ix"])
def test_personal_data_roles_see_participants(request, participant, persona):
    user = request.getfixturevalue(persona)
    assert Participant.objects.for_user(user).filter(pk=participant.pk).exists()


@pytest.mark.parametrize("persona", ["executive", "partner_ix", "officer_xii", "outsider", "other_facilitator_ix"])
def test_other_roles_do_not_see_participants(request, participant, persona):
    user = request.getfixturevalue(persona)
    assert not Participant.objects.for_user(user).filter(pk=participant.pk).exists()


def test_executive_never_gets_participant_permissions(executive):
    assert not executive.has_perm("mana.view_participant")
    assert executive.has_perm("mana.view_assessment")


@pytest.mark.parametrize("persona", ["officer_ix", "facilitator_ix"])
def test_participant_pages_allowed_for_personal_data_roles(client, request, participant, persona):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("mana:participant-list", args=[participant.assessment_id]))
    assert page.status_code == 200
    assert "Amina Hadjiri" in page.content.decode()


@pytest.mark.parametrize(("persona", "status"), [("executive", 403), ("partner_ix", 403), ("officer_xii", 404)])
def test_participant_pages_denied_to_others(client, request, participant, persona, status):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("mana:participant-list", args=[participant.assessment_id]))
    assert page.status_code == status
    assert b"Amina Hadjiri" not in page.content


def test_executive_sees_pseudonymous_codes_not_names_in_responses(client, executive, session, participant, answers):
    from mana.services.responses import save_response

    save_response(user=session.assessment.lead, session=session, participant=participant, answers=answers)
    client.force_login(executive)
    html = client.get(reverse("mana:response-list", args=[session.assessment_id])).content.decode()
    assert participant.code in html and "Amina Hadjiri" not in html


def test_export_is_logged_and_contains_the_rows(client, officer_ix, participant):
    client.force_login(officer_ix)
    response = client.get(reverse("mana:participant-export", args=[participant.assessment_id, "csv"]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Code", "Name"] and rows[1][1] == "Amina Hadjiri"
    log = PersonalDataExport.objects.get()
    assert log.user == officer_ix and log.row_count == 1 and log.file_format == "csv"


def test_excel_export_is_logged(client, facilitator_ix, participant):
    from openpyxl import load_workbook

    client.force_login(facilitator_ix)
    response = client.get(reverse("mana:participant-export", args=[participant.assessment_id, "xlsx"]))
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["B2"].value == "Amina Hadjiri"
    assert PersonalDataExport.objects.filter(user=facilitator_ix, file_format="xlsx").count() == 1


@pytest.mark.parametrize("persona", ["executive", "partner_ix"])
def test_export_denied_and_not_logged_for_roles_without_personal_data(client, request, participant, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(reverse("mana:participant-export", args=[participant.assessment_id, "csv"]))
    assert response.status_code == 403
    assert not PersonalDataExport.objects.exists()
    with pytest.raises(PermissionDenied):
        service.export_participants(
            user=user, assessment=participant.assessment, participants=Participant.objects.all()
        )


def test_registering_through_the_page_keeps_what_was_typed_on_error(client, facilitator_ix, assessment):
    client.force_login(facilitator_ix)
    response = client.post(
        reverse("mana:participant-add", args=[assessment.pk]),
        {"name": "Nur Alonto", "sex": "", "contact": "0918 111 2222", "consent_method": "verbal"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Nur Alonto"' in html and 'value="0918 111 2222"' in html
    assert not Participant.objects.exists()


def test_team_removes_a_participant_softly_and_others_cannot(client, facilitator_ix, officer_ix, participant):
    url = reverse("mana:participant-delete", args=[participant.pk])
    client.force_login(officer_ix)  # personal-data role, but no delete permission
    assert client.post(url).status_code == 404
    client.force_login(facilitator_ix)
    assert client.post(url).status_code == 302
    participant.refresh_from_db()
    assert participant.is_deleted
    assert not Participant.objects.alive().filter(pk=participant.pk).exists()
    participant.restore()
    assert Participant.objects.alive().filter(pk=participant.pk).exists()
