"""API /api/v1/mana/: same services (same validation) and same access rules as the pages."""

import pytest
from rest_framework.test import APIClient

from common.tests import personas
from mana.models import Assessment, Need, Response
from mana.services import needs as need_service
from mana.services import responses as response_service
from mana.tests.conftest import q

pytestmark = pytest.mark.django_db
BASE = "/api/v1/mana"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def need(facilitator_ix, assessment, aliguay):
    return need_service.create_need(
        user=facilitator_ix,
        assessment=assessment,
        category="health",
        title="Barangay health station",
        severity=4,
        urgency=4,
        feasibility=4,
        affected_communities=[aliguay],
    )


def ids(response):
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("administrator", True),
        ("executive", True),
        ("officer_ix", True),
        ("officer_zdn", True),
        ("facilitator_ix", True),
        ("officer_xii", False),
        ("other_facilitator_ix", False),
    ],
)
def test_assessment_list_follows_area_and_team(api, request, assessment, persona, sees):
    api.force_authenticate(request.getfixturevalue(persona))
    response = api.get(f"{BASE}/assessments/")
    assert response.status_code == 200
    assert (assessment.pk in ids(response)) is sees
    detail = api.get(f"{BASE}/assessments/{assessment.pk}/")
    assert detail.status_code == (200 if sees else 404)


@pytest.mark.parametrize("persona", ["partner_ix", "outsider"])
def test_roles_without_mana_permission_see_nothing(api, request, assessment, need, persona):
    api.force_authenticate(request.getfixturevalue(persona))
    for path in ("assessments", "needs", "instruments", "responses"):
        response = api.get(f"{BASE}/{path}/")
        # Refused by the role (the same ScopedModelPermission as the communities API), not an empty list.
        assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_anonymous_is_refused(api, assessment):
    assert api.get(f"{BASE}/assessments/").status_code == 401


def test_facilitator_creates_an_assessment_by_psgc_codes(api, facilitator_ix):
    api.force_authenticate(facilitator_ix)
    response = api.post(
        f"{BASE}/assessments/",
        {
            "title": "Dapitan MANA",
            "level": "community",
            "municipality": personas.CITY_OF_DAPITAN,
            "communities": [personas.ALIGUAY],
            "methods": ["survey"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["region"] == personas.REGION_IX and body["communities"] == [personas.ALIGUAY]
    assert Assessment.objects.get(pk=body["id"]).lead == facilitator_ix


def test_api_uses_the_service_validation(api, facilitator_ix):
    api.force_authenticate(facilitator_ix)
    response = api.post(
        f"{BASE}/assessments/", {"title": "x", "level": "municipal", "municipality": personas.KORONADAL}, format="json"
    )
    assert response.status_code == 400
    assert "in your assigned areas" in response.json()["errors"]["municipality"][0]


def test_status_transition_via_api(api, facilitator_ix, officer_ix, assessment):
    api.force_authenticate(officer_ix)
    assert api.post(f"{BASE}/assessments/{assessment.pk}/transition/", {"to_status": "preparation"}).status_code == 403
    api.force_authenticate(facilitator_ix)
    refused = api.post(f"{BASE}/assessments/{assessment.pk}/transition/", {"to_status": "completed"})
    assert refused.status_code == 400 and "cannot move" in str(refused.json())
    ok = api.post(f"{BASE}/assessments/{assessment.pk}/transition/", {"to_status": "preparation", "comment": "go"})
    assert ok.status_code == 200 and ok.json()["status"] == "preparation"
    assert ok.json()["transitions"][0]["comment"] == "go"


def test_instrument_building_and_versioning_via_api(api, facilitator_ix, assessment):
    api.force_authenticate(facilitator_ix)
    created = api.post(f"{BASE}/instruments/", {"assessment": assessment.pk, "title": "Survey"}, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    bad = api.post(
        f"{BASE}/instruments/{pk}/questions/", {"text": "Q", "qtype": "single_choice", "choices": ["A"]}, format="json"
    )
    assert bad.status_code == 400 and "at least two options" in str(bad.json())
    good = api.post(
        f"{BASE}/instruments/{pk}/questions/",
        {"text": "Water?", "qtype": "single_choice", "choices": ["Well", "Piped"], "required": True},
        format="json",
    )
    assert good.status_code == 201
    published = api.post(f"{BASE}/instruments/{pk}/publish/")
    assert published.json()["versions"][0]["status"] == "published"
    frozen = api.post(f"{BASE}/instruments/{pk}/questions/", {"text": "Q2", "qtype": "yes_no"}, format="json")
    assert frozen.status_code == 400 and "new_draft" in str(frozen.json())
    drafted = api.post(f"{BASE}/instruments/{pk}/new_draft/")
    assert [v["status"] for v in drafted.json()["versions"]] == ["published", "draft"]


def test_response_via_api_validates_like_the_page(
    api, facilitator_ix, officer_ix, session, participant, version, answers
):
    api.force_authenticate(facilitator_ix)
    bad = api.post(
        f"{BASE}/responses/",
        {
            "session": session.pk,
            "participant": participant.pk,
            "answers": {str(q(version, "Household size").pk): "six"},
            "submit": True,
        },
        format="json",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"][q(version, "Household size").field_name] == ["Enter a number, e.g. 12 or 3.5."]
    json_answers = {
        **answers,
        q(version, "Household size").field_name: 6,
        q(version, "Has a madrasah").field_name: True,
    }
    ok = api.post(
        f"{BASE}/responses/",
        {"session": session.pk, "participant": participant.pk, "answers": json_answers, "submit": True},
        format="json",
    )
    assert ok.status_code == 201, ok.json()
    assert ok.json()["status"] == "submitted"
    assert ok.json()["values"][q(version, "Household size").field_name] == "6"
    api.force_authenticate(officer_ix)
    assert api.get(f"{BASE}/responses/{ok.json()['id']}/").status_code == 200
    url = f"{BASE}/responses/{ok.json()['id']}/"
    assert api.patch(url, {"answers": {}}, format="json", HTTP_IF_MATCH='"1"').status_code == 403


def test_response_without_consent_is_refused_via_api(
    api, facilitator_ix, session, participant_without_consent, answers
):
    api.force_authenticate(facilitator_ix)
    response = api.post(
        f"{BASE}/responses/",
        {"session": session.pk, "participant": participant_without_consent.pk, "answers": answers},
        format="json",
    )
    assert response.status_code == 400 and "consent" in str(response.json())
    assert not Response.objects.exists()


def test_response_list_is_scoped(api, officer_xii, facilitator_ix, session, participant, answers):
    r = response_service.save_response(user=facilitator_ix, session=session, participant=participant, answers=answers)
    api.force_authenticate(officer_xii)
    assert api.get(f"{BASE}/responses/").json()["count"] == 0
    assert api.get(f"{BASE}/responses/{r.pk}/").status_code == 404


def test_needs_api_create_vote_board_and_transition(api, facilitator_ix, officer_ix, officer_xii, assessment, need):
    api.force_authenticate(facilitator_ix)
    created = api.post(
        f"{BASE}/needs/",
        {
            "assessment": assessment.pk,
            "category": "wash",
            "title": "Water",
            "severity": 5,
            "urgency": 5,
            "feasibility": 5,
            "affected_communities": [personas.ALIGUAY],
            "affected_population": 6000,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["priority_score"] == "100.00"
    bad = api.post(
        f"{BASE}/needs/",
        {"category": "wash", "title": "x", "severity": 9, "urgency": 1, "feasibility": 1, "assessment": assessment.pk},
        format="json",
    )
    assert bad.status_code == 400
    api.force_authenticate(officer_ix)
    assert api.post(f"{BASE}/needs/{need.pk}/vote/").status_code == 201
    again = api.post(f"{BASE}/needs/{need.pk}/vote/")
    assert again.status_code == 400 and "already voted" in str(again.json())
    board = api.get(f"{BASE}/needs/board/").json()
    assert [row["rank"] for row in board] == [1, 2] and board[0]["title"] == "Water"
    assert api.post(f"{BASE}/needs/{need.pk}/transition/", {"to_status": "validated"}).status_code == 403
    api.force_authenticate(officer_xii)
    assert api.post(f"{BASE}/needs/{need.pk}/vote/").status_code == 404
    api.force_authenticate(facilitator_ix)
    moved = api.post(f"{BASE}/needs/{need.pk}/transition/", {"to_status": "validated"})
    assert moved.status_code == 200 and Need.objects.get(pk=need.pk).status == "validated"


def test_api_list_queries_do_not_grow(api, facilitator_ix, assessment, aliguay, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api.force_authenticate(facilitator_ix)
    for i in range(2):
        need_service.create_need(
            user=facilitator_ix,
            assessment=assessment,
            category="health",
            title=f"n{i}",
            severity=3,
            urgency=3,
            feasibility=3,
            affected_communities=[aliguay],
        )
    api.get(f"{BASE}/needs/")
    with CaptureQueriesContext(connection) as small:
        api.get(f"{BASE}/needs/")
    for i in range(20):
        need_service.create_need(
            user=facilitator_ix,
            assessment=assessment,
            category="health",
            title=f"m{i}",
            severity=3,
            urgency=3,
            feasibility=3,
            affected_communities=[aliguay],
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert api.get(f"{BASE}/needs/").json()["count"] == 22
