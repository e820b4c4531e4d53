"""Every persona, allowed and denied, on the coordination pages, API, exports and calendar feeds."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from common.tests.export_jobs import run_export
from common.tests.spreadsheets import formula_cells
from coordination import services

pytestmark = pytest.mark.django_db

PERSONAS = ["administrator", "executive", "officer_ix", "officer_xii", "facilitator_ix", "partner_ix", "outsider"]


@pytest.fixture
def capture(django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return django_capture_on_commit_callbacks


@pytest.fixture
def records(org_ix, org_xii, partnership_ix, engagement_ix, action_ix, officer_ix):
    contact = services.create_contact(user=officer_ix, organization=org_ix, name="Amina Hadji", phone="0917 000")
    return {"org": org_ix, "org_xii": org_xii, "partnership": partnership_ix, "engagement": engagement_ix,
            "action": action_ix, "contact": contact}  # fmt: skip


# (url name, record key or None, {persona: expected status})
PAGES = [
    ("coordination:index", None, {"administrator": 200, "executive": 200, "officer_ix": 200, "partner_ix": 200,
                                  "outsider": 403}),
    ("coordination:organization-list", None, {"officer_xii": 200, "partner_ix": 200, "outsider": 403}),
    ("coordination:organization-detail", "org", {"officer_ix": 200, "executive": 200, "partner_ix": 200,
                                                 "officer_xii": 404, "outsider": 403}),
    ("coordination:organization-add", None, {"officer_ix": 200, "facilitator_ix": 200, "executive": 403,
                                             "partner_ix": 403}),
    ("coordination:organization-edit", "org", {"officer_ix": 200, "officer_xii": 404, "executive": 403}),
    ("coordination:partnership-list", None, {"officer_ix": 200, "executive": 200, "partner_ix": 403}),
    ("coordination:partnership-detail", "partnership", {"officer_ix": 200, "executive": 200, "officer_xii": 404,
                                                        "partner_ix": 403, "outsider": 403}),
    ("coordination:partnership-edit", "partnership", {"officer_ix": 200, "executive": 403, "officer_xii": 404}),
    ("coordination:engagement-list", None, {"officer_ix": 200, "facilitator_ix": 200, "partner_ix": 403}),
    ("coordination:engagement-detail", "engagement", {"officer_ix": 200, "facilitator_ix": 200, "executive": 200,
                                                      "officer_xii": 404, "partner_ix": 403, "outsider": 403}),
    ("coordination:engagement-add", None, {"officer_ix": 200, "executive": 403, "partner_ix": 403}),
    ("coordination:engagement-edit", "engagement", {"officer_ix": 200, "officer_xii": 404, "executive": 403}),
    ("coordination:feedback-add", "engagement", {"officer_ix": 200, "partner_ix": 403}),
    ("coordination:action-list", None, {"officer_ix": 200, "partner_ix": 403}),
    ("coordination:my-actions", None, {"officer_ix": 200, "executive": 200, "partner_ix": 403, "outsider": 403}),
    ("coordination:action-detail", "action", {"officer_ix": 200, "officer_xii": 404, "partner_ix": 403}),
    ("coordination:matrix", None, {"officer_ix": 200, "partner_ix": 200, "executive": 200, "outsider": 403}),
    ("coordination:contact-edit", "contact", {"officer_ix": 200, "officer_xii": 404, "executive": 403,
                                              "partner_ix": 403}),
]  # fmt: skip
CASES = [(name, key, persona, status) for name, key, expected in PAGES for persona, status in expected.items()]


@pytest.mark.parametrize(("name", "key", "persona", "status"), CASES)
def test_pages_per_persona(client, request, records, name, key, persona, status):
    client.force_login(request.getfixturevalue(persona))
    args = [records[key].pk] if key else []
    assert client.get(reverse(name, args=args)).status_code == status


def test_anonymous_is_sent_to_sign_in(client, records):
    response = client.get(reverse("coordination:organization-list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_partner_viewer_sees_no_contacts_minutes_or_feedback(client, partner_ix, records):
    client.force_login(partner_ix)
    html = client.get(records["org"].get_absolute_url()).content.decode()
    assert "Amina Hadji" not in html and "0917" not in html
    assert client.get(records["engagement"].get_absolute_url()).status_code == 403


def test_organization_list_shows_only_the_users_areas(client, officer_ix, records):
    client.force_login(officer_ix)
    html = client.get(reverse("coordination:organization-list")).content.decode()
    assert records["org"].name.replace("'", "&#x27;") in html and records["org_xii"].name not in html


def test_organization_search_folds_accents(client, officer_ix, records):
    client.force_login(officer_ix)
    html = client.get(reverse("coordination:organization-list"), {"q": "dapitan muslim womens"}).content.decode()
    assert "DMWA" in html


def test_list_page_queries_do_not_grow_with_rows(client, officer_ix, dapitan, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .conftest import make_engagement

    make_engagement(officer_ix, where=dapitan, title="E0")
    client.force_login(officer_ix)
    url = reverse("coordination:engagement-list")
    client.get(url)  # the first request after sign-in also refreshes the idle-session expiry
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(1, 30):
        make_engagement(officer_ix, where=dapitan, title=f"E{i}")
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200


# --- API ---------------------------------------------------------------------------------------

API = [
    ("coordination-api:organization-list", None, {"officer_ix": 200, "partner_ix": 200, "outsider": 403}),
    ("coordination-api:organization-detail", "org", {"officer_ix": 200, "officer_xii": 404, "partner_ix": 200}),
    ("coordination-api:partnership-list", None, {"officer_ix": 200, "executive": 200, "partner_ix": 403}),
    ("coordination-api:partnership-detail", "partnership", {"officer_ix": 200, "officer_xii": 404}),
    ("coordination-api:engagement-list", None, {"officer_ix": 200, "partner_ix": 403, "outsider": 403}),
    ("coordination-api:engagement-detail", "engagement", {"officer_ix": 200, "officer_xii": 404}),
    ("coordination-api:action-item-list", None, {"officer_ix": 200, "partner_ix": 403}),
    ("coordination-api:action-item-detail", "action", {"officer_ix": 200, "officer_xii": 404}),
]  # fmt: skip
API_CASES = [(name, key, persona, status) for name, key, expected in API for persona, status in expected.items()]


@pytest.mark.parametrize(("name", "key", "persona", "status"), API_CASES)
def test_api_per_persona(client, request, records, name, key, persona, status):
    client.force_login(request.getfixturevalue(persona))
    args = [records[key].pk] if key else []
    assert client.get(reverse(name, args=args)).status_code == status


def test_api_list_is_scoped(client, officer_ix, records):
    client.force_login(officer_ix)
    names = {o["name"] for o in client.get(reverse("coordination-api:organization-list")).json()["results"]}
    assert records["org"].name in names and records["org_xii"].name not in names


def test_api_create_update_with_if_match_and_stale_refusal(client, officer_ix, dapitan):
    client.force_login(officer_ix)
    created = client.post(
        reverse("coordination-api:organization-list"),
        {"name": "Dapitan Youth Council", "org_type": "cso", "areas": [dapitan.code], "sectors": ["education"]},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    url = reverse("coordination-api:organization-detail", args=[created.json()["id"]])
    etag = client.get(url)["ETag"]
    ok = client.patch(url, {"mandate": "Youth work"}, content_type="application/json", HTTP_IF_MATCH=etag)
    assert ok.status_code == 200 and ok.json()["mandate"] == "Youth work"
    stale = client.patch(url, {"mandate": "Lost"}, content_type="application/json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412 and "changed by" in str(stale.json())


def test_api_refuses_area_outside_scope_and_duplicates(client, officer_ix, south_cotabato, records):
    client.force_login(officer_ix)
    url = reverse("coordination-api:organization-list")
    outside = client.post(url, {"name": "X", "org_type": "cso", "areas": [south_cotabato.code]},
                          content_type="application/json")  # fmt: skip
    assert outside.status_code == 400 and "areas" in outside.json()["errors"]
    dup = client.post(url, {"name": records["org"].name.upper(), "org_type": "cso", "areas": ["0907201000"]},
                      content_type="application/json")  # fmt: skip
    assert dup.status_code == 400 and "name" in dup.json()["errors"]


def test_api_transition_and_refusal(client, officer_ix, executive, records):
    client.force_login(officer_ix)
    url = reverse("coordination-api:action-item-transition", args=[records["action"].pk])
    assert client.post(url, {"to_status": "in_progress"}, content_type="application/json").status_code == 200
    refused = client.post(url, {"to_status": "bogus"}, content_type="application/json")
    assert refused.status_code == 400
    client.force_login(executive)
    p_url = reverse("coordination-api:partnership-transition", args=[records["partnership"].pk])
    closed = client.post(p_url, {"to_status": "completed"}, content_type="application/json")
    assert closed.status_code == 200 and closed.json()["status"] == "completed"


def test_api_engagement_cannot_name_an_organization_outside_scope(client, officer_ix, records, dapitan):
    client.force_login(officer_ix)
    response = client.post(
        reverse("coordination-api:engagement-list"),
        {"kind": "meeting", "title": "T", "starts_at": timezone.now().isoformat(), "place": dapitan.code,
         "organizations": [records["org_xii"].pk]},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400 and "organizations" in response.json()["errors"]


# --- Exports -------------------------------------------------------------------------------------

EXPORTS = [
    ("organizations", {"officer_ix": 200, "partner_ix": 200, "outsider": 403}),
    ("engagements", {"officer_ix": 200, "executive": 200, "partner_ix": 403, "outsider": 403}),
    ("partnerships", {"officer_ix": 200, "partner_ix": 403}),
    ("action-items", {"officer_ix": 200, "partner_ix": 403}),
]


@pytest.mark.parametrize(
    ("kind", "persona", "status"), [(k, p, s) for k, expected in EXPORTS for p, s in expected.items()]
)
def test_exports_per_persona(client, request, records, kind, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("coordination:export", args=[kind]), {"format": "csv"}).status_code == status


def test_excel_export_is_scoped_and_formula_free(client, officer_ix, administrator, dapitan, records, capture):
    services.create_organization(user=administrator, name='=HYPERLINK("http://x")', org_type="cso", areas=[dapitan])
    client.force_login(officer_ix)
    _, content = run_export(client, reverse("coordination:export", args=["organizations"]), {"format": "xlsx"}, capture)
    book = openpyxl.load_workbook(io.BytesIO(content))
    values = [c.value for row in book.worksheets[0].iter_rows() for c in row]
    assert records["org"].name in values and records["org_xii"].name not in values
    assert formula_cells(content, "xlsx") == []


def test_csv_export_neutralises_formulas(client, officer_ix, dapitan, capture):
    services.create_organization(user=officer_ix, name="=1+2 Group", org_type="cso", areas=[dapitan])
    client.force_login(officer_ix)
    _, content = run_export(client, reverse("coordination:export", args=["organizations"]), {"format": "csv"}, capture)
    assert "'=1+2 Group" in content.decode()


def test_engagement_export_has_no_minutes(client, officer_ix, records, capture):
    client.force_login(officer_ix)
    _, content = run_export(client, reverse("coordination:export", args=["engagements"]), {"format": "csv"}, capture)
    body = content.decode()
    assert records["engagement"].title in body and "Discussed madrasah" not in body


# --- Feeds ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "sees_ix", "status"),
    [("officer_ix", True, 200), ("executive", True, 200), ("officer_xii", False, 200),
     ("partner_ix", False, 404), ("outsider", False, 404)],
)  # fmt: skip
def test_feed_per_persona(client, request, records, persona, sees_ix, status):
    user = request.getfixturevalue(persona)
    response = client.get(reverse("calendar-feed", args=[services.feed_token(user=user).token]))
    assert response.status_code == status
    if status == 200:
        assert (f"engagement-{records['engagement'].pk}@obcms" in response.content.decode()) is sees_ix


def test_feed_window_is_a_year(client, officer_ix, dapitan):
    from .conftest import make_engagement

    far = make_engagement(officer_ix, where=dapitan, starts_at=timezone.now() + dt.timedelta(days=500), title="Far")
    body = client.get(reverse("calendar-feed", args=[services.feed_token(user=officer_ix).token])).content.decode()
    assert f"engagement-{far.pk}@" not in body
