"""Drafting a MANA summary of findings: written by a background job with progress (issue 12, item 4)."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from ai_assistant.models import Draft
from common.models import Job
from mana.models import Assessment

from .draft_fixtures import *  # noqa: F403
from .draft_fixtures import PEOPLE

pytestmark = pytest.mark.django_db


def ask(client, user, assessment, capture, *, run=True):
    client.force_login(user)
    with capture(execute=run):
        response = client.post(reverse("ai-drafts:draft-add", args=["findings_summary", assessment.pk]))
    assert response.status_code == 302
    return Draft.objects.get(user=user, object_id=assessment.pk, kind="findings_summary")


def test_summary_runs_as_a_job_and_the_page_shows_progress_then_the_draft(
    client, facilitator_ix, surveyed_ix, need_ix, django_capture_on_commit_callbacks
):
    draft = ask(client, facilitator_ix, surveyed_ix, django_capture_on_commit_callbacks, run=False)
    # Queued: the review page is a progress page that polls itself.
    assert draft.job is not None and draft.job.status == Job.Status.QUEUED and not draft.ready
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'role="progressbar"' in page and reverse("ai-drafts:draft-progress", args=[draft.pk]) in page
    assert "<textarea" not in page
    polled = client.get(reverse("ai-drafts:draft-progress", args=[draft.pk]), HTTP_HX_REQUEST="true")
    assert polled.status_code == 200 and "Waiting to start" in polled.content.decode()
    # The job (Celery eager) writes it, reporting its four parts as progress.
    from common.tasks import run_job

    run_job.delay(draft.job_id)
    draft.refresh_from_db()
    job = Job.objects.get(pk=draft.job_id)
    assert job.status == Job.Status.SUCCEEDED and job.done == job.total == 4
    assert "ready for review" in job.message
    assert draft.ready and draft.provider == "offline"
    polled = client.get(reverse("ai-drafts:draft-progress", args=[draft.pk]), HTTP_HX_REQUEST="true")
    assert polled["HX-Redirect"] == draft.get_absolute_url()
    text = draft.text
    assert "3 participants took part (female 2, male 1); by sector: women 2, youth 1." in text
    assert f"1. No madrasah teacher (Education): priority score {need_ix.priority_score}, 7 votes" in text
    assert "3 survey responses were submitted" in text
    assert "Main water source: “Well” was the most frequent answer (2 of 3, 67%)." in text
    assert not any(name in text for name, *_ in PEOPLE)  # aggregates only, never a participant's name
    assert "<textarea" in client.get(draft.get_absolute_url()).content.decode()


def test_accepting_the_summary_writes_findings_and_marks_history(
    client, facilitator_ix, assessment_ix, need_ix, django_capture_on_commit_callbacks
):
    draft = ask(client, facilitator_ix, assessment_ix, django_capture_on_commit_callbacks)
    draft.refresh_from_db()
    assert draft.ready and Assessment.objects.get(pk=assessment_ix.pk).findings_summary == ""
    assessment_ix.refresh_from_db()
    response = client.post(reverse("ai-drafts:draft-accept", args=[draft.pk]),
                           {"text": "Teachers first.", "revision": assessment_ix.revision})  # fmt: skip
    assert response.status_code == 302
    assessment_ix.refresh_from_db()
    assert assessment_ix.findings_summary == "Teachers first."
    entry = LogEntry.objects.get_for_object(assessment_ix).get(additional_data__ai_assisted=True)
    assert "findings_summary" in entry.changes_dict and entry.actor == facilitator_ix
    page = client.get(assessment_ix.get_absolute_url()).content.decode()
    assert "Teachers first." in page and "AI-assisted draft accepted by" in page


def test_user_who_may_read_but_not_change_the_assessment_cannot_accept(
    client, officer_ix, assessment_ix, need_ix, django_capture_on_commit_callbacks
):
    # Program officers read every assessment of their region but change none.
    assert not Assessment.objects.for_user(officer_ix, "change").filter(pk=assessment_ix.pk).exists()
    client.force_login(officer_ix)
    page = client.get(assessment_ix.get_absolute_url())
    assert page.status_code == 200 and 'data-draft-kind="findings_summary"' not in page.content.decode()
    draft = ask(client, officer_ix, assessment_ix, django_capture_on_commit_callbacks)
    response = client.post(reverse("ai-drafts:draft-accept", args=[draft.pk]), {"text": "Mine."})
    assert response.status_code == 403
    assert Assessment.objects.get(pk=assessment_ix.pk).findings_summary == ""
    assert Draft.objects.get(pk=draft.pk).status == "pending"


def test_a_draft_rejected_before_its_job_ran_is_never_written(
    client, facilitator_ix, assessment_ix, need_ix, django_capture_on_commit_callbacks
):
    from common.tasks import run_job

    draft = ask(client, facilitator_ix, assessment_ix, django_capture_on_commit_callbacks, run=False)
    assert client.post(reverse("ai-drafts:draft-reject", args=[draft.pk])).status_code == 302
    run_job.delay(draft.job_id)
    draft.refresh_from_db()
    assert draft.status == "rejected" and draft.text == "" and not draft.ready
    assert "rejected before it was written" in Job.objects.get(pk=draft.job_id).message
    assert Assessment.objects.get(pk=assessment_ix.pk).findings_summary == ""


def test_a_completed_assessment_takes_its_summary_and_a_cancelled_one_does_not(
    client, administrator, facilitator_ix, assessment_ix, need_ix, django_capture_on_commit_callbacks
):
    from mana.services.assessments import transition_assessment

    for step in ("preparation", "data_collection", "analysis", "validation", "completed"):
        transition_assessment(user=administrator, assessment=assessment_ix, to_status=step)
    client.force_login(facilitator_ix)
    page = client.get(assessment_ix.get_absolute_url()).content.decode()
    assert reverse("ai-drafts:draft-add", args=["findings_summary", assessment_ix.pk]) in page  # the button shows
    draft = ask(client, facilitator_ix, assessment_ix, django_capture_on_commit_callbacks)
    assessment_ix.refresh_from_db()
    response = client.post(reverse("ai-drafts:draft-accept", args=[draft.pk]),
                           {"text": "Findings after validation.", "revision": assessment_ix.revision})  # fmt: skip
    assert response.status_code == 302
    assessment_ix.refresh_from_db()
    assert assessment_ix.status == "completed" and assessment_ix.findings_summary == "Findings after validation."

    cancelled = Assessment.objects.get(pk=assessment_ix.pk)
    Assessment.objects.filter(pk=cancelled.pk).update(status="cancelled")
    cancelled.refresh_from_db()
    from django.core.exceptions import ValidationError

    from mana.services.assessments import record_findings_summary

    with pytest.raises(ValidationError, match="cancelled"):
        record_findings_summary(
            user=facilitator_ix, assessment=cancelled, text="x", expected_revision=cancelled.revision
        )
