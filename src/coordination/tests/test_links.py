"""Links both ways: a community's page shows its engagements, partners and open action items; an
assessment's page shows its engagements (each through ``for_user``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coordination import services
from coordination.models import Engagement

pytestmark = pytest.mark.django_db


@pytest.fixture
def community(administrator):
    from communities import services as community_services
    from communities.tests.factories import barangay, community_fields

    return community_services.create_community(
        user=administrator, barangay=barangay("0907201001"), **community_fields()
    )


def test_community_page_shows_engagements_partners_and_open_actions(
    client, officer_ix, community, engagement_ix, action_ix
):
    services.update_engagement(user=officer_ix, engagement=engagement_ix, communities=[community])
    client.force_login(officer_ix)
    html = client.get(community.get_absolute_url()).content.decode()
    assert 'data-section="coordination"' in html
    assert engagement_ix.title in html and action_ix.title in html and "DMWA" in html


def test_community_page_shows_partner_viewer_only_partners(client, partner_ix, officer_ix, community, engagement_ix):
    services.update_engagement(user=officer_ix, engagement=engagement_ix, communities=[community])
    client.force_login(partner_ix)
    html = client.get(community.get_absolute_url()).content.decode()
    assert "DMWA" in html and engagement_ix.title not in html


def test_assessment_page_shows_its_engagements(client, administrator, officer_ix, dapitan):
    from mana.models import Assessment
    from mana.services import assessments as assessment_service

    from .conftest import make_engagement

    assessment = assessment_service.create_assessment(
        user=administrator,
        title="Dapitan MANA",
        purpose="Needs",
        level=Assessment.Level.MUNICIPAL,
        municipality=dapitan,
        methods=["survey"],
    )
    e = make_engagement(officer_ix, where=dapitan, title="Validation workshop", assessment=assessment)
    client.force_login(administrator)
    html = client.get(reverse("mana:assessment-detail", args=[assessment.pk])).content.decode()
    assert 'data-section="engagements"' in html and e.title in html
    assert Engagement.objects.filter(assessment=assessment).count() == 1


def test_need_is_forwarded_to_a_real_organization_and_text_is_migrated(administrator, oobc, dapitan):
    import importlib

    from django.apps import apps

    from mana.models import Assessment, Need
    from mana.services import assessments as assessment_service
    from mana.services import needs as need_service

    assessment = assessment_service.create_assessment(
        user=administrator, title="Dapitan MANA", purpose="Needs", level=Assessment.Level.MUNICIPAL,
        municipality=dapitan, methods=["survey"],
    )  # fmt: skip
    need = need_service.create_need(
        user=administrator, assessment=assessment, category="education", title="Madrasah teachers", severity=4,
        urgency=4, feasibility=3,
    )  # fmt: skip
    for status in ("validated", "prioritised"):
        need_service.transition_need(user=administrator, need=need, to_status=status)
    need_service.transition_need(user=administrator, need=need, to_status="forwarded", forwarded_to_organization=oobc)
    need.refresh_from_db()
    assert need.forwarded_to_organization == oobc and need.forwarded_to == str(oobc)
    # The data migration links old free text naming a known organization, and keeps text naming none.
    Need.objects.filter(pk=need.pk).update(forwarded_to="office for other bangsamoro communities",
                                           forwarded_to_organization=None)  # fmt: skip
    other = Need.objects.create(
        assessment=assessment, region=need.region, category="health", title="Clinic", severity=3, urgency=3,
        feasibility=3, status="forwarded", forwarded_to="Some unknown NGO",
    )  # fmt: skip
    migration = importlib.import_module("mana.migrations.0002_need_forwarded_organization")
    migration.link_forwarded_needs(apps, None)
    need.refresh_from_db()
    other.refresh_from_db()
    assert need.forwarded_to_organization == oobc
    assert other.forwarded_to_organization is None and other.forwarded_to == "Some unknown NGO"
