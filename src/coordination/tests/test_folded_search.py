"""Text search over organizations, partnerships, engagements and action items folds accents, case
and "Sto./Sta." (``FoldedSearchFilter`` on the indexed ``search_folded`` column), on the list pages
and in the API; organization duplicate detection uses the same folding."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from coordination import services
from coordination.models import Organization, OrganizationType

from .conftest import make_engagement, make_partnership

pytestmark = pytest.mark.django_db

QUERIES = ["santo nino", "Sto. Niño", "STO NINO", "sto.  niño"]


@pytest.fixture
def records(administrator, officer_ix, dapitan, zdn, oobc):
    org = services.create_organization(
        user=administrator, name="Santo Niño Farmers' Cooperative", acronym="SNFC", org_type=OrganizationType.CSO,
        areas=[dapitan],
    )  # fmt: skip
    other = services.create_organization(
        user=administrator, name="Dapitan Fisherfolk Association", org_type=OrganizationType.CSO, areas=[dapitan]
    )
    return {
        "org": org,
        "other_org": other,
        "partnership": make_partnership(administrator, orgs=[oobc, org], areas=[zdn], title="MOA with Sto. Niño coop"),
        "other_partnership": make_partnership(administrator, orgs=[oobc, other], areas=[zdn], title="MOU on fishing"),
        "engagement": make_engagement(officer_ix, where=dapitan, title="Visit", venue="Barangay hall, Sta. Niña"),
        "other_engagement": make_engagement(officer_ix, where=dapitan, title="Meeting", venue="City hall"),
        "action": services.create_action_item(
            user=officer_ix,
            place=dapitan,
            title="Call the Santo Niño chair",
            owner=officer_ix,
            due_date=timezone.localdate() + dt.timedelta(days=3),
        ),
    }


LISTS = [
    ("coordination:organization-list", "coordination-api:organization-list", "org", "other_org"),
    ("coordination:partnership-list", "coordination-api:partnership-list", "partnership", "other_partnership"),
    ("coordination:action-list", "coordination-api:action-item-list", "action", None),
]


@pytest.mark.parametrize(("page", "api", "wanted", "unwanted"), LISTS)
@pytest.mark.parametrize("query", QUERIES)
def test_search_folds_accents_case_and_abbreviations(records, officer_ix, client, page, api, wanted, unwanted, query):
    client.force_login(officer_ix)
    html = client.get(reverse(page), {"q": query}).content.decode()
    assert f'href="{records[wanted].get_absolute_url()}"' in html
    if unwanted:
        assert f'href="{records[unwanted].get_absolute_url()}"' not in html
    rest = APIClient()
    rest.force_authenticate(officer_ix)
    ids = [row["id"] for row in rest.get(reverse(api), {"q": query}).json()["results"]]
    assert records[wanted].pk in ids
    if unwanted:
        assert records[unwanted].pk not in ids


@pytest.mark.parametrize("query", ["santa nina", "Sta. Niña", "STA NINA"])
def test_engagement_search_covers_the_venue(records, officer_ix, query):
    rest = APIClient()
    rest.force_authenticate(officer_ix)
    ids = [row["id"] for row in rest.get(reverse("coordination-api:engagement-list"), {"q": query}).json()["results"]]
    assert ids == [records["engagement"].pk]


def test_folded_column_follows_edits(records, administrator):
    org = records["org"]
    services.update_organization(user=administrator, organization=org, name="Sta. Cruz Weavers")
    assert Organization.objects.get(pk=org.pk).search_folded == "santa cruz weavers snfc"


def test_duplicate_names_fold_like_the_search(records, administrator, dapitan):
    with pytest.raises(ValidationError) as error:
        services.create_organization(
            user=administrator, name="STO. NINO farmers cooperative", org_type=OrganizationType.CSO, areas=[dapitan]
        )
    assert "already exists" in str(error.value)
