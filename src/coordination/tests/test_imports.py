"""Imports of organizations and engagements: preview (nothing written), commit, place matching,
the area rule and duplicates."""

from __future__ import annotations

import pytest
from django.urls import reverse

from common.imports.engine import CHOOSE, CREATE, ERROR, UPDATE, build_preview, commit, get_spec
from common.tests.spreadsheets import xlsx
from coordination.models import Engagement, Organization

pytestmark = pytest.mark.django_db

ORG_HEAD = ["Name", "Acronym", "Type", "Sectors", "Area codes", "Area names"]


def test_organization_preview_writes_nothing_then_commit_creates_and_updates(officer_ix, org_ix):
    spec = get_spec("coordination.organizations")
    rows = [
        ["Dapitan Youth Council", "DYC", "CSO / NGO", "Education", "0907201000", ""],
        ["DAPITAN MUSLIM WOMENS ASSOCIATION", "", "", "", "", "Zamboanga del Norte"],
    ]
    file = xlsx(rows, headers=ORG_HEAD)
    preview = build_preview(spec, file, "orgs.xlsx", user=officer_ix)
    assert preview.counts == {CREATE: 1, UPDATE: 1, CHOOSE: 0, ERROR: 0}, [r.errors for r in preview.rows]
    assert not Organization.objects.filter(acronym="DYC").exists()
    file.seek(0)
    assert commit(spec, file, "orgs.xlsx", user=officer_ix).committed
    dyc = Organization.objects.get(acronym="DYC")
    assert [a.place_code for a in dyc.areas.all()] == ["0907201000"]
    assert [r.sector for r in dyc.sector_rows.all()] == ["education"]
    assert {a.place_label for a in org_ix.areas.all()} == {"Zamboanga del Norte"}  # areas given replace yours


def test_organization_import_refuses_areas_outside_scope_and_duplicate_acronyms(officer_ix, org_ix):
    spec = get_spec("coordination.organizations")
    file = xlsx([["New NGO", "", "CSO / NGO", "", "1206300000", ""],
                 ["Another", "dmwa", "CSO / NGO", "", "0907201000", ""],
                 ["Nowhere org", "", "CSO / NGO", "", "", "Atlantis"]], headers=ORG_HEAD)  # fmt: skip
    preview = commit(spec, file, "orgs.xlsx", user=officer_ix)
    assert not preview.committed
    errors = [" ".join(r.errors) for r in preview.rows]
    assert "Outside your assigned areas" in errors[0]
    assert "already used by" in errors[1]
    assert 'matches "Atlantis"' in errors[2]
    assert not Organization.objects.filter(name="New NGO").exists()


ENG_HEAD = ["Title", "Type", "Starts", "Area code", "Area name", "Organizations", "Male", "Female"]


def test_engagement_import_preview_and_commit(officer_ix, org_ix):
    spec = get_spec("coordination.engagements")
    file = xlsx([["Consultation in Dapitan", "Consultation", "2026-03-14 09:00", "", "Dapitan City", "DMWA", 4, 9]],
                headers=ENG_HEAD)  # fmt: skip
    preview = build_preview(spec, file, "e.xlsx", user=officer_ix)
    assert preview.can_commit, [r.errors for r in preview.rows]
    assert not Engagement.objects.exists()
    file.seek(0)
    assert commit(spec, file, "e.xlsx", user=officer_ix).committed
    e = Engagement.objects.get()
    assert e.municipality.code == "0907201000" and list(e.organizations.all()) == [org_ix]
    assert (e.attendance_male, e.attendance_female, e.status) == (4, 9, "planned")


def test_engagement_import_refuses_unknown_organization_and_other_region(officer_ix, org_xii):
    spec = get_spec("coordination.engagements")
    file = xlsx([["Meeting", "Coordination meeting", "2026-03-14", "1206300000", "", "SCUC"]], headers=ENG_HEAD[:6])
    preview = commit(spec, file, "e.xlsx", user=officer_ix)
    assert not preview.committed
    text = " ".join(preview.rows[0].errors)
    assert "Outside your assigned areas" in text and 'No organization you can see is called "SCUC"' in text


@pytest.mark.parametrize(("persona", "status"), [("officer_ix", 200), ("partner_ix", 403), ("executive", 403)])
def test_import_pages_per_persona(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    for kind in ("coordination.organizations", "coordination.engagements"):
        assert client.get(reverse("imports:start", args=[kind])).status_code == status
