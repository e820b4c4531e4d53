"""Policy recommendation exports as background jobs (issue 11, item 5): the list, the status history and the
portfolio workbook (both sheets) are prepared by a job with progress; the download is the owner's only."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from common.models import Job
from common.services.jobs import start_job
from common.tests.export_jobs import run_export
from common.tests.spreadsheets import formula_cells
from policies import services
from policies.models import Status

from .conftest import rec_fields

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://x","y")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"]


@pytest.fixture
def capture(django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return django_capture_on_commit_callbacks


def _review(rec, officer, executive):
    services.transition_recommendation(user=officer, recommendation=rec, to_status=Status.UNDER_REVIEW)
    services.transition_recommendation(user=executive, recommendation=rec, to_status=Status.NEEDS_REVISION,
                                       comment="INTERNAL-NOTE")  # fmt: skip


def test_get_asks_first(client, officer_ix, rec_ix):
    client.force_login(officer_ix)
    response = client.get(reverse("policies:export-portfolio"))
    assert response.status_code == 200 and "1 row matches" in response.content.decode()
    assert not Job.objects.exists()


def test_portfolio_workbook_holds_the_filtered_recommendations_and_their_history(
    client, officer_ix, executive, rec_ix, rec_xii, rec_national, capture
):
    _review(rec_ix, officer_ix, executive)
    client.force_login(executive)
    job, content = run_export(client, reverse("policies:export-portfolio"), {"rec_type": "program"}, capture)
    assert job.kind == "policies.export" and job.params["what"] == "portfolio"
    assert job.params["filters"] == {"rec_type": "program"} and job.filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Recommendations", "Status history", "About"]
    recs = list(book["Recommendations"].values)
    expected = sorted(r.reference for r in (rec_ix, rec_xii, rec_national) if r.rec_type == "program")
    assert [r[0] for r in recs[1:]] == expected and rec_ix.reference in expected
    history = list(book["Status history"].values)
    assert history[0][-1] == "Comment"
    assert {r[0] for r in history[1:]} <= set(expected)
    assert [r[-1] for r in history[1:] if r[0] == rec_ix.reference][-1] == "INTERNAL-NOTE"
    assert (job.done, job.total) == (len(recs) - 1 + len(history) - 1,) * 2


def test_portfolio_follows_the_area_rule_and_keeps_comments_internal(client, officer_ix, executive, partner_ix,
                                                                      rec_ix, rec_xii, capture):  # fmt: skip
    _review(rec_ix, officer_ix, executive)
    client.force_login(officer_ix)
    _, content = run_export(client, reverse("policies:export-portfolio"), {}, capture)
    book = load_workbook(io.BytesIO(content))
    assert [r[0] for r in list(book["Recommendations"].values)[1:]] == [rec_ix.reference]
    client.force_login(partner_ix)  # partners see approved ones only, never review comments
    _, content = run_export(client, reverse("policies:export-portfolio"), {}, capture)
    book = load_workbook(io.BytesIO(content))
    assert len(list(book["Recommendations"].values)) == 1
    assert "Comment" not in next(book["Status history"].values)


def test_download_is_only_for_the_owner(client, officer_ix, officer_xii, executive, rec_ix, capture):
    client.force_login(officer_ix)
    job, _ = run_export(client, reverse("policies:export"), {"format": "csv"}, capture)
    for other in (officer_xii, executive):
        client.force_login(other)
        assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_role_without_permission_gets_no_job(client, outsider, rec_ix, capture):
    client.force_login(outsider)
    for name in ("policies:export", "policies:export-history", "policies:export-portfolio"):
        with capture(execute=True):
            assert client.post(reverse(name)).status_code == 403
    assert not Job.objects.exists()
    with capture(execute=True):
        job = start_job(owner=outsider, kind="policies.export", params={"what": "portfolio", "filters": {}})
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "may not export" in job.error


EVERY_EXPORT = [
    ("policies:export", "xlsx"),
    ("policies:export", "csv"),
    ("policies:export-history", "csv"),
    ("policies:export-portfolio", "xlsx"),
]


@pytest.mark.parametrize(("name", "fmt"), EVERY_EXPORT)
def test_exports_hold_no_live_formula(client, officer_ix, executive, dapitan, need_ix, name, fmt, capture):
    for index, text in enumerate(HOSTILE):
        rec = services.create_recommendation(
            user=officer_ix,
            areas=[dapitan],
            **rec_fields(
                title=f"{text} {index}", beneficiary_groups=HOSTILE[index - 1], funding_source=HOSTILE[index - 2]
            ),
        )
        services.add_evidence(user=officer_ix, recommendation=rec, kind="need", target=need_ix, reliability="B",
                              statement=text)  # fmt: skip
        services.transition_recommendation(user=officer_ix, recommendation=rec, to_status=Status.UNDER_REVIEW)
        services.transition_recommendation(user=executive, recommendation=rec, to_status=Status.NEEDS_REVISION,
                                           comment=text)  # fmt: skip
    client.force_login(officer_ix)
    job, content = run_export(client, reverse(name), {"format": fmt}, capture)
    assert job.total >= len(HOSTILE)
    assert formula_cells(content, fmt) == []


def test_briefs_of_the_filtered_recommendations_come_as_a_zip_of_pdfs(client, officer_ix, rec_ix, rec_xii, capture):
    import zipfile

    from pypdf import PdfReader

    client.force_login(officer_ix)
    assert client.get(reverse("policies:export-briefs")).status_code == 200
    job, content = run_export(client, reverse("policies:export-briefs"), {"rec_type": "program"}, capture)
    assert job.kind == "policies.briefs" and job.filename.endswith(".zip") and (job.done, job.total) == (1, 1)
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert archive.namelist() == [f"{rec_ix.reference}-brief.pdf"]  # Region XII's is not the officer's to see
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(archive.read(archive.namelist()[0]))).pages)
    assert rec_ix.reference in text


def test_briefs_job_refused_without_permission(client, outsider, rec_ix, capture):
    client.force_login(outsider)
    with capture(execute=True):
        assert client.post(reverse("policies:export-briefs")).status_code == 403
    assert not Job.objects.exists()
