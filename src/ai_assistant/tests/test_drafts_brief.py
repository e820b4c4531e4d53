"""Drafting a policy brief narrative from a recommendation's evidence chain (issue 12, item 4)."""

from __future__ import annotations

import re

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from ai_assistant import gateway
from ai_assistant.models import Draft
from policies.models import Recommendation, RecommendationRevision

from .draft_fixtures import *  # noqa: F403
from .draft_fixtures import endorse

pytestmark = pytest.mark.django_db
ONLINE = "Online narrative of the evidence.\n1. The need has 7 votes and 999 households."
LIST_QUERIES = 10  # session, user, roles, the count, the page of drafts, their records…
NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def ask(client, user, rec):
    client.force_login(user)
    response = client.post(reverse("ai-drafts:draft-add", args=["brief_narrative", rec.pk]))
    assert response.status_code == 302
    return Draft.objects.get(user=user, object_id=rec.pk, kind="brief_narrative")


def test_brief_draft_is_not_written_into_the_recommendation_until_accepted(client, officer_ix, rec_ix):
    draft = ask(client, officer_ix, rec_ix)
    rec_ix.refresh_from_db()
    assert rec_ix.brief_summary == ""
    assert draft.status == "pending" and draft.provider == "offline" and draft.ready
    page = client.get(draft.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert "Offline draft" in body and "No madrasah teacher" in body and "<textarea" in body
    listing = client.get(reverse("ai-drafts:draft-list")).content.decode()
    assert draft.get_absolute_url() in listing and rec_ix.get_absolute_url() in listing


def test_offline_brief_narrative_quotes_only_figures_of_the_evidence(client, officer_ix, rec_ix, need_ix, community_ix):
    text = ask(client, officer_ix, rec_ix).text
    assert f"a priority score of {need_ix.priority_score}" in text
    assert "7 votes" in text and "350" in text and "412" in text
    # The figures of the evidence, and the numbers inside the names it cites (a purok, an assessment's year).
    names = f"{community_ix.display_name} {need_ix.assessment.title}"
    allowed = {str(need_ix.priority_score), "7", "350", "412", *NUMBER.findall(names)}
    found = set(NUMBER.findall(text))
    assert found, text
    assert found <= allowed, f"figures not in the evidence: {found - allowed}"


def test_accepting_writes_the_corrected_text_and_marks_it_ai_assisted(client, officer_ix, rec_ix):
    draft = ask(client, officer_ix, rec_ix)
    response = client.post(
        reverse("ai-drafts:draft-accept", args=[draft.pk]),
        {"text": draft.text + "\n\nChecked by the officer.", "revision": rec_ix.revision},
    )
    assert response.status_code == 302
    rec_ix.refresh_from_db()
    assert rec_ix.brief_summary.endswith("Checked by the officer.")
    draft.refresh_from_db()
    assert draft.status == "accepted" and draft.decided_at is not None
    marked = LogEntry.objects.get_for_object(rec_ix).filter(additional_data__ai_assisted=True)
    assert marked.count() == 1
    note = f"AI-assisted draft accepted by {officer_ix.get_full_name()}"
    assert marked.get().additional_data["note"].startswith(note)
    assert "brief_summary" in marked.get().changes_dict
    detail = client.get(rec_ix.get_absolute_url()).content.decode()
    assert "Checked by the officer." in detail and note in detail
    # Accepting twice is refused: the draft is decided.
    again = client.post(reverse("ai-drafts:draft-accept", args=[draft.pk]), {"text": "Other", "revision": 99})
    assert again.status_code == 400
    rec_ix.refresh_from_db()
    assert rec_ix.brief_summary.endswith("Checked by the officer.")


def test_stale_accept_is_refused_and_writes_nothing(client, officer_ix, rec_ix):
    draft = ask(client, officer_ix, rec_ix)
    response = client.post(reverse("ai-drafts:draft-accept", args=[draft.pk]),
                           {"text": "Narrative", "revision": rec_ix.revision - 1 or 99})  # fmt: skip
    assert response.status_code == 400
    rec_ix.refresh_from_db()
    assert rec_ix.brief_summary == ""
    assert Draft.objects.get(pk=draft.pk).status == "pending"


def test_endorsed_recommendation_takes_the_draft_only_as_a_reviewer_revision(client, officer_ix, executive, rec_ix):
    endorse(rec_ix, drafter=officer_ix, reviewer=executive)
    revisions = RecommendationRevision.objects.filter(recommendation=rec_ix)
    # The drafter may no longer change endorsed content: accepting is refused (403), nothing written.
    mine = ask(client, officer_ix, rec_ix)
    refused = client.post(reverse("ai-drafts:draft-accept", args=[mine.pk]), {"text": "New narrative"})
    assert refused.status_code == 403
    assert Recommendation.objects.get(pk=rec_ix.pk).brief_summary == "" and not revisions.exists()
    # A reviewer's accept is a recorded revision that says it was AI-assisted.
    theirs = ask(client, executive, rec_ix)
    response = client.post(
        reverse("ai-drafts:draft-accept", args=[theirs.pk]),
        {"text": "Reviewed narrative.", "revision": rec_ix.revision, "reason": "Narrative for the ministry"},
    )
    assert response.status_code == 302
    rec_ix.refresh_from_db()
    assert rec_ix.brief_summary == "Reviewed narrative." and rec_ix.status == "endorsed"
    revision = revisions.get()
    assert revision.reason.startswith(f"AI-assisted draft accepted by {executive.get_full_name()}")
    assert revision.reason.endswith("Narrative for the ministry")
    assert revision.changes["brief narrative"] == {"from": "", "to": "Reviewed narrative."}


def test_another_user_can_neither_see_nor_accept_a_draft(client, officer_ix, officer_xii, executive, rec_ix):
    draft = ask(client, officer_ix, rec_ix)
    for other in (officer_xii, executive):  # another region, and a national role that can open the record
        client.force_login(other)
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.post(reverse("ai-drafts:draft-accept", args=[draft.pk]), {"text": "x"}).status_code == 404
        assert client.post(reverse("ai-drafts:draft-reject", args=[draft.pk])).status_code == 404
        assert draft.get_absolute_url() not in client.get(reverse("ai-drafts:draft-list")).content.decode()
    # Nor can someone draft for a recommendation outside their areas.
    client.force_login(officer_xii)
    assert client.post(reverse("ai-drafts:draft-add", args=["brief_narrative", rec_ix.pk])).status_code == 404
    assert Draft.objects.get(pk=draft.pk).status == "pending"
    assert Recommendation.objects.get(pk=rec_ix.pk).brief_summary == ""


def test_rejecting_writes_nothing(client, officer_ix, rec_ix):
    draft = ask(client, officer_ix, rec_ix)
    assert client.post(reverse("ai-drafts:draft-reject", args=[draft.pk])).status_code == 302
    assert Draft.objects.get(pk=draft.pk).status == "rejected"
    assert Recommendation.objects.get(pk=rec_ix.pk).brief_summary == ""
    assert not LogEntry.objects.get_for_object(rec_ix).filter(additional_data__ai_assisted=True).exists()


def test_online_text_is_used_and_labelled_when_the_gateway_answers(client, officer_ix, rec_ix, monkeypatch):
    received = {}

    def fake_generate_text(*, user, purpose, instructions, data):
        received.update(user=user, purpose=purpose, data=data)
        return gateway.Generation(text=ONLINE, provider="gemini", model="gemini-test")

    monkeypatch.setattr(gateway, "generate_text", fake_generate_text)
    draft = ask(client, officer_ix, rec_ix)
    assert draft.text == ONLINE
    assert draft.provider == "gemini" and draft.model == "gemini-test"
    # Figures the record's data does not hold are named (7 votes and the score are in it; 999 is not).
    assert draft.note == "Check these figures: they are not in the record's data: 999."
    assert received["user"] == officer_ix and received["purpose"] == "brief-narrative"
    assert [e.get("need") for e in received["data"]["evidence"] if e["kind"] == "need"] == ["No madrasah teacher"]
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Written online by gemini-test" in page and "not in the record&#x27;s data: 999" in page
    client.post(reverse("ai-drafts:draft-accept", args=[draft.pk]), {"text": draft.text, "revision": rec_ix.revision})
    entry = LogEntry.objects.get_for_object(rec_ix).get(additional_data__ai_assisted=True)
    assert entry.additional_data["provider"] == "gemini" and "gemini-test" in entry.additional_data["note"]


def test_draft_button_shows_only_to_users_who_may_change_the_recommendation(client, officer_ix, facilitator_ix, rec_ix):
    client.force_login(officer_ix)
    assert 'data-draft-kind="brief_narrative"' in client.get(rec_ix.get_absolute_url()).content.decode()
    client.force_login(facilitator_ix)  # sees Region IX recommendations, cannot change them
    page = client.get(rec_ix.get_absolute_url())
    assert page.status_code == 200 and 'data-draft-kind="brief_narrative"' not in page.content.decode()


def test_drafts_list_costs_the_same_with_more_drafts(client, officer_ix, rec_ix, django_assert_max_num_queries):
    ask(client, officer_ix, rec_ix)
    url = reverse("ai-drafts:draft-list")
    client.get(url)  # warm-up
    with django_assert_max_num_queries(LIST_QUERIES):
        assert client.get(url).status_code == 200
    for _ in range(6):
        client.post(reverse("ai-drafts:draft-add", args=["brief_narrative", rec_ix.pk]))
    with django_assert_max_num_queries(LIST_QUERIES):
        page = client.get(url)
    assert page.content.decode().count('data-status="pending"') == 7
