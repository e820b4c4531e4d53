"""Deleting partnerships and engagements (and organizations) hides them; the "Deleted records" page
of each lists the deleted ones of the user's areas, and Restore brings them back (as communities)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coordination import services
from coordination.models import Engagement, Organization, Partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def deleted(administrator, partnership_ix, engagement_ix, partnership_xii, engagement_xii):
    for p in (partnership_ix, partnership_xii):
        services.delete_partnership(user=administrator, partnership=p)
    for e in (engagement_ix, engagement_xii):
        services.delete_engagement(user=administrator, engagement=e)
    return {"partnership": partnership_ix, "engagement": engagement_ix, "other": partnership_xii}


@pytest.mark.parametrize(("noun", "model"), [("partnership", Partnership), ("engagement", Engagement)])
def test_delete_page_hides_the_record(client, officer_ix, partnership_ix, engagement_ix, noun, model):
    record = partnership_ix if noun == "partnership" else engagement_ix
    client.force_login(officer_ix)
    detail = client.get(record.get_absolute_url()).content.decode()
    assert reverse(f"coordination:{noun}-delete", args=[record.pk]) in detail
    assert client.get(reverse(f"coordination:{noun}-delete", args=[record.pk])).status_code == 200
    response = client.post(reverse(f"coordination:{noun}-delete", args=[record.pk]))
    assert response.status_code == 302
    assert not model.objects.for_user(officer_ix).filter(pk=record.pk).exists()
    assert model.objects.deleted().get(pk=record.pk).deleted_by == officer_ix
    assert client.get(record.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("noun", ["partnership", "engagement"])
def test_deleted_list_shows_the_users_areas_and_restores(client, officer_ix, deleted, noun):
    client.force_login(officer_ix)
    listing = client.get(reverse(f"coordination:{noun}-deleted")).content.decode()
    record = deleted[noun]
    assert str(record) in listing
    assert "MOU on madrasah education" not in listing  # Region XII's
    restore = client.post(reverse(f"coordination:{noun}-restore", args=[record.pk]))
    assert restore.status_code == 302 and restore["Location"] == record.get_absolute_url()
    assert type(record).objects.for_user(officer_ix).filter(pk=record.pk).exists()


def test_restore_outside_the_area_or_without_the_role_is_refused(client, officer_ix, partner_ix, deleted):
    client.force_login(officer_ix)
    other = deleted["other"]
    assert client.post(reverse("coordination:partnership-restore", args=[other.pk])).status_code == 404
    assert Partnership.objects.deleted().filter(pk=other.pk).exists()
    client.force_login(partner_ix)
    assert client.get(reverse("coordination:partnership-deleted")).status_code == 403
    assert client.post(reverse("coordination:engagement-restore", args=[deleted["engagement"].pk])).status_code == 403


def test_an_organization_is_not_restored_over_a_live_namesake(client, administrator, org_ix, dapitan):
    services.delete_organization(user=administrator, organization=org_ix)
    services.create_organization(user=administrator, name=org_ix.name, org_type="cso", areas=[dapitan])
    client.force_login(administrator)
    response = client.post(reverse("coordination:organization-restore", args=[org_ix.pk]), follow=True)
    assert "already exists" in response.content.decode()
    assert Organization.objects.deleted().filter(pk=org_ix.pk).exists()


def test_list_pages_link_deleted_records_for_roles_that_delete(client, officer_ix):
    client.force_login(officer_ix)
    assert (
        reverse("coordination:partnership-deleted")
        in client.get(reverse("coordination:partnership-list")).content.decode()
    )
