"""/api/v1/ai/drafts/: own drafts only, create, accept/reject, items by index; the one error body."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from ai_assistant.models import Draft
from coordination.models import ActionItem
from policies.models import Recommendation

from .draft_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db
URL = "/api/v1/ai/drafts/"


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    api.force_authenticate(user)
    return api


def create(api, kind, record):
    return api.post(URL, {"kind": kind, "record": record}, format="json")


def test_anonymous_is_refused(api):
    response = api.get(URL)
    assert response.status_code in (401, 403) and set(response.json()) == {"detail", "code", "errors"}


def test_brief_draft_through_the_api_is_private_and_accepted_into_the_record(api, officer_ix, officer_xii, rec_ix):
    response = create(as_user(api, officer_ix), "brief_narrative", rec_ix.pk)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["provider"] == "offline" and body["ready"] and body["status"] == "pending"
    assert body["record"] == rec_ix.pk and body["record_type"] == "policies.recommendation"
    assert "No madrasah teacher" in body["text"]
    assert Recommendation.objects.get(pk=rec_ix.pk).brief_summary == ""
    assert [d["id"] for d in api.get(URL).json()["results"]] == [body["id"]]
    # Another officer: not listed, 404 on the draft and its actions.
    as_user(api, officer_xii)
    assert api.get(URL).json()["results"] == []
    missing = api.get(f"{URL}{body['id']}/")
    assert missing.status_code == 404 and set(missing.json()) == {"detail", "code", "errors"}
    assert api.post(f"{URL}{body['id']}/accept/", {}, format="json").status_code == 404
    # The owner accepts it, corrected.
    as_user(api, officer_ix)
    accepted = api.post(
        f"{URL}{body['id']}/accept/", {"text": "Corrected.", "revision": rec_ix.revision}, format="json"
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert Recommendation.objects.get(pk=rec_ix.pk).brief_summary == "Corrected."
    # The recommendation's API shows the accepted narrative (read-only there).
    assert api.get(f"/api/v1/policies/recommendations/{rec_ix.pk}/").json()["brief_summary"] == "Corrected."


def test_create_refuses_wrong_types_and_records_outside_the_areas(api, officer_ix, officer_xii, rec_ix):
    as_user(api, officer_xii)
    outside = create(api, "brief_narrative", rec_ix.pk)
    assert outside.status_code == 400 and "record" in outside.json()["errors"]
    as_user(api, officer_ix)
    text_id = create(api, "brief_narrative", str(rec_ix.pk))
    assert text_id.status_code == 400 and "record" in text_id.json()["errors"]
    kind = create(api, "poem", rec_ix.pk)
    assert kind.status_code == 400 and "kind" in kind.json()["errors"]
    draft_id = create(api, "brief_narrative", rec_ix.pk).json()["id"]
    stale = api.post(f"{URL}{draft_id}/accept/", {"revision": rec_ix.revision + 5}, format="json")
    assert stale.status_code == 412 and stale.json()["code"] == "stale_record"
    rejected = api.post(f"{URL}{draft_id}/reject/", {}, format="json")
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert not Draft.objects.filter(user=officer_xii).exists()
    assert Recommendation.objects.get(pk=rec_ix.pk).brief_summary == ""


def test_action_items_by_index(api, named_officer_ix, officer_xii, executive, engagement_ix):
    draft = create(as_user(api, named_officer_ix), "action_items", engagement_ix.pk).json()
    assert len(draft["items"]) == 3 and draft["items"][0]["status"] == "pending"
    base = f"{URL}{draft['id']}/items"
    refused = api.post(f"{base}/0/accept/", {"owner": officer_xii.pk}, format="json")
    assert refused.status_code == 400 and "owner" in refused.json()["errors"]
    assert api.post(f"{base}/9/accept/", {}, format="json").json()["errors"].keys() == {"index"}
    done = api.post(f"{base}/0/accept/", {"title": "Send the asatidz list"}, format="json")
    assert done.status_code == 201, done.json()
    assert ActionItem.objects.get(pk=done.json()["action_item"]).title == "Send the asatidz list"
    assert done.json()["draft"]["items"][0]["status"] == "accepted"
    assert api.post(f"{base}/0/accept/", {}, format="json").status_code == 400
    assert api.post(f"{base}/1/reject/", {}, format="json").json()["items"][1]["status"] == "rejected"
    assert ActionItem.objects.count() == 1
    # Executives read the engagement but may not change it: 403 with the error body.
    theirs = create(as_user(api, executive), "action_items", engagement_ix.pk).json()
    forbidden = api.post(f"{URL}{theirs['id']}/items/0/accept/", {"owner": executive.pk}, format="json")
    assert forbidden.status_code == 403 and forbidden.json()["code"] == "permission_denied"
    assert ActionItem.objects.count() == 1


def test_findings_summary_is_written_by_a_job(api, facilitator_ix, assessment_ix, need_ix,
                                             django_capture_on_commit_callbacks):  # fmt: skip
    as_user(api, facilitator_ix)
    with django_capture_on_commit_callbacks(execute=True):
        body = create(api, "findings_summary", assessment_ix.pk).json()
    assert body["ready"] is False and body["job"] is not None and body["text"] == ""
    written = api.get(f"{URL}{body['id']}/").json()
    assert written["ready"] is True and "No madrasah teacher" in written["text"]
    accepted = api.post(f"{URL}{body['id']}/accept/", {"text": "Summary."}, format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert api.get(f"/api/v1/mana/assessments/{assessment_ix.pk}/").json()["findings_summary"] == "Summary."
