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


def test_signatories_create_edit_and_are_scoped(officer_ix, officer_xii, partner_ix, org_ix, org_xii, partnership_ix,
                                                 partnership_xii):  # fmt: skip
    api = client_for(officer_ix)
    url = reverse("coordination-api:signatory-list")
    body = {"partnership": partnership_ix.pk, "name": "Hadja Amina Jalil", "position": "President",
            "organization": org_ix.pk, "signed_on": "2026-03-01"}  # fmt: skip
    created = api.post(url, body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["revision"] == 1 and created.json()["organization"] == org_ix.pk
    # Another region's agreement, an organization outside the caller's areas: both unknown ids.
    assert "partnership" in api.post(url, {**body, "partnership": partnership_xii.pk}, format="json").json()["errors"]
    assert "organization" in api.post(url, {**body, "organization": org_xii.pk}, format="json").json()["errors"]
    detail = reverse("coordination-api:signatory-detail", args=[created.json()["id"]])
    assert api.patch(detail, {"position": "Chair"}, format="json").status_code == 428  # If-Match required
    edited = api.patch(detail, {"position": "Chair"}, format="json", HTTP_IF_MATCH='"1"')
    assert edited.status_code == 200 and edited.json()["position"] == "Chair" and edited["ETag"] == '"2"'
    assert api.patch(detail, {"position": "X"}, format="json", HTTP_IF_MATCH='"1"').status_code == 412
    assert partnership_ix.signatories.get().position == "Chair"
    assert client_for(officer_xii).get(detail).status_code == 404
    assert client_for(partner_ix).get(url).status_code == 403
    assert client_for(None).get(url).status_code in (401, 403)
    assert [s["name"] for s in api.get(url, {"partnership": partnership_ix.pk}).json()["results"]] == [body["name"]]


def test_signatory_must_sign_for_a_party(officer_ix, administrator, partnership_ix, zdn):
    other = services.create_organization(user=administrator, name="Zamboanga Peninsula Academe Network",
                                         org_type="academe", areas=[zdn])  # fmt: skip
    refused = client_for(officer_ix).post(
        reverse("coordination-api:signatory-list"),
        {"partnership": partnership_ix.pk, "name": "Gov. X", "organization": other.pk},
        format="json",
    )
    assert refused.status_code == 400 and "party" in refused.json()["errors"]["organization"][0]


def test_commitments_by_oobc_or_a_partner(officer_ix, officer_xii, executive, partner_ix, org_ix, org_xii,
                                          engagement_ix, engagement_xii):  # fmt: skip
    api = client_for(officer_ix)
    url = reverse("coordination-api:commitment-list")
    ours = api.post(url, {"engagement": engagement_ix.pk, "description": "Send madrasah teachers' list"},
                    format="json")  # fmt: skip
    assert ours.status_code == 201, ours.json()
    assert ours.json()["committed_by"] == "OOBC" and ours.json()["organization"] is None
    theirs = api.post(url, {"engagement": engagement_ix.pk, "description": "Host the next meeting",
                            "organization": org_ix.pk, "due_date": "2027-01-15"}, format="json")  # fmt: skip
    assert theirs.status_code == 201 and theirs.json()["committed_by"] == "DMWA"
    assert api.post(url, {"engagement": engagement_xii.pk, "description": "X"}, format="json").status_code == 400
    assert api.post(url, {"engagement": engagement_ix.pk, "description": "X", "organization": org_xii.pk},
                    format="json").status_code == 400  # fmt: skip
    assert api.post(url, {"engagement": engagement_ix.pk, "description": 5}, format="json").status_code == 400
    detail = reverse("coordination-api:commitment-detail", args=[theirs.json()["id"]])
    moved = api.patch(detail, {"due_date": "2027-02-01"}, format="json", HTTP_IF_MATCH='"1"')
    assert moved.status_code == 200 and moved.json()["due_date"] == "2027-02-01"
    listed = api.get(url, {"engagement": engagement_ix.pk}).json()["results"]
    assert [c["committed_by"] for c in listed] == ["OOBC", "DMWA"]
    assert client_for(officer_xii).get(detail).status_code == 404
    assert client_for(executive).get(url).status_code == 200  # executives read everything
    assert client_for(partner_ix).get(url).status_code == 403  # no minutes, feedback or commitments
    assert client_for(None).get(url).status_code in (401, 403)


def test_a_patched_party_without_its_organization_is_a_400(administrator, partnership_ix):
    """Found by schemathesis: a PATCH validates nested rows as partial, and a party row without its
    organization reached the service (500)."""
    api = client_for(administrator)
    url = reverse("coordination-api:partnership-detail", args=[partnership_ix.pk])
    answer = api.patch(url, {"parties": [{"role": "partner"}]}, format="json", HTTP_IF_MATCH=api.get(url)["ETag"])
    assert answer.status_code == 400 and "parties.0.organization" in answer.json()["errors"]


def test_writes_are_documented_as_answering_the_read_shape():
    """Found by schemathesis: PATCH answered the record as read while the schema promised the write body."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, read in [("/api/v1/coordination/organizations/{id}/", "Organization"),
                       ("/api/v1/coordination/partnerships/{id}/", "Partnership"),
                       ("/api/v1/coordination/engagements/{id}/", "Engagement"),
                       ("/api/v1/coordination/action-items/{id}/", "ActionItem")]:  # fmt: skip
        for method in ("patch", "put"):
            answer = schema["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"]
            assert answer == {"$ref": f"#/components/schemas/{read}"}, (path, method, answer)
        listing = path.replace("{id}/", "")
        created = schema["paths"][listing]["post"]["responses"]["201"]["content"]["application/json"]["schema"]
        assert created == {"$ref": f"#/components/schemas/{read}"}
