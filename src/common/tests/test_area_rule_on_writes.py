"""The area rule re-checked on writes: related-record inputs limited by ``for_user``, services that
re-check the saved record, the scoped admin, and scoped search that filters before it cuts."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from common.appkit.admin import ScopedModelAdmin
from common.models import Barangay, Municipality
from common.tests import personas
from communities.models import CommunityLeader
from communities.tests.factories import make_community

pytestmark = pytest.mark.django_db

KORONADAL_AVANCENA = "1206306002"
DAPITAN_2 = "0907201002"
DOMAIN_APPS = {"communities", "mana", "coordination", "policies", "ai_assistant"}


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


# --- the scoped admin ---------------------------------------------------------------------------


def test_every_domain_model_admin_is_scoped():
    registered = {m: a for m, a in admin.site._registry.items() if m._meta.app_label in DOMAIN_APPS}
    assert registered
    unscoped = [m.__name__ for m, a in registered.items() if not isinstance(a, ScopedModelAdmin)]
    assert not unscoped


@pytest.fixture
def leaders():
    ix = CommunityLeader.objects.create(
        community=make_community(personas.ALIGUAY), name="Hadji Ali Sahibul", role="traditional"
    )
    xii = CommunityLeader.objects.create(
        community=make_community(KORONADAL_AVANCENA), name="Datu Kanapia Mamalo", role="traditional"
    )
    return ix, xii


def test_staff_officer_sees_only_the_leaders_of_their_region_in_the_admin(client, officer_ix, leaders):
    officer_ix.is_staff = True
    officer_ix.save()
    ix, xii = leaders
    client.force_login(officer_ix)
    listing = client.get(reverse("admin:communities_communityleader_changelist")).content.decode()
    assert ix.name in listing and xii.name not in listing
    assert client.get(reverse("admin:communities_communityleader_change", args=[ix.pk])).status_code == 200
    other = client.get(reverse("admin:communities_communityleader_change", args=[xii.pk]), follow=True)
    assert xii.name not in other.content.decode()  # "does not exist": not shown, not leaked


def test_staff_admin_edits_nothing_directly(client, officer_ix, leaders):
    officer_ix.is_staff = True
    officer_ix.save()
    ix, _ = leaders
    client.force_login(officer_ix)
    url = reverse("admin:communities_communityleader_change", args=[ix.pk])
    client.post(url, {"name": "Changed in the admin", "role": "traditional", "community": ix.community_id})
    ix.refresh_from_db()
    assert ix.name == "Hadji Ali Sahibul"


def test_superuser_sees_every_region_in_the_admin(client, administrator, leaders):
    client.force_login(administrator)
    listing = client.get(reverse("admin:communities_communityleader_changelist")).content.decode()
    assert all(leader.name in listing for leader in leaders)


def test_staff_partner_without_personal_data_cannot_open_leaders_in_the_admin(client, partner_ix, leaders):
    partner_ix.is_staff = True
    partner_ix.save()
    client.force_login(partner_ix)
    assert client.get(reverse("admin:communities_communityleader_changelist")).status_code == 403


def test_admin_related_pickers_offer_only_the_users_areas(rf, officer_ix):
    from mana.models import Need

    request = rf.get("/")
    request.user = officer_ix
    need_admin = admin.site._registry[Need]
    field = need_admin.formfield_for_foreignkey(Need._meta.get_field("region"), request)
    assert {r.code for r in field.queryset} == {personas.REGION_IX}


# --- communities: related inputs ------------------------------------------------------------------


def test_leader_api_refuses_a_community_outside_the_officers_areas(officer_ix):
    xii = make_community(KORONADAL_AVANCENA)
    ix = make_community(personas.ALIGUAY)
    client = api(officer_ix)
    url = reverse("communities-api:leader-list")
    refused = client.post(url, {"community": xii.pk, "name": "Datu", "role": "traditional"}, format="json")
    assert refused.status_code == 400 and "community" in refused.json()["errors"]
    allowed = client.post(url, {"community": ix.pk, "name": "Hadji", "role": "traditional"}, format="json")
    assert allowed.status_code == 201


def test_profile_api_refuses_a_barangay_outside_the_officers_areas(officer_ix):
    ix = make_community(personas.ALIGUAY)
    response = api(officer_ix).patch(
        reverse("communities-api:community-detail", args=[ix.pk]),
        {"barangay": KORONADAL_AVANCENA},
        format="json",
        HTTP_IF_MATCH=ix.etag,
    )
    assert response.status_code == 400 and "in your assigned areas" in response.json()["errors"]["barangay"][0]
    ix.refresh_from_db()
    assert ix.barangay.code == personas.ALIGUAY


# --- MANA needs -------------------------------------------------------------------------------------


@pytest.fixture
def other_facilitator_ix(region_ix):
    from common.access import MANA_FACILITATOR
    from common.tests.factories import UserFactory

    return UserFactory(username="other_facilitator_ix", roles=[MANA_FACILITATOR], regions=[region_ix])


@pytest.fixture
def ix_assessment(facilitator_ix):
    from mana.models import Assessment
    from mana.services import assessments as service
    from mana.tests.conftest import fixtures_admin

    return service.create_assessment(
        user=fixtures_admin(),
        title="Dapitan MANA",
        level=Assessment.Level.MUNICIPAL,
        municipality=Municipality.objects.get(code=personas.CITY_OF_DAPITAN),
        lead=facilitator_ix,
    )


def _need(user, communities, **kwargs):
    from mana.services import needs as service

    return service.create_need(
        user=user,
        category="education",
        title="Madrasah teachers",
        severity=4,
        urgency=3,
        feasibility=4,
        affected_communities=communities,
        **kwargs,
    )


def test_facilitator_cannot_point_a_need_at_barangays_outside_their_areas(facilitator_ix):
    from mana.services import needs as service

    aliguay = Barangay.objects.get(code=personas.ALIGUAY)
    avancena = Barangay.objects.get(code=KORONADAL_AVANCENA)
    with pytest.raises(ValidationError) as refused:
        _need(facilitator_ix, [avancena])
    assert "affected_communities" in refused.value.message_dict
    need = _need(facilitator_ix, [aliguay])
    with pytest.raises(ValidationError):
        service.update_need(user=facilitator_ix, need=need, affected_communities=[avancena])
    need.refresh_from_db()
    assert list(need.affected_communities.all()) == [aliguay] and need.region.code == personas.REGION_IX


def test_need_api_refuses_out_of_area_barangays(facilitator_ix):
    response = api(facilitator_ix).post(
        reverse("mana-api:need-list"),
        {"category": "education", "title": "T", "severity": 3, "urgency": 3, "feasibility": 3,
         "affected_communities": [KORONADAL_AVANCENA]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400 and "affected_communities" in response.json()["errors"]


def test_a_needs_region_follows_its_communities(administrator):
    from mana.services import needs as service

    need = _need(administrator, [Barangay.objects.get(code=personas.ALIGUAY)])
    assert need.region.code == personas.REGION_IX
    service.update_need(
        user=administrator,
        need=need,
        affected_communities=[Barangay.objects.get(code=KORONADAL_AVANCENA)],
        expected_revision=need.revision,
    )
    need.refresh_from_db()
    assert need.region.code == personas.REGION_XII and need.province.code == personas.SOUTH_COTABATO


def test_facilitator_cannot_cite_responses_they_cannot_open(facilitator_ix, other_facilitator_ix, ix_assessment):
    """A response of an assessment the facilitator is not on: refused whether the need has an
    assessment or not (before, a need without an assessment accepted any response id)."""
    from mana.models import Assessment, Response
    from mana.services import assessments as assessment_service
    from mana.services import instruments as instrument_service
    from mana.services import participants as participant_service
    from mana.services import responses as response_service
    from mana.tests.conftest import build_instrument, fixtures_admin

    admin_user = fixtures_admin()
    theirs = assessment_service.create_assessment(
        user=admin_user,
        title="Their MANA",
        level=Assessment.Level.MUNICIPAL,
        municipality=Municipality.objects.get(code=personas.CITY_OF_DAPITAN),
        lead=other_facilitator_ix,
    )
    version = build_instrument(admin_user, theirs).versions.get()
    for status in ("preparation", "data_collection"):
        assessment_service.transition_assessment(user=admin_user, assessment=theirs, to_status=status)
    session = instrument_service.create_session(user=admin_user, assessment=theirs, version=version, title="Day 1")
    instrument_service.open_session(user=admin_user, session=session)
    participant = participant_service.register_participant(
        user=admin_user, assessment=theirs, name="Amina", sex="female", consent_method="written"
    )
    response = response_service.save_response(user=admin_user, session=session, participant=participant, answers={})
    assert not Response.objects.for_user(facilitator_ix).filter(pk=response.pk).exists()

    aliguay = Barangay.objects.get(code=personas.ALIGUAY)
    for assessment in (None, ix_assessment):
        with pytest.raises(ValidationError) as refused:
            _need(facilitator_ix, [aliguay], assessment=assessment, evidence_responses=[response])
        assert "evidence_responses" in refused.value.message_dict


def test_need_form_offers_only_responses_the_user_can_open(facilitator_ix, other_facilitator_ix, ix_assessment):
    from mana.forms import NeedForm

    form = NeedForm(user=other_facilitator_ix, assessment=ix_assessment)
    assert form.fields["evidence_responses"].queryset.count() == 0  # not on the team: nothing offered
    form = NeedForm(user=facilitator_ix, assessment=ix_assessment)
    assert "evidence_responses" in form.fields


def test_assessment_team_is_limited_to_staff_of_the_users_areas(facilitator_ix, officer_xii):
    from mana.models import Assessment
    from mana.services import assessments as service

    with pytest.raises(ValidationError) as refused:
        service.create_assessment(
            user=facilitator_ix,
            title="Dapitan MANA",
            level=Assessment.Level.MUNICIPAL,
            municipality=Municipality.objects.get(code=personas.CITY_OF_DAPITAN),
            facilitators=[officer_xii],
        )
    assert "facilitators" in refused.value.message_dict


def test_service_rolls_back_a_write_that_leaves_the_users_areas(officer_zdn):
    """Moving a profile to a barangay outside the user's areas is refused inside the transaction."""
    from communities import services

    community = make_community(personas.ALIGUAY)
    with pytest.raises((ValidationError, PermissionDenied)):
        services.update_community(user=officer_zdn, community=community, barangay=Barangay.objects.get(code=DAPITAN_2))
        services.update_community(
            user=officer_zdn, community=community, barangay=Barangay.objects.get(code=KORONADAL_AVANCENA)
        )
    community.refresh_from_db()
    assert community.barangay.municipality.province.code == personas.ZAMBOANGA_DEL_NORTE


# --- location search ----------------------------------------------------------------------------------


def test_scoped_search_filters_before_it_ranks_and_cuts(officer_zdn):
    """Before: the nationwide top candidates were cut first, then filtered: 1 row for limit=5."""
    client = api(officer_zdn)
    five = client.get(reverse("locations:search"), {"q": "poblacion", "scope": "mine", "limit": 5}).json()
    fifty = client.get(reverse("locations:search"), {"q": "poblacion", "scope": "mine", "limit": 50}).json()
    assert len(five) == 5 and len(fifty) > 5
    assert [r["code"] for r in five] == [r["code"] for r in fifty[:5]]
    assert all(r["path"][1]["code"] == personas.ZAMBOANGA_DEL_NORTE for r in fifty)


def test_scoped_search_for_a_user_without_areas_finds_nothing(client, db):
    from common.tests.factories import UserFactory

    nobody = UserFactory(username="nobody")
    rows = api(nobody).get(reverse("locations:search"), {"q": "poblacion", "scope": "mine"})
    assert rows.status_code in (200, 403) and (rows.status_code == 403 or rows.json() == [])


def test_session_community_must_be_in_the_assessments_area(facilitator_ix, ix_assessment):
    from mana.services import instruments as service
    from mana.tests.conftest import build_instrument, fixtures_admin

    version = build_instrument(fixtures_admin(), ix_assessment).versions.get()
    with pytest.raises(ValidationError) as refused:
        service.create_session(
            user=facilitator_ix,
            assessment=ix_assessment,
            version=version,
            title="Day 1",
            community=Barangay.objects.get(code=KORONADAL_AVANCENA),
        )
    assert "community" in refused.value.message_dict
    session = service.create_session(
        user=facilitator_ix,
        assessment=ix_assessment,
        version=version,
        title="Day 1",
        community=Barangay.objects.get(code=personas.ALIGUAY),
    )
    assert session.community.code == personas.ALIGUAY
