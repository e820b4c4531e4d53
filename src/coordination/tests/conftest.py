"""Coordination fixtures: organizations, a partnership and an engagement in Region IX (Zamboanga
del Norte / Dapitan) and in Region XII (South Cotabato), created through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from common.models import Municipality, Province, Region
from common.tests import personas
from coordination import services
from coordination.models import Organization, OrganizationType, PartnershipParty


def place(code):
    for model in (Municipality, Province, Region):
        found = model.objects.filter(code=code).first()
        if found:
            return found
    raise LookupError(code)


@pytest.fixture
def zdn(db):
    return Province.objects.get(code=personas.ZAMBOANGA_DEL_NORTE)


@pytest.fixture
def dapitan(db):
    return Municipality.objects.get(code=personas.CITY_OF_DAPITAN)


@pytest.fixture
def south_cotabato(db):
    return Province.objects.get(code=personas.SOUTH_COTABATO)


@pytest.fixture
def oobc(administrator):
    return services.create_organization(
        user=administrator, name="Office for Other Bangsamoro Communities", acronym="OOBC",
        org_type=OrganizationType.BMOA, is_nationwide=True,
    )  # fmt: skip


@pytest.fixture
def org_ix(administrator, dapitan):
    return services.create_organization(
        user=administrator, name="Dapitan Muslim Women's Association", acronym="DMWA", org_type=OrganizationType.CSO,
        areas=[dapitan], sectors=["livelihood", "education"],
    )  # fmt: skip


@pytest.fixture
def org_xii(administrator, south_cotabato):
    return services.create_organization(
        user=administrator, name="South Cotabato Ulama Council", acronym="SCUC",
        org_type=OrganizationType.RELIGIOUS, areas=[south_cotabato], sectors=["culture"],
    )  # fmt: skip


def make_partnership(user, *, orgs, areas, status="draft", expiry=None, owner=None, title="MOA on livelihood"):
    from coordination.models import Partnership

    p = services.create_partnership(
        user=user, kind=Partnership.Kind.MOA, title=title, areas=areas, owner=owner,
        effective_date=timezone.localdate() - dt.timedelta(days=100), expiry_date=expiry,
        parties=[(o, PartnershipParty.Role.PARTNER) for o in orgs],
    )  # fmt: skip
    path = ["negotiation", "for_signature", "active"]
    for step in path[: path.index(status) + 1] if status in path else []:
        services.transition_partnership(user=user, partnership=p, to_status=step)
    p.refresh_from_db()
    return p


@pytest.fixture
def partnership_ix(administrator, officer_ix, oobc, org_ix, zdn):
    return make_partnership(administrator, orgs=[oobc, org_ix], areas=[zdn], status="active", owner=officer_ix)


@pytest.fixture
def partnership_xii(administrator, officer_xii, oobc, org_xii, south_cotabato):
    return make_partnership(
        administrator, orgs=[oobc, org_xii], areas=[south_cotabato], status="active", owner=officer_xii,
        title="MOU on madrasah education",
    )  # fmt: skip


def make_engagement(user, *, where, starts_at=None, orgs=(), title="Consultation with LGU", **extra):
    from coordination.models import Engagement

    return services.create_engagement(
        user=user, place=where, kind=Engagement.Kind.CONSULTATION, title=title,
        starts_at=starts_at or timezone.now() + dt.timedelta(days=3), organizations=list(orgs), **extra,
    )  # fmt: skip


@pytest.fixture
def engagement_ix(officer_ix, dapitan, org_ix):
    return make_engagement(officer_ix, where=dapitan, orgs=[org_ix], minutes="Discussed madrasah support.")


@pytest.fixture
def engagement_xii(officer_xii, south_cotabato, org_xii):
    return make_engagement(officer_xii, where=south_cotabato, orgs=[org_xii], title="Meeting with Ulama council")


@pytest.fixture
def action_ix(officer_ix, engagement_ix):
    return services.create_action_item(
        user=officer_ix, engagement=engagement_ix, title="Send the list of madrasah teachers", owner=officer_ix,
        due_date=timezone.localdate() + dt.timedelta(days=7),
    )  # fmt: skip


__all__ = ["Organization", "make_engagement", "make_partnership", "place"]
