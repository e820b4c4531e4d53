"""Participants are people: their list search folds names like every other search ("Niño" and
"NIÑO" alike; "Ma." and "Maria" alike)."""

import pytest
from django.urls import reverse

from mana.models import Participant
from mana.services.participants import register_participant

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["Niño", "NIÑO", "Ma. Fe", "maria fe nino"])
def test_the_participant_list_finds_ma_and_maria_alike(client, facilitator_ix, assessment, query):
    register_participant(user=facilitator_ix, assessment=assessment, name="Ma. Fe Niño", sex="female")
    register_participant(user=facilitator_ix, assessment=assessment, name="Amina Hadjiri", sex="female")
    client.force_login(facilitator_ix)
    page = client.get(reverse("mana:participant-list", args=[assessment.pk]), {"q": query})
    html = page.content.decode()
    assert "Ma. Fe Niño" in html and "Amina Hadjiri" not in html
    assert Participant.objects.filter(search_folded__contains="maria fe nino").count() == 1
