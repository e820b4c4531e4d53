"""The evidence chain: each kind of citation, the area rule on what is cited, need → recommendations
and community → recommendations, the unanswered-needs list, and frozen evidence."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from mana.models import Need
from policies import selectors, services
from policies.models import Evidence, Status

from .conftest import advance, make_need, rec_fields


def test_need_to_recommendations_and_back(rec_ix, need_ix, officer_ix, officer_xii):
    assert list(selectors.answering(officer_ix, need_ix)) == [rec_ix]
    assert [e.need for e in rec_ix.evidence.filter(kind="need")] == [need_ix]
    assert list(selectors.answering(officer_xii, need_ix)) == []  # the recommendation is outside Region XII


def test_community_to_recommendations_targeting_it(officer_ix, dapitan, community_ix, need_ix):
    services.create_recommendation(user=officer_ix, areas=[dapitan], communities=[community_ix],
                                   **rec_fields(title="Targets Aliguay"))  # fmt: skip
    cited = services.create_recommendation(user=officer_ix, areas=[dapitan], **rec_fields(title="Cites Aliguay"))
    services.add_evidence(user=officer_ix, recommendation=cited, kind="community", target=community_ix,
                          statement="The profile counts 100 OBC residents.")  # fmt: skip
    services.create_recommendation(user=officer_ix, areas=[dapitan], **rec_fields(title="Unrelated"))
    assert {r.title for r in selectors.targeting(officer_ix, community_ix)} == {"Targets Aliguay", "Cites Aliguay"}


def test_unanswered_needs_lists_open_needs_without_live_recommendation(
    administrator, officer_ix, executive, dapitan, assessment_ix, need_ix
):
    other = make_need(administrator, assessment_ix, title="No health station")
    rejected = make_need(administrator, assessment_ix, title="Rejected need")
    Need.objects.filter(pk=rejected.pk).update(status=Need.Status.REJECTED)
    assert set(selectors.unanswered_needs(officer_ix)) == {need_ix, other}

    rec = services.create_recommendation(user=officer_ix, areas=[dapitan], **rec_fields())
    services.add_evidence(user=officer_ix, recommendation=rec, kind="need", target=need_ix, statement="Answers it.")
    assert set(selectors.unanswered_needs(officer_ix)) == {other}

    services.transition_recommendation(user=officer_ix, recommendation=rec, to_status=Status.WITHDRAWN,
                                       comment="Merged into a provincial program.")  # fmt: skip
    assert set(selectors.unanswered_needs(officer_ix)) == {need_ix, other}


def test_unanswered_needs_follow_the_area_rule(officer_xii, need_ix, need_xii):
    assert set(selectors.unanswered_needs(officer_xii)) == {need_xii}


def test_officer_cannot_cite_a_need_outside_their_areas(rec_ix, officer_ix, need_xii):
    with pytest.raises(ValidationError) as refused:
        services.add_evidence(user=officer_ix, recommendation=rec_ix, kind="need", target=need_xii, statement="x")
    assert "need" in refused.value.message_dict
    assert not Evidence.objects.filter(need=need_xii).exists()


def test_a_need_is_cited_once_per_recommendation(rec_ix, officer_ix, need_ix):
    with pytest.raises(ValidationError, match="already cited"):
        services.add_evidence(user=officer_ix, recommendation=rec_ix, kind="need", target=need_ix, statement="Again")


def test_each_kind_needs_what_it_cites(rec_ix, officer_ix, assessment_ix):
    with pytest.raises(ValidationError):
        services.add_evidence(user=officer_ix, recommendation=rec_ix, kind="assessment", target=None, statement="x")
    with pytest.raises(ValidationError) as refused:
        services.add_evidence(user=officer_ix, recommendation=rec_ix, kind="external", statement="x")
    assert "source_title" in refused.value.message_dict
    cited = services.add_evidence(user=officer_ix, recommendation=rec_ix, kind="assessment", target=assessment_ix,
                                  reliability="A", statement="The validated MANA report.")  # fmt: skip
    assert cited.assessment == assessment_ix and cited.reliability == "A"


def test_documents_are_type_checked(rec_ix, officer_ix, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="does not look like"):
        services.add_evidence(user=officer_ix, recommendation=rec_ix, kind="document", upload=fake, statement="x")
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    doc = services.add_evidence(user=officer_ix, recommendation=rec_ix, kind="document", upload=pdf,
                                source_author="DSWD IX", source_year=2025, statement="Household survey.")  # fmt: skip
    assert (doc.original_name, doc.content_type, doc.source_title) == ("report.pdf", "application/pdf", "report.pdf")
    assert "private/policies/" in doc.file.name


def test_priority_follows_cited_needs(rec_ix, officer_ix, need_ix):
    evidence = rec_ix.evidence.get(need=need_ix)
    services.remove_evidence(user=officer_ix, evidence=evidence)
    rec_ix.refresh_from_db()
    assert rec_ix.priority_score == 0


def test_evidence_of_endorsed_content_is_frozen_except_as_a_revision(rec_ix, officer_ix, executive, assessment_ix):
    advance(rec_ix, officer_ix, executive, Status.ENDORSED)
    with pytest.raises(PermissionDenied):
        services.add_evidence(user=officer_ix, recommendation=rec_ix, kind="assessment", target=assessment_ix,
                              statement="Late addition")  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.add_evidence(user=executive, recommendation=rec_ix, kind="assessment", target=assessment_ix,
                              statement="Late addition")  # fmt: skip
    assert "reason" in refused.value.message_dict
    services.add_evidence(user=executive, recommendation=rec_ix, kind="assessment", target=assessment_ix,
                          statement="Late addition", reason="The final MANA report came out.")  # fmt: skip
    rec_ix.refresh_from_db()
    revision = rec_ix.revisions.get()
    assert rec_ix.content_revision == 2 and revision.actor == executive
    assert revision.changes["evidence"]["to"].startswith("Added: MANA assessment")
