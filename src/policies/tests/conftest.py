"""Policies fixtures: MANA needs and communities in Region IX (Dapitan) and Region XII (Koronadal),
recommendations drafted by the regional officers and a national one by the executive, all created
through the services."""

from __future__ import annotations

import pytest

from common.models import Barangay, Municipality, Province, Region
from common.tests import personas
from communities.tests.factories import make_community
from mana.models import Assessment
from mana.services import assessments as assessment_service
from mana.services import needs as need_service
from policies import services
from policies.models import Status


@pytest.fixture
def dapitan(db):
    return Municipality.objects.get(code=personas.CITY_OF_DAPITAN)


@pytest.fixture
def zdn(db):
    return Province.objects.get(code=personas.ZAMBOANGA_DEL_NORTE)


@pytest.fixture
def koronadal(db):
    return Municipality.objects.get(code=personas.KORONADAL)


@pytest.fixture
def south_cotabato(db):
    return Province.objects.get(code=personas.SOUTH_COTABATO)


@pytest.fixture
def community_ix(administrator):
    return make_community(personas.ALIGUAY, user=administrator)


@pytest.fixture
def community_xii(administrator, koronadal):
    return make_community(Barangay.objects.filter(municipality=koronadal).order_by("code").first().code,
                          user=administrator)  # fmt: skip


@pytest.fixture
def assessment_ix(administrator, dapitan, community_ix):
    return assessment_service.create_assessment(
        user=administrator, title="Dapitan MANA 2026", level=Assessment.Level.MUNICIPAL, municipality=dapitan,
        communities=[community_ix.barangay] if _covers_barangays() else [community_ix],
    )  # fmt: skip


def _covers_barangays() -> bool:
    """MANA's covered communities point at PSGC barangays today (issue 9 moves them to OBC profiles)."""
    from mana.models import Assessment as A

    return A._meta.get_field("communities").related_model is Barangay


@pytest.fixture
def assessment_xii(administrator, koronadal):
    return assessment_service.create_assessment(
        user=administrator, title="Koronadal MANA", level=Assessment.Level.MUNICIPAL, municipality=koronadal
    )


def make_need(user, assessment, title="No madrasah teacher", **extra):
    fields = {"category": "education", "severity": 5, "urgency": 4, "feasibility": 3, **extra}
    return need_service.create_need(user=user, assessment=assessment, title=title, **fields)


@pytest.fixture
def need_ix(administrator, assessment_ix):
    return make_need(administrator, assessment_ix)


@pytest.fixture
def need_xii(administrator, assessment_xii):
    return make_need(administrator, assessment_xii, title="Flooded access road", category="infrastructure")


def rec_fields(**overrides):
    fields = {
        "title": "Madrasah teachers for Dapitan OBCs",
        "rec_type": "program",
        "category": "social",
        "sector": "education",
        "scope_level": "municipal",
        "problem": "Three OBC barangays have no asatidz.",
        "proposed_action": "Fund two asatidz per barangay through MBHTE.",
        "expected_outcomes": "Children attend madrasah classes weekly.",
        "beneficiaries_count": 420,
        "beneficiary_groups": "children, youth",
        "budget_amount": "1200000.00",
        "funding_source": "BARMM block grant",
        "fiscal_year": 2027,
        "importance": 5,
        "urgency": 4,
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def rec_ix(officer_ix, dapitan, need_ix):
    rec = services.create_recommendation(user=officer_ix, areas=[dapitan], **rec_fields())
    services.add_evidence(user=officer_ix, recommendation=rec, kind="need", target=need_ix, reliability="B",
                          statement="The Dapitan MANA ranked the lack of teachers first.")  # fmt: skip
    rec.refresh_from_db()
    return rec


@pytest.fixture
def rec_xii(officer_xii, koronadal, need_xii):
    rec = services.create_recommendation(
        user=officer_xii,
        areas=[koronadal],
        **rec_fields(title="Access road for Koronadal OBCs", sector="infrastructure"),
    )
    services.add_evidence(user=officer_xii, recommendation=rec, kind="need", target=need_xii,
                          statement="Flooding cuts the road for weeks.")  # fmt: skip
    rec.refresh_from_db()
    return rec


@pytest.fixture
def rec_national(executive):
    rec = services.create_recommendation(
        user=executive, **rec_fields(title="OBC desk in every ministry", scope_level="national", rec_type="policy")
    )
    services.add_evidence(
        user=executive, recommendation=rec, kind="external", source_title="OOBC annual report",
        source_author="OOBC", source_year=2025, statement="Ministries lack OBC focal persons.",
    )  # fmt: skip
    rec.refresh_from_db()
    return rec


#: The path from draft to approved: (status, who takes the step: "officer" or "executive", comment).
TO_APPROVED = [
    (Status.UNDER_REVIEW, "officer", ""),
    (Status.ENDORSED, "executive", ""),
    (Status.SUBMITTED, "executive", ""),
    (Status.UNDER_CONSIDERATION, "executive", ""),
    (Status.APPROVED, "executive", ""),
]


def advance(rec, officer, executive, until):
    """Take ``rec`` along TO_APPROVED up to and including the status ``until``."""
    for status, who, comment in TO_APPROVED:
        services.transition_recommendation(
            user=officer if who == "officer" else executive, recommendation=rec, to_status=status, comment=comment
        )
        if status == until:
            break
    rec.refresh_from_db()
    return rec


@pytest.fixture
def region_of():
    return lambda code: Region.objects.get(code=code)
