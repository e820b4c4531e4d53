"""Remote selects (``common/remote_select.py``): a form writes out only the chosen organizations, and
the search endpoints answer from the user's ``for_user`` rows with the folded search."""

from __future__ import annotations

import pytest
from django.urls import reverse

from common.remote_select import CHOICES_LIMIT, RemoteSelect, RemoteSelectMultiple
from coordination import services
from coordination.forms import EngagementForm, OrganizationForm
from coordination.models import OrganizationType

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_orgs(administrator, dapitan):
    def cooperative(i):
        return services.create_organization(
            user=administrator, name=f"Dapitan cooperative {i}", areas=[dapitan], org_type=OrganizationType.CSO
        )

    return [cooperative(i) for i in range(30)]


def _options(html: str) -> int:
    return html.count("<option")


def test_form_writes_out_only_the_chosen_organizations(officer_ix, many_orgs, engagement_ix):
    blank = EngagementForm(user=officer_ix)
    assert isinstance(blank.fields["organizations"].widget, RemoteSelectMultiple)
    html = str(blank["organizations"])
    assert _options(html) == 0 and 'data-remote-select="/coordination/organizations/choices/"' in html
    chosen = EngagementForm(instance=engagement_ix, user=officer_ix)
    html = str(chosen["organizations"])
    assert _options(html) == 1 and "selected" in html and "Dapitan Muslim Women&#x27;s Association" in html


def test_single_remote_select_keeps_its_empty_choice_and_a_posted_value(officer_ix, many_orgs, org_ix):
    form = OrganizationForm(data={"parent": str(many_orgs[3].pk)}, user=officer_ix)
    assert isinstance(form.fields["parent"].widget, RemoteSelect)
    html = str(form["parent"])
    assert _options(html) == 2 and f'value="{many_orgs[3].pk}" selected' in html
    junk = OrganizationForm(data={"parent": "not-a-number"}, user=officer_ix)
    assert _options(str(junk["parent"])) == 1  # only the empty choice; no error while rendering


def test_validation_still_uses_the_whole_scoped_queryset(officer_ix, org_xii, many_orgs):
    field = EngagementForm(user=officer_ix).fields["organizations"]
    assert list(field.clean([str(many_orgs[29].pk)])) == [many_orgs[29]]
    with pytest.raises(Exception, match="Select a valid choice"):
        field.clean([str(org_xii.pk)])  # another region's organization: refused as before


def test_organization_search_is_folded_scoped_and_bounded(client, officer_ix, many_orgs, org_ix, org_xii):
    client.force_login(officer_ix)
    url = reverse("coordination:organization-choices")
    texts = [r["text"] for r in client.get(url, {"q": "DAPITAN muslim"}).json()["results"]]
    assert texts == ["Dapitan Muslim Women's Association (DMWA)"]
    sevens = [r["text"] for r in client.get(url, {"q": "cooperative 7"}).json()["results"]]
    assert sevens == ["Dapitan cooperative 17", "Dapitan cooperative 27", "Dapitan cooperative 7"]  # by name
    assert client.get(url, {"q": "ulama"}).json()["results"] == []  # Region XII's council is not offered
    first = client.get(url).json()["results"]
    assert len(first) == CHOICES_LIMIT and all(set(r) == {"value", "text"} for r in first)
    assert client.get(url, {"q": "x" * 5000}).status_code == 200


def test_search_endpoints_refuse_roles_and_anonymous_users(client, outsider):
    for name in ("organization-choices", "partnership-choices", "engagement-choices"):
        url = reverse(f"coordination:{name}")
        assert client.get(url).status_code == 302  # sign-in first
        client.force_login(outsider)
        assert client.get(url).status_code == 403
        client.logout()


def test_partnership_and_engagement_search(client, officer_ix, partnership_ix, partnership_xii, engagement_ix,
                                           engagement_xii):  # fmt: skip
    client.force_login(officer_ix)
    partnerships = client.get(reverse("coordination:partnership-choices"), {"q": "moa livelihood"}).json()
    assert [r["value"] for r in partnerships["results"]] == [partnership_ix.pk]
    engagements = client.get(reverse("coordination:engagement-choices"), {"q": "consultation"}).json()["results"]
    assert [r["value"] for r in engagements] == [engagement_ix.pk]
    assert engagements[0]["text"].startswith("Consultation with LGU · ")  # the date tells same titles apart


@pytest.fixture
def need(administrator, dapitan):
    from mana.models import Assessment
    from mana.services import assessments, needs

    assessment = assessments.create_assessment(user=administrator, title="Dapitan MANA 2026",
                                               level=Assessment.Level.MUNICIPAL, municipality=dapitan)  # fmt: skip
    return needs.create_need(user=administrator, assessment=assessment, title="Madrasah teachers",
                             category="education", severity=5, urgency=4, feasibility=3)  # fmt: skip


def test_need_page_no_longer_lists_every_organization(client, administrator, many_orgs, need):
    client.force_login(administrator)
    html = client.get(reverse("mana:need-detail", args=[need.pk])).content.decode()
    assert "Dapitan cooperative" not in html
    assert 'data-remote-select="/coordination/organizations/choices/"' in html


def test_community_search_by_place_or_obc_id_with_parents_in_the_label(client, officer_ix, officer_xii, administrator):
    from communities import services as community_services
    from communities.tests.factories import barangay, community_fields

    obc = community_services.create_community(user=administrator, barangay=barangay("0907201001"),
                                              **community_fields())  # fmt: skip
    url = reverse("communities:barangay-choices")
    client.force_login(officer_ix)
    by_id = client.get(url, {"q": obc.obc_id.lower()}).json()["results"]
    assert [r["value"] for r in by_id] == [obc.pk]
    label = by_id[0]["text"]
    assert label.startswith(obc.obc_id) and "Zamboanga del Norte" in label  # the parents tell names apart
    name = obc.barangay.name
    assert [r["value"] for r in client.get(url, {"q": name.upper()}).json()["results"]] == [obc.pk]
    client.force_login(officer_xii)
    assert client.get(url, {"q": obc.obc_id}).json()["results"] == []  # another region's OBC


def test_need_search_is_scoped(client, officer_ix, officer_xii, need):
    url = reverse("mana:need-choices")
    client.force_login(officer_ix)
    assert [r["value"] for r in client.get(url, {"q": "madrasah"}).json()["results"]] == [need.pk]
    client.force_login(officer_xii)
    assert client.get(url, {"q": "madrasah"}).json()["results"] == []


@pytest.mark.parametrize("url_name", ["communities:barangay-choices", "mana:need-choices"])
def test_community_and_need_search_refuse_anonymous_users_and_roles_without_access(client, outsider, url_name):
    url = reverse(url_name)
    assert client.get(url).status_code == 302  # sign-in first
    client.force_login(outsider)
    assert client.get(url).status_code == 403
