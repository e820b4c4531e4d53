"""Coordination list exports run as background jobs (issue 10, item 6; the communities export pattern):
confirm page → job with progress → access-checked download; the file holds the list's filtered rows."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from common.models import Job
from common.services.jobs import start_job
from common.tests.export_jobs import run_export
from common.tests.spreadsheets import formula_cells
from coordination import services
from coordination.models import OrganizationType

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://x","y")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"]


@pytest.fixture
def capture(django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return django_capture_on_commit_callbacks


def _sheet_rows(content: bytes) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(content)).worksheets[0].values)


def test_get_only_asks_and_starts_nothing(client, officer_ix, org_ix):
    client.force_login(officer_ix)
    response = client.get(reverse("coordination:export", args=["organizations"]), {"format": "xlsx", "org_type": "cso"})
    assert response.status_code == 200
    assert "1 row matches" in response.content.decode()
    assert not Job.objects.exists()


def test_job_records_progress_and_the_file_holds_the_filtered_rows(client, officer_ix, org_ix, org_xii, dapitan,
                                                                   capture):  # fmt: skip
    religious = services.create_organization(user=officer_ix, name="Dapitan Ulama Council", areas=[dapitan],
                                             org_type=OrganizationType.RELIGIOUS)  # fmt: skip
    client.force_login(officer_ix)
    url = reverse("coordination:export", args=["organizations"])
    job, content = run_export(client, url, {"format": "xlsx", "org_type": "cso"}, capture)
    assert job.kind == "coordination.export_list" and job.owner == officer_ix
    assert job.params == {"list": "organizations", "format": "xlsx", "filters": {"org_type": "cso"}}
    assert (job.done, job.total) == (1, 1) and job.filename.endswith(".xlsx")
    rows = _sheet_rows(content)
    assert rows[0][0] == "Name"
    assert [r[0] for r in rows[1:]] == [org_ix.name]  # not the religious council, not Region XII's
    assert religious.name not in {r[0] for r in rows}
    _, everything = run_export(client, url, {"format": "xlsx"}, capture)
    names = {r[0] for r in _sheet_rows(everything)[1:]}
    assert {org_ix.name, religious.name} <= names and org_xii.name not in names


@pytest.mark.parametrize("kind", ["organizations", "partnerships", "engagements", "action-items"])
def test_each_list_exports_through_a_job(client, officer_ix, org_ix, partnership_ix, engagement_ix, action_ix,
                                         kind, capture):  # fmt: skip
    client.force_login(officer_ix)
    job, content = run_export(client, reverse("coordination:export", args=[kind]), {"format": "xlsx"}, capture)
    titles = {"organizations": org_ix.name, "partnerships": partnership_ix.title,
              "engagements": engagement_ix.title, "action-items": action_ix.title}  # fmt: skip
    values = {v for row in _sheet_rows(content) for v in row}
    assert titles[kind] in values
    assert job.total == len(_sheet_rows(content)) - 1


def test_download_is_only_for_the_owner(client, officer_ix, officer_xii, executive, org_ix, capture):
    client.force_login(officer_ix)
    job, _ = run_export(client, reverse("coordination:export", args=["organizations"]), {"format": "csv"}, capture)
    for other in (officer_xii, executive):  # another region's officer; another user with a wider view
        client.force_login(other)
        assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
        assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404


def test_role_without_permission_gets_no_job(client, partner_ix, outsider, engagement_ix, capture):
    url = reverse("coordination:export", args=["engagements"]) + "?format=xlsx"
    for user in (partner_ix, outsider):  # partners may not see engagements; outsiders nothing
        client.force_login(user)
        with capture(execute=True):
            assert client.post(url).status_code == 403
    assert not Job.objects.exists()


def test_job_started_for_a_role_without_permission_fails(partner_ix, engagement_ix, capture):
    with capture(execute=True):
        job = start_job(owner=partner_ix, kind="coordination.export_list",
                        params={"list": "engagements", "format": "xlsx", "filters": {}})  # fmt: skip
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "may not export" in job.error and not job.result


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_exports_hold_no_live_formula(client, officer_ix, dapitan, fmt, capture):
    for index, text in enumerate(HOSTILE):
        services.create_organization(user=officer_ix, name=f"{text} {index}", acronym=HOSTILE[index - 1][:10],
                                     org_type=OrganizationType.CSO, areas=[dapitan])  # fmt: skip
    client.force_login(officer_ix)
    _, content = run_export(client, reverse("coordination:export", args=["organizations"]), {"format": fmt}, capture)
    assert formula_cells(content, fmt) == []
    if fmt == "csv":  # kept, apostrophe-led
        assert "'@SUM(A1) 3" in content.decode("utf-8-sig")
    else:
        assert f"{HOSTILE[3]} 3" in {r[0] for r in _sheet_rows(content)}
