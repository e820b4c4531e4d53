"""Test data for communities, created through the real services (so roll-ups are right)."""

from __future__ import annotations

import itertools

from common.access import ADMINISTRATOR
from common.models import Barangay
from common.tests.factories import UserFactory
from communities import services
from communities.models import choices

_purok = itertools.count(1)


def system_user():
    from common.models import User

    user = User.objects.filter(username="communities-system").first()
    return user or UserFactory(username="communities-system", is_superuser=True, roles=[ADMINISTRATOR])


def barangay(code: str) -> Barangay:
    return Barangay.objects.select_related("municipality__province__region").get(code=code)


def community_fields(**overrides) -> dict:
    fields = {
        "purok_sitio": f"Purok {next(_purok)}",
        "estimated_obc_population": 100,
        "households": 20,
        "families": 22,
        "primary_ethnolinguistic_group": choices.EthnolinguisticGroup.TAUSUG,
        "primary_livelihood": choices.Livelihood.FISHING,
        "settlement_type": choices.SettlementType.COASTAL,
    }
    fields.update(overrides)
    return fields


def make_community(barangay_code: str, *, user=None, **overrides):
    """Create a barangay OBC in the barangay with PSGC ``barangay_code`` through ``create_community``."""
    return services.create_community(
        user=user or system_user(), barangay=barangay(barangay_code), **community_fields(**overrides)
    )
