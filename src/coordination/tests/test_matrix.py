"""Who does what where (3W): counts against a hand-built fixture, the period, scope and export."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from common.models import Job
from common.services.jobs import start_job
from common.tests.export_jobs import run_export
from common.tests.spreadsheets import formula_cells
from coordination import services
from coordination.matrix import build_matrix
from coordination.models import Engagement, OrganizationType

from .conftest import make_engagement, make_partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixture_3w(administrator, officer_ix, dapitan, zdn, south_cotabato, oobc, org_ix, org_xii):
    """Hand-built: in 2026, DMWA has 2 engagements in Zamboanga del Norte (one cancelled, not counted,
    plus one in 2025, not counted) and 1 active partnership there; SCUC has 1 engagement and 1
    partnership in South Cotabato; OOBC is a party to both partnerships."""
    at = timezone.make_aware(dt.datetime(2026, 5, 10, 9))
    make_engagement(administrator, where=dapitan, orgs=[org_ix], starts_at=at, title="E1")
    make_engagement(administrator, where=zdn, orgs=[org_ix], starts_at=at + dt.timedelta(days=30), title="E2")
    cancelled = make_engagement(administrator, where=zdn, orgs=[org_ix], starts_at=at, title="E3")
    services.transition_engagement(user=administrator, engagement=cancelled, to_status="cancelled", comment="x")
    make_engagement(administrator, where=zdn, orgs=[org_ix], starts_at=at - dt.timedelta(days=365), title="Old")
    make_engagement(administrator, where=south_cotabato, orgs=[org_xii], starts_at=at, title="E4")
    make_partnership(administrator, orgs=[oobc, org_ix], areas=[zdn], status="active")
    make_partnership(administrator, orgs=[oobc, org_xii], areas=[south_cotabato], status="active", title="Other")
    make_partnership(administrator, orgs=[oobc, org_ix], areas=[zdn], status="draft", title="Draft, not counted")


PERIOD = {"start": dt.date(2026, 1, 1), "end": dt.date(2026, 12, 31)}


def _cells(matrix):
    return {(r.organization.acronym, r.area.name if r.area else None): (r.partnerships, r.engagements)
            for r in matrix.rows}  # fmt: skip


def test_3w_counts_match_the_hand_built_fixture(administrator, fixture_3w):
    cells = _cells(build_matrix(administrator, **PERIOD, level="province"))
    assert cells == {
        ("DMWA", "Zamboanga del Norte"): (1, 2),
        ("SCUC", "South Cotabato"): (1, 1),
        ("OOBC", "Zamboanga del Norte"): (1, 0),
        ("OOBC", "South Cotabato"): (1, 0),
    }


def test_3w_by_region_and_sector(administrator, fixture_3w):
    matrix = build_matrix(administrator, **PERIOD, level="region", sector="livelihood")
    assert {r.organization.acronym for r in matrix.rows} == {"DMWA"}
    assert matrix.by_sector["Livelihood and economy"] == {"Region IX (Zamboanga Peninsula)": 1}


def test_3w_is_scoped_to_the_users_areas(officer_ix, partner_ix, fixture_3w):
    for user in (officer_ix, partner_ix):  # partner viewers get the aggregate counts of their areas
        cells = _cells(build_matrix(user, **PERIOD, level="province"))
        assert ("DMWA", "Zamboanga del Norte") in cells
        assert not any(area == "South Cotabato" for _, area in cells)


def test_3w_is_empty_for_an_outsider(outsider, fixture_3w):
    assert build_matrix(outsider, **PERIOD).rows == []


def test_3w_page_drills_down_for_officers_not_partner_viewers(client, officer_ix, partner_ix, fixture_3w):
    query = {"start": "2026-01-01", "end": "2026-12-31"}
    client.force_login(officer_ix)
    html = client.get(reverse("coordination:matrix"), query).content.decode()
    assert reverse("coordination:engagement-list") + "?organization=" in html
    client.force_login(partner_ix)
    response = client.get(reverse("coordination:matrix"), query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Zamboanga del Norte" in html and reverse("coordination:engagement-list") + "?organization=" not in html


@pytest.fixture
def capture(django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return django_capture_on_commit_callbacks


def test_3w_export_is_a_job_with_the_same_counts(client, administrator, fixture_3w, capture):
    client.force_login(administrator)
    url = reverse("coordination:matrix-export")
    query = {"start": "2026-01-01", "end": "2026-12-31"}
    confirm = client.get(url, query)
    assert confirm.status_code == 200 and not Job.objects.exists()
    rows_on_page = len(build_matrix(administrator, **PERIOD, level="province").rows)
    assert f"{rows_on_page} row" in confirm.content.decode()
    job, content = run_export(client, url, query, capture)
    assert job.kind == "coordination.export_matrix" and job.params == {"filters": query}
    assert (job.done, job.total) == (rows_on_page, rows_on_page)
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book["3W"]
    rows = {(r[1], r[4]): (r[5], r[6]) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[("DMWA", "Zamboanga del Norte")] == (1, 2)
    assert len(rows) == rows_on_page
    assert formula_cells(content, "xlsx") == []


def test_3w_export_is_scoped_to_the_owner(client, officer_ix, fixture_3w, capture):
    client.force_login(officer_ix)
    _, content = run_export(client, reverse("coordination:matrix-export"), {"start": "2026-01-01",
                                                                             "end": "2026-12-31"}, capture)  # fmt: skip
    areas = {r[4] for r in openpyxl.load_workbook(io.BytesIO(content))["3W"].iter_rows(min_row=2, values_only=True)}
    assert "Zamboanga del Norte" in areas and "South Cotabato" not in areas


def test_3w_export_job_refuses_a_role_without_access(outsider, fixture_3w, capture):
    with capture(execute=True):
        job = start_job(owner=outsider, kind="coordination.export_matrix", params={"filters": {}})
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "may not export" in job.error


def test_3w_export_page_refuses_a_role_without_access(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("coordination:matrix-export")).status_code == 403
    assert client.post(reverse("coordination:matrix-export")).status_code == 403
    assert not Job.objects.exists()


def test_unused_enum_is_still_valid():
    assert OrganizationType.BMOA == "bmoa" and Engagement.Status.CANCELLED == "cancelled"
