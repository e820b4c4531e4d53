"""API of contacts, milestones, documents and feedback: role and area per persona, personal data only
for personal-data roles, documents uploaded with the shared check and downloaded only through the
access-checked action."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from coordination import services

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def client_for(user):
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


@pytest.fixture
def document(settings, tmp_path, officer_ix, partnership_ix):
    settings.MEDIA_ROOT = tmp_path
    body = {"partnership": partnership_ix.pk, "kind": "signed", "name": "Signed MOA.pdf",
            "content_base64": base64.b64encode(PDF).decode()}  # fmt: skip
    created = client_for(officer_ix).post(reverse("coordination-api:document-list"), body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["content_type"] == "application/pdf" and created.json()["size"] == len(PDF)
    return created.json()


def test_document_upload_refuses_a_wrong_type_with_the_file_error(officer_ix, partnership_ix):
    body = {"partnership": partnership_ix.pk, "name": "tool.exe", "content_base64": base64.b64encode(b"MZ").decode()}
    refused = client_for(officer_ix).post(reverse("coordination-api:document-list"), body, format="json")
    assert refused.status_code == 400 and "not an accepted type" in refused.json()["errors"]["file"][0]
    garbled = client_for(officer_ix).post(
        reverse("coordination-api:document-list"), {**body, "content_base64": "***"}, format="json"
    )
    assert garbled.status_code == 400 and "content_base64" in garbled.json()["errors"]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("officer_ix", 200), ("executive", 200), ("officer_xii", 404), ("partner_ix", 403), (None, 403)],
)
def test_document_download_per_persona(request, document, persona, expected):
    user = request.getfixturevalue(persona) if persona else None
    response = client_for(user).get(document["download_url"])
    assert response.status_code in ({expected, 401} if persona is None else {expected})
    if expected == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Cache-Control"] == "private, no-store" and "attachment" in response["Content-Disposition"]


def test_contacts_are_personal_data(officer_ix, executive, officer_xii, org_ix):
    contact = services.create_contact(user=officer_ix, organization=org_ix, name="Amina Jalil", phone="0917 111")
    url = reverse("coordination-api:contact-list")
    mine = client_for(officer_ix).get(url, {"organization": org_ix.pk}).json()["results"]
    assert [c["phone"] for c in mine] == ["0917 111"]
    assert client_for(executive).get(url).status_code == 403  # no personal-data access
    assert client_for(officer_xii).get(reverse("coordination-api:contact-detail", args=[contact.pk])).status_code == 404
    created = client_for(officer_ix).post(url, {"organization": org_ix.pk, "name": "Omar"}, format="json")
    assert created.status_code == 201 and created.json()["revision"] == 1


def test_milestones_create_edit_and_step_through_the_api(officer_ix, officer_xii, partnership_ix, partnership_xii):
    api = client_for(officer_ix)
    url = reverse("coordination-api:milestone-list")
    body = {"partnership": partnership_ix.pk, "title": "First report", "due_date": "2027-03-01", "owner": officer_ix.pk}
    created = api.post(url, body, format="json")
    assert created.status_code == 201, created.json()
    assert api.post(url, {**body, "owner": officer_xii.pk}, format="json").status_code == 400
    assert api.post(url, {**body, "partnership": partnership_xii.pk}, format="json").status_code == 400
    detail = reverse("coordination-api:milestone-detail", args=[created.json()["id"]])
    status_write = api.patch(detail, {"status": "done"}, format="json", HTTP_IF_MATCH=api.get(detail)["ETag"])
    assert status_write.status_code == 200 and status_write.json()["status"] == "pending"  # not writable
    done = api.post(f"{detail}transition/", {"to_status": "done"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "done" and done["ETag"] == '"2"'
    assert client_for(officer_xii).get(detail).status_code == 404


def test_feedback_hides_a_persons_name_from_roles_without_personal_data(officer_ix, executive, engagement_ix):
    services.add_feedback(
        user=officer_ix, engagement=engagement_ix, topic="Road", raised_by_person="Hadji Ali", sentiment="concern"
    )
    url = reverse("coordination-api:feedback-list")
    assert client_for(officer_ix).get(url).json()["results"][0]["raised_by_person"] == "Hadji Ali"
    row = client_for(executive).get(url).json()["results"][0]
    assert row["topic"] == "Road" and "raised_by_person" not in row
    refused = client_for(executive).post(
        url, {"engagement": engagement_ix.pk, "topic": "X", "raised_by_person": "Someone"}, format="json"
    )
    assert refused.status_code in (400, 403)


def test_milestone_due_dates_are_dates(officer_ix, partnership_ix):
    api = client_for(officer_ix)
    bad = api.post(
        reverse("coordination-api:milestone-list"),
        {"partnership": partnership_ix.pk, "title": "T", "due_date": "soon"},
        format="json",
    )
    assert bad.status_code == 400 and "due_date" in bad.json()["errors"]
    assert dt.date.fromisoformat("2027-03-01")  # the format the API documents
