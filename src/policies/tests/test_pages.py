"""Pages: every persona allowed and denied on the list, detail, forms, workflow POSTs, evidence,
unanswered needs, exports and documents; the links from MANA needs and community pages."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from common.tests.export_jobs import run_export
from policies import services
from policies.models import Recommendation, Status

from .conftest import advance

PERSONAS = ["administrator", "executive", "officer_ix", "officer_xii", "officer_zdn", "facilitator_ix", "partner_ix",
            "outsider"]  # fmt: skip
#: Who opens the detail page of a Region IX draft.
SEES_IX_DRAFT = {"administrator", "executive", "officer_ix", "officer_zdn", "facilitator_ix"}
#: Who may open the "Draft a recommendation" form.
MAY_ADD = {"administrator", "executive", "officer_ix", "officer_xii", "officer_zdn"}


@pytest.fixture
def capture(django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return django_capture_on_commit_callbacks


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_anonymous_is_sent_to_sign_in(client, rec_ix):
    for url in (reverse("policies:index"), rec_ix.get_absolute_url(), reverse("policies:export")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_and_detail_per_persona(client, request, rec_ix, rec_xii, persona):
    user = request.getfixturevalue(persona)
    listed = _get(client, user, reverse("policies:index"))
    detail = _get(client, user, rec_ix.get_absolute_url())
    if persona == "outsider":
        assert listed.status_code == 403 and detail.status_code == 403
        return
    assert listed.status_code == 200
    body = listed.content.decode()
    assert (rec_ix.reference in body) == (persona in SEES_IX_DRAFT)
    assert (rec_xii.reference in body) == (persona in {"administrator", "executive", "officer_xii"})
    assert detail.status_code == (200 if persona in SEES_IX_DRAFT else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_add_form_per_persona(client, request, persona, dapitan):
    user = request.getfixturevalue(persona)
    response = _get(client, user, reverse("policies:recommendation-add"))
    assert response.status_code == (200 if persona in MAY_ADD else 403)


def test_officer_drafts_through_the_form_and_errors_keep_what_was_typed(client, officer_ix, dapitan, koronadal):
    client.force_login(officer_ix)
    data = {
        "title": "Halal certification support", "rec_type": "service", "category": "economic",
        "sector": "livelihood", "scope_level": "municipal", "areas": koronadal.code, "problem": "No halal office.",
        "proposed_action": "Open a help desk.", "importance": "4", "urgency": "4", "budget_amount": "-3",
    }  # fmt: skip
    refused = client.post(reverse("policies:recommendation-add"), data)
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "Halal certification support" in body and "No halal office." in body
    assert not Recommendation.objects.exists()
    data.update(areas_0_municipality=dapitan.code, budget_amount="250000")
    saved = client.post(reverse("policies:recommendation-add"), data)
    rec = Recommendation.objects.get()
    assert saved.status_code == 302 and saved["Location"] == rec.get_absolute_url()
    assert [a.municipality for a in rec.areas.all()] == [dapitan] and rec.created_by == officer_ix


def test_edit_page_refuses_other_region_and_frozen_content(client, rec_ix, officer_ix, officer_xii, executive):
    url = reverse("policies:recommendation-edit", args=[rec_ix.pk])
    assert _get(client, officer_xii, url).status_code == 404
    assert _get(client, officer_ix, url).status_code == 200
    advance(rec_ix, officer_ix, executive, Status.ENDORSED)
    frozen = _get(client, officer_ix, url)
    assert frozen.status_code == 302 and frozen["Location"] == rec_ix.get_absolute_url()
    assert _get(client, officer_ix, reverse("policies:recommendation-revise", args=[rec_ix.pk])).status_code == 403
    assert _get(client, executive, reverse("policies:recommendation-revise", args=[rec_ix.pk])).status_code == 200


def test_workflow_buttons_are_post_forms_offering_only_allowed_steps(client, rec_ix, officer_ix, executive):
    page = _get(client, officer_ix, rec_ix.get_absolute_url()).content.decode()
    assert 'value="under_review"' in page and 'value="endorsed"' not in page
    url = reverse("policies:recommendation-transition", args=[rec_ix.pk])
    assert client.get(url).status_code == 405
    client.post(url, {"to_status": "endorsed"})  # not offered to an officer
    rec_ix.refresh_from_db()
    assert rec_ix.status == Status.DRAFT
    client.post(url, {"to_status": "under_review"})
    client.force_login(executive)
    response = client.post(url, {"to_status": "needs_revision", "comment": ""}, follow=True)
    assert "needs a comment" in response.content.decode()
    client.post(url, {"to_status": "needs_revision", "comment": "Add the census figures."})
    rec_ix.refresh_from_db()
    assert rec_ix.status == Status.NEEDS_REVISION


def test_partner_sees_approved_detail_without_internal_comments(client, rec_ix, officer_ix, executive, partner_ix):
    services.transition_recommendation(user=officer_ix, recommendation=rec_ix, to_status=Status.UNDER_REVIEW)
    services.transition_recommendation(user=executive, recommendation=rec_ix, to_status=Status.NEEDS_REVISION,
                                       comment="INTERNAL-NOTE budget basis is weak")  # fmt: skip
    services.transition_recommendation(user=officer_ix, recommendation=rec_ix, to_status=Status.UNDER_REVIEW)
    advance_from_review = [Status.ENDORSED, Status.SUBMITTED, Status.APPROVED]
    for status in advance_from_review:
        services.transition_recommendation(user=executive, recommendation=rec_ix, to_status=status)
    page = _get(client, partner_ix, rec_ix.get_absolute_url())
    body = page.content.decode()
    assert page.status_code == 200 and "Approved" in body
    assert "INTERNAL-NOTE" not in body and 'name="to_status"' not in body
    assert "INTERNAL-NOTE" in _get(client, officer_ix, rec_ix.get_absolute_url()).content.decode()


def test_evidence_form_per_persona(client, rec_ix, officer_ix, officer_xii, partner_ix, need_ix, assessment_ix):
    url = reverse("policies:evidence-add", args=[rec_ix.pk])
    assert _get(client, officer_xii, url).status_code == 404
    assert _get(client, partner_ix, url).status_code == 403
    assert _get(client, officer_ix, url).status_code == 200
    response = client.post(url, {"kind": "assessment", "assessment": assessment_ix.pk, "reliability": "A",
                                 "statement": "Validated report."})  # fmt: skip
    assert response.status_code == 302
    assert rec_ix.evidence.filter(assessment=assessment_ix).exists()


def test_document_download_is_access_checked(client, rec_ix, officer_ix, officer_xii, partner_ix, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("survey.pdf", b"%PDF-1.4\n%x\n", content_type="application/pdf")
    doc = services.add_evidence(user=officer_ix, recommendation=rec_ix, kind="document", upload=pdf, statement="x")
    url = reverse("policies:evidence-download", args=[doc.pk])
    assert _get(client, officer_xii, url).status_code == 404
    assert _get(client, partner_ix, url).status_code == 403
    ok = _get(client, officer_ix, url)
    assert ok.status_code == 200 and b"".join(ok.streaming_content).startswith(b"%PDF")
    assert ok["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("persona", PERSONAS)
def test_unanswered_needs_page_per_persona(client, request, persona, need_ix, need_xii):
    user = request.getfixturevalue(persona)
    response = _get(client, user, reverse("policies:unanswered-needs"))
    allowed = {"administrator", "executive", "officer_ix", "officer_xii", "officer_zdn", "facilitator_ix"}
    assert response.status_code == (200 if persona in allowed else 403)
    if persona == "officer_ix":
        body = response.content.decode()
        assert need_ix.title in body and need_xii.title not in body


def test_need_page_lists_recommendations_answering_it(client, rec_ix, need_ix, officer_ix, officer_xii):
    body = _get(client, officer_ix, need_ix.get_absolute_url()).content.decode()
    assert "Policy recommendations answering this need" in body and rec_ix.reference in body


def test_community_page_lists_recommendations_targeting_it(client, officer_ix, dapitan, community_ix, partner_ix):
    from .conftest import rec_fields

    rec = services.create_recommendation(user=officer_ix, areas=[dapitan], communities=[community_ix], **rec_fields())
    assert rec.reference in _get(client, officer_ix, community_ix.get_absolute_url()).content.decode()
    assert rec.reference not in _get(client, partner_ix, community_ix.get_absolute_url()).content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_follow_the_area_rule(client, rec_ix, rec_xii, officer_ix, outsider, fmt, capture):
    url = reverse("policies:export")
    assert _get(client, outsider, url + f"?format={fmt}").status_code == 403
    client.force_login(officer_ix)
    _, content = run_export(client, url, {"format": fmt}, capture)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    else:
        rows = [[str(c) if c is not None else "" for c in r] for r in load_workbook(io.BytesIO(content)).active.values]
    references = [r[0] for r in rows[1:]]
    assert references == [rec_ix.reference]
    assert rows[0][:3] == ["Reference", "Title", "Type"]


def test_export_filters_like_the_list(client, rec_ix, rec_national, executive, capture):
    client.force_login(executive)
    _, content = run_export(client, reverse("policies:export"), {"format": "csv", "rec_type": "policy"}, capture)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == [rec_national.reference]


def test_list_queries_do_not_grow_with_rows(client, officer_ix, dapitan, django_assert_max_num_queries):
    from .conftest import rec_fields

    for i in range(30):
        services.create_recommendation(user=officer_ix, areas=[dapitan], **rec_fields(title=f"Rec {i}"))
    client.force_login(officer_ix)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("policies:index"))
    assert response.status_code == 200


def test_notifications_page_lists_own_notices_only(client, rec_ix, officer_ix, executive, officer_xii):
    services.transition_recommendation(user=officer_ix, recommendation=rec_ix, to_status=Status.UNDER_REVIEW)
    assert rec_ix.reference in _get(client, executive, reverse("policies:notifications")).content.decode()
    assert rec_ix.reference not in _get(client, officer_xii, reverse("policies:notifications")).content.decode()


def test_status_history_export_keeps_comments_internal(client, rec_ix, officer_ix, executive, partner_ix, capture):
    services.transition_recommendation(user=officer_ix, recommendation=rec_ix, to_status=Status.UNDER_REVIEW)
    services.transition_recommendation(user=executive, recommendation=rec_ix, to_status=Status.NEEDS_REVISION,
                                       comment="INTERNAL-NOTE")  # fmt: skip
    services.transition_recommendation(user=officer_ix, recommendation=rec_ix, to_status=Status.UNDER_REVIEW)
    for status in (Status.ENDORSED, Status.SUBMITTED, Status.APPROVED):
        services.transition_recommendation(user=executive, recommendation=rec_ix, to_status=status)
    client.force_login(officer_ix)
    _, content = run_export(client, reverse("policies:export-history"), {"format": "xlsx"}, capture)
    officer_rows = list(load_workbook(io.BytesIO(content)).active.values)
    assert officer_rows[0][-1] == "Comment" and len(officer_rows) == 7
    assert any(r[-1] == "INTERNAL-NOTE" for r in officer_rows[1:])
    client.force_login(partner_ix)
    _, content = run_export(client, reverse("policies:export-history"), {"format": "csv"}, capture)
    text = content.decode("utf-8-sig")
    assert rec_ix.reference in text and "INTERNAL-NOTE" not in text and "Comment" not in text.splitlines()[0]
