"""MANA points at barangay OBC profiles where one exists (issue 9 item 3): links kept by the
services, by the communities services for profiles created later, and by the data migration;
the community page shows its MANA history per persona; a need lists its voters."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from common.models import Barangay
from communities.tests.factories import make_community
from mana.community_selectors import community_mana, need_voters
from mana.models import Need
from mana.services import needs as need_service
from mana.services import participants as participant_service

pytestmark = pytest.mark.django_db

link_migration = importlib.import_module("mana.migrations.0003_link_community_profiles")


def _migration_apps(settings):
    """The historical models the data migration runs with (managers as in a real migrate)."""
    settings.MIGRATION_MODULES = {}  # the suite runs with --no-migrations
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return loader.project_state(("mana", "0003_link_community_profiles")).apps


@pytest.fixture
def profile(aliguay):
    return make_community(aliguay.code)


def _need(user, assessment, communities, **extra):
    return need_service.create_need(
        user=user,
        assessment=assessment,
        category="wash",
        title=extra.pop("title", "Safe drinking water"),
        severity=extra.pop("severity", 5),
        urgency=4,
        feasibility=3,
        affected_communities=communities,
        **extra,
    )


def _register(user, assessment, barangay, name="Amina Hadjiri"):
    return participant_service.register_participant(
        user=user, assessment=assessment, name=name, sex="female", community=barangay, consent_method="written"
    )


def test_mana_rows_point_at_the_profile_of_their_barangay_and_keep_the_barangay(
    profile, assessment, facilitator_ix, aliguay
):
    # ``assessment`` is created after ``profile`` (fixture order), through the service.
    assessment.refresh_from_db()
    need = _need(facilitator_ix, assessment, [aliguay])
    participant = _register(facilitator_ix, assessment, aliguay)
    assert list(assessment.community_profiles.all()) == [profile]
    assert list(assessment.communities.all()) == [aliguay]
    assert list(need.affected_profiles.all()) == [profile]
    assert participant.community_profile == profile and participant.community == aliguay


def test_barangay_without_profile_keeps_only_the_barangay(assessment, facilitator_ix, aliguay):
    need = _need(facilitator_ix, assessment, [aliguay])
    participant = _register(facilitator_ix, assessment, aliguay)
    assert not assessment.community_profiles.exists() and not need.affected_profiles.exists()
    assert participant.community_profile is None and participant.community == aliguay


def test_profile_created_later_is_linked_to_existing_mana_rows(assessment, facilitator_ix, aliguay):
    need = _need(facilitator_ix, assessment, [aliguay])
    participant = _register(facilitator_ix, assessment, aliguay)
    profile = make_community(aliguay.code)
    participant.refresh_from_db()
    assert list(assessment.community_profiles.all()) == [profile]
    assert list(need.affected_profiles.all()) == [profile]
    assert participant.community_profile == profile


def test_second_profile_in_a_barangay_keeps_the_participants_link_and_covers_both(assessment, facilitator_ix, aliguay):
    first = make_community(aliguay.code)
    participant = _register(facilitator_ix, assessment, aliguay)
    assert participant.community_profile == first
    second = make_community(aliguay.code)
    participant.refresh_from_db()
    assert participant.community_profile == first  # linked when the barangay had one OBC: still true
    assert set(assessment.community_profiles.all()) == {first, second}
    newcomer = _register(facilitator_ix, assessment, aliguay, name="Jamal Ututalum")
    assert newcomer.community_profile is None  # two OBCs now: no guess


def test_participant_page_asks_which_profile_when_the_barangay_has_several(client, assessment, facilitator_ix, aliguay):
    first, second = make_community(aliguay.code), make_community(aliguay.code)
    participant = _register(facilitator_ix, assessment, aliguay)
    client.force_login(facilitator_ix)
    url = reverse("mana:participant-edit", args=[participant.pk])
    html = client.get(url).content.decode()
    assert 'name="community_profile"' in html and first.obc_id in html and second.obc_id in html
    data = {
        "name": participant.name,
        "sex": participant.sex,
        "community": aliguay.code,
        "community_profile": second.pk,
        "revision": participant.revision,
    }
    assert client.post(url, data).status_code == 302
    participant.refresh_from_db()
    assert participant.community_profile == second


def test_a_profile_outside_the_participants_barangay_is_refused(assessment, facilitator_ix, aliguay, dapitan):
    from django.core.exceptions import ValidationError

    other = Barangay.objects.filter(municipality=dapitan).exclude(pk=aliguay.pk).first()
    elsewhere = make_community(other.code)
    participant = _register(facilitator_ix, assessment, aliguay)
    with pytest.raises(ValidationError) as exc:
        participant_service.update_participant(
            user=facilitator_ix, participant=participant, community_profile=elsewhere
        )
    assert "community_profile" in exc.value.message_dict


def test_participant_page_has_no_profile_choice_with_one_profile(client, assessment, facilitator_ix, aliguay):
    make_community(aliguay.code)
    participant = _register(facilitator_ix, assessment, aliguay)
    client.force_login(facilitator_ix)
    html = client.get(reverse("mana:participant-edit", args=[participant.pk])).content.decode()
    assert 'name="community_profile"' not in html


def test_moving_a_profile_to_another_barangay_moves_its_links(assessment, facilitator_ix, aliguay, dapitan):
    from communities import services as community_services
    from communities.tests.factories import system_user

    profile = make_community(aliguay.code)
    assert assessment.community_profiles.filter(pk=profile.pk).exists()
    other = Barangay.objects.filter(municipality=dapitan).exclude(pk=aliguay.pk).first()
    community_services.update_community(user=system_user(), community=profile, barangay=other)
    assert not assessment.community_profiles.filter(pk=profile.pk).exists()


def test_data_migration_links_existing_rows_and_reverses(assessment, facilitator_ix, aliguay, settings):
    profile = make_community(aliguay.code)
    need = _need(facilitator_ix, assessment, [aliguay])
    participant = _register(facilitator_ix, assessment, aliguay)
    historical = _migration_apps(settings)
    link_migration.unlink(historical, None)
    participant.refresh_from_db()
    assert not assessment.community_profiles.exists() and not need.affected_profiles.exists()
    assert participant.community_profile is None

    link_migration.link(historical, None)
    participant.refresh_from_db()
    assert list(assessment.community_profiles.all()) == [profile]
    assert list(need.affected_profiles.all()) == [profile]
    assert participant.community_profile == profile


def test_community_selector_ranks_needs_in_their_assessment_and_counts_local_voters(
    assessment, facilitator_ix, officer_ix, aliguay, dapitan
):
    profile = make_community(aliguay.code)
    elsewhere = Barangay.objects.filter(municipality=dapitan).exclude(pk=aliguay.pk).first()
    _need(facilitator_ix, assessment, [elsewhere], title="Road", severity=5)  # ranks first, not here
    local = _need(facilitator_ix, assessment, [aliguay], title="Water", severity=1)
    voter = _register(facilitator_ix, assessment, aliguay)
    _register(facilitator_ix, assessment, aliguay, name="Jamal Ututalum")
    need_service.cast_vote(user=facilitator_ix, need=local, participant=voter)
    need_service.cast_vote(user=officer_ix, need=local)

    data = community_mana(officer_ix, profile)
    assert data["assessments"] == [assessment]
    assert [(n.pk, n.rank, n.vote_count, n.community_votes) for n in data["needs"]] == [(local.pk, 2, 2, 1)]
    assert data["voters"] == {"participants": 2, "voters": 1}


def test_community_page_shows_mana_to_viewers_in_area(client, officer_ix, assessment, facilitator_ix, aliguay):
    profile = make_community(aliguay.code)
    need = _need(facilitator_ix, assessment, [aliguay])
    client.force_login(officer_ix)
    page = client.get(profile.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert assessment.title in html and need.title in html and "data-community-needs" in html


def test_community_page_hides_mana_from_roles_without_mana_access(client, partner_ix, assessment, aliguay):
    profile = make_community(aliguay.code)
    client.force_login(partner_ix)
    page = client.get(profile.get_absolute_url())
    assert page.status_code == 200  # partners see the profile...
    assert "community-mana" not in page.content.decode() and assessment.title not in page.content.decode()


def test_community_page_hides_assessments_of_other_teams_from_a_facilitator(
    client, other_facilitator_ix, assessment, aliguay
):
    profile = make_community(aliguay.code)
    client.force_login(other_facilitator_ix)
    html = client.get(profile.get_absolute_url()).content.decode()
    assert "community-mana" in html and assessment.title not in html


def test_community_of_another_region_is_not_found_for_an_officer(client, officer_xii, aliguay):
    profile = make_community(aliguay.code)
    client.force_login(officer_xii)
    assert client.get(profile.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("persona", "names_shown"), [("facilitator_ix", True), ("officer_ix", True), ("executive", False)]
)
def test_need_lists_voters_with_names_only_for_personal_data_roles(
    client, request, persona, names_shown, assessment, facilitator_ix, officer_ix, aliguay
):
    need = _need(facilitator_ix, assessment, [aliguay])
    participant = _register(facilitator_ix, assessment, aliguay)
    need_service.cast_vote(user=facilitator_ix, need=need, participant=participant)
    need_service.cast_vote(user=officer_ix, need=need)
    user = request.getfixturevalue(persona)
    labels = [v["label"] for v in need_voters(user, Need.objects.get(pk=need.pk))]
    if names_shown:
        assert labels == ["Amina Hadjiri", officer_ix.get_full_name() or officer_ix.username]
    else:
        assert labels == [participant.code, "Officer"]
    client.force_login(user)
    html = client.get(need.get_absolute_url()).content.decode()
    assert ("Amina Hadjiri" in html) is names_shown
    assert participant.code in html or names_shown


def test_api_shows_the_profiles_of_assessments_and_needs(officer_ix, officer_xii, facilitator_ix, assessment, aliguay):
    from rest_framework.test import APIClient

    profile = make_community(aliguay.code)
    need = _need(facilitator_ix, assessment, [aliguay])
    api = APIClient()
    api.force_authenticate(officer_ix)
    row = api.get(f"/api/v1/mana/assessments/{assessment.pk}/").json()
    assert row["communities"] == [aliguay.code] and row["community_profiles"] == [profile.obc_id]
    assert api.get(f"/api/v1/mana/needs/{need.pk}/").json()["affected_profiles"] == [profile.obc_id]
    api.force_authenticate(officer_xii)
    assert api.get(f"/api/v1/mana/assessments/{assessment.pk}/").status_code == 404
    assert api.get(f"/api/v1/mana/needs/{need.pk}/").status_code == 404
