"""Tolerant search over people: users, community leaders and MANA participants are found through the
folded column ("Niño", "nino", "NIÑO" alike; "Ma." and "Maria" alike), with only portable lookups
(SQLite and PostgreSQL), and the personal-data rule still deciding who may search leaders."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from common.folding import fold, fold_name
from common.models import User
from common.tests import personas
from common.tests.factories import UserFactory
from communities.models import CommunityLeader
from communities.services import create_leader
from communities.tests.factories import make_community

pytestmark = pytest.mark.django_db

SPELLINGS = ["Niño", "nino", "NIÑO", "Ma. Cristina", "maria cristina", "MA CRISTINA Nino"]


def test_name_folding_expands_ma_in_the_stored_text_only():
    assert fold_name("Ma. Cristina Niño") == "maria cristina nino"
    assert fold("Ma. Cristina") == "ma cristina"  # the query side: "ma" occurs in "maria"
    assert fold_name("Amina Mamalo") == "amina mamalo"  # "ma" inside a word is left alone


@pytest.fixture
def cristina(db):
    return UserFactory(username="mcn", first_name="Ma. Cristina", last_name="Niño", email="mcn@oobc.gov.ph")


@pytest.fixture
def someone_else(db):
    return UserFactory(username="other", first_name="Roberto", last_name="Santos")


@pytest.mark.parametrize("query", SPELLINGS)
def test_the_user_admin_finds_a_user_however_the_name_is_written(client, administrator, cristina, someone_else, query):
    client.force_login(administrator)
    response = client.get(reverse("admin:common_user_changelist"), {"q": query})
    found = {user.username for user in response.context["cl"].result_list}
    assert found == {"mcn"}


def test_a_users_folded_column_follows_a_name_change(cristina):
    cristina.last_name = "Dela Peña"
    cristina.save(update_fields=["last_name"])
    assert User.objects.filter(search_folded__contains="dela pena").get() == cristina
    assert not User.objects.filter(search_folded__contains="nino").exists()


@pytest.fixture
def ix_community(officer_ix):
    return make_community(personas.ALIGUAY, user=officer_ix)


@pytest.fixture
def leaders(officer_ix, ix_community):
    return [
        create_leader(user=officer_ix, community=ix_community, name="Ma. Luisa Niño", role="women", position="Kagawad"),
        create_leader(user=officer_ix, community=ix_community, name="Hadji Ali Sahibul", role="religious"),
    ]


@pytest.mark.parametrize("query", ["Niño", "nino", "NIÑO", "Ma. Luisa", "maria luisa", "kagawad"])
def test_the_leaders_api_searches_names_folded(officer_ix, leaders, query):
    api = APIClient()
    api.force_authenticate(officer_ix)
    response = api.get(reverse("communities-api:leader-list"), {"q": query})
    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["Ma. Luisa Niño"]


def test_leader_search_stays_behind_the_personal_data_rule(partner_ix, officer_xii, leaders):
    api = APIClient()
    api.force_authenticate(partner_ix)  # no personal-data access
    assert api.get(reverse("communities-api:leader-list"), {"q": "nino"}).status_code == 403
    # A community's own search never covers its leaders' names (no probing names through it).
    found = api.get(reverse("communities-api:community-list"), {"q": "sahibul"}).json()
    assert found["count"] == 0
    api.force_authenticate(officer_xii)  # may see personal data, but not Region IX's
    assert api.get(reverse("communities-api:leader-list"), {"q": "nino"}).json()["results"] == []


def test_the_leader_admin_searches_folded(client, administrator, leaders):
    client.force_login(administrator)
    response = client.get(reverse("admin:communities_communityleader_changelist"), {"q": "maria nino"})
    assert [leader.name for leader in response.context["cl"].result_list] == ["Ma. Luisa Niño"]


def _run(migration_module: str, operation_index: int):
    migration = importlib.import_module(migration_module).Migration
    migration.operations[operation_index].code(apps, SimpleNamespace(connection=connection))


def test_the_data_migrations_fill_the_columns_of_existing_people(cristina, leaders):
    User.objects.update(search_folded="")
    CommunityLeader.objects.update(search_folded="")
    _run("common.migrations.0006_people_folded_search", 1)
    _run("communities.migrations.0005_people_folded_search", 1)
    assert User.objects.get(pk=cristina.pk).search_folded == cristina.refresh_search_folded()
    assert "maria cristina nino" in User.objects.get(pk=cristina.pk).search_folded
    leader = CommunityLeader.objects.get(pk=leaders[0].pk)
    assert leader.search_folded == "maria luisa nino kagawad"
