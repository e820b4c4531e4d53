"""The assistant's test world: communities, MANA assessments and needs, organizations, partnerships, engagements,
action items and recommendations in Region IX (Zamboanga del Norte, City of Zamboanga) and Region XII (South
Cotabato: Koronadal, Santo Niño), all created through the apps' services.

``fake_gemini``: a running fake Gemini server with the provider pointed at it (see fake_gemini.py);
``no_online_provider``: the assistant offline."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from ai_assistant.offline.parsing import quarter_bounds
from ai_assistant.tests.fake_gemini import FakeGemini
from common.models import Barangay, Municipality, Province
from common.tests import personas
from communities.tests.factories import make_community
from coordination import services as coordination
from coordination.models import OrganizationType, Partnership, PartnershipParty
from mana.models import Assessment
from mana.services import assessments as assessment_service
from mana.services import needs as need_service
from policies import services as policy_service
from policies.models import Status

ZAMBOANGA_CITY = personas.ZAMBOANGA_CITY_HUC


def _barangays(municipality, count):
    return list(Barangay.objects.filter(municipality=municipality).order_by("code")[:count])


def _advance_assessment(user, assessment, until):
    path = ["preparation", "data_collection", "analysis", "validation", "completed"]
    for step in path[: path.index(until) + 1]:
        assessment_service.transition_assessment(user=user, assessment=assessment, to_status=step)


OOBC = []


def _partnership(user, *, orgs, areas, expiry, title, status="active"):
    p = coordination.create_partnership(
        user=user,
        kind=Partnership.Kind.MOA,
        title=title,
        areas=areas,
        effective_date=timezone.localdate() - dt.timedelta(days=400),
        expiry_date=expiry,
        parties=[(o, PartnershipParty.Role.PARTNER) for o in [*orgs, OOBC[0]]],
    )
    path = ["negotiation", "for_signature", "active"]
    for step in path[: path.index(status) + 1] if status in path else []:
        coordination.transition_partnership(user=user, partnership=p, to_status=step)
    return p


@pytest.fixture
def world(administrator, officer_ix, officer_xii, executive):
    admin = administrator
    zdn = Province.objects.get(code=personas.ZAMBOANGA_DEL_NORTE)
    south_cotabato = Province.objects.get(code=personas.SOUTH_COTABATO)
    zamboanga_city = Province.objects.get(code=ZAMBOANGA_CITY)
    dapitan = Municipality.objects.get(code=personas.CITY_OF_DAPITAN)
    koronadal = Municipality.objects.get(code=personas.KORONADAL)
    santo_nino = Municipality.objects.get(province=south_cotabato, name__icontains="Santo Ni")
    zc_municipality = Municipality.objects.filter(province=zamboanga_city).first()
    other_zdn = Municipality.objects.filter(province=zdn).exclude(pk=dapitan.pk).order_by("code").first()

    communities = []
    plan = [
        (dapitan, 3, [120, 340, 95], "tausug"),
        (other_zdn, 2, [410, 60], "sama"),
        (zc_municipality, 3, [800, 260, 150], "tausug"),
        (koronadal, 2, [520, 130], "maguindanaon"),
        (santo_nino, 2, [230, 75], "meranaw"),
    ]
    for municipality, count, populations, group in plan:
        for barangay, population in zip(_barangays(municipality, count), populations, strict=True):
            communities.append(
                make_community(
                    barangay.code,
                    user=admin,
                    estimated_obc_population=population,
                    households=population // 5,
                    primary_ethnolinguistic_group=group,
                )
            )
    # A second community in the first Dapitan barangay: two OBCs, one barangay.
    communities.append(make_community(_barangays(dapitan, 1)[0].code, user=admin, estimated_obc_population=45))

    a_dapitan = assessment_service.create_assessment(
        user=admin, title="Dapitan MANA 2026", level=Assessment.Level.MUNICIPAL, municipality=dapitan
    )
    _advance_assessment(admin, a_dapitan, "data_collection")
    a_zdn = assessment_service.create_assessment(
        user=admin, title="Zamboanga del Norte provincial MANA", level=Assessment.Level.PROVINCIAL, province=zdn
    )
    a_koronadal = assessment_service.create_assessment(
        user=admin, title="Koronadal MANA", level=Assessment.Level.MUNICIPAL, municipality=koronadal
    )
    _advance_assessment(admin, a_koronadal, "completed")
    a_santo_nino = assessment_service.create_assessment(
        user=admin, title="Santo Niño MANA", level=Assessment.Level.MUNICIPAL, municipality=santo_nino
    )
    _advance_assessment(admin, a_santo_nino, "analysis")

    def need(assessment, title, category, severity, urgency, feasibility, population=None):
        return need_service.create_need(
            user=admin,
            assessment=assessment,
            title=title,
            category=category,
            severity=severity,
            urgency=urgency,
            feasibility=feasibility,
            affected_population=population,
        )

    needs = [
        need(a_dapitan, "No madrasah teacher", "education", 5, 4, 3, 400),
        need(a_dapitan, "Unsafe drinking water", "wash", 4, 5, 4, 900),
        need(a_dapitan, "Few livelihood options for women", "livelihood", 3, 3, 4),
        need(a_zdn, "Halal certification support", "livelihood", 2, 2, 5),
        need(a_koronadal, "Flooded access road", "infrastructure", 5, 5, 2, 1200),
        need(a_koronadal, "No barangay health station", "health", 4, 3, 3, 300),
        need(a_santo_nino, "Irrigation for farmers", "livelihood", 3, 4, 3, 200),
    ]

    region_ix, region_xii = zdn.region, south_cotabato.region
    mssd = coordination.create_organization(
        user=admin,
        name="Ministry of Social Services and Development",
        acronym="MSSD",
        org_type=OrganizationType.BMOA,
        areas=[region_ix, region_xii],
    )
    dmwa = coordination.create_organization(
        user=admin, name="Dapitan Muslim Women's Association", acronym="DMWA", org_type=OrganizationType.CSO,
        areas=[dapitan],
    )  # fmt: skip
    scuc = coordination.create_organization(
        user=admin, name="South Cotabato Ulama Council", acronym="SCUC", org_type=OrganizationType.RELIGIOUS,
        areas=[south_cotabato],
    )  # fmt: skip

    oobc = coordination.create_organization(
        user=admin, name="Office for Other Bangsamoro Communities", acronym="OOBC", org_type=OrganizationType.BMOA,
        is_nationwide=True,
    )  # fmt: skip
    OOBC[:] = [oobc]
    today = timezone.localdate()
    quarter_end = quarter_bounds(today)[1]
    partnerships = SimpleNamespace(
        mssd_ix=_partnership(admin, orgs=[mssd], areas=[zdn], expiry=quarter_end, title="MOA on social pensions"),
        mssd_xii=_partnership(
            admin, orgs=[mssd], areas=[south_cotabato], expiry=quarter_end, title="MOA on day-care centres"
        ),
        mssd_later=_partnership(
            admin, orgs=[mssd], areas=[zdn], expiry=today + dt.timedelta(days=500), title="MOA on feeding"
        ),
        dmwa=_partnership(
            admin, orgs=[dmwa], areas=[dapitan], expiry=today + dt.timedelta(days=20), title="MOA on weaving"
        ),
        scuc=_partnership(admin, orgs=[scuc], areas=[south_cotabato], expiry=None, title="MOU on madrasah education"),
    )

    now = timezone.now()
    engagements = [
        coordination.create_engagement(
            user=admin, place=dapitan, kind="consultation", title="Consultation with Dapitan LGU",
            starts_at=now + dt.timedelta(days=5), organizations=[dmwa],
        ),
        coordination.create_engagement(
            user=admin, place=zdn, kind="meeting", title="Provincial coordination meeting",
            starts_at=now - dt.timedelta(days=30),
        ),
        coordination.create_engagement(
            user=admin, place=koronadal, kind="workshop", title="Koronadal validation workshop",
            starts_at=now + dt.timedelta(days=12), organizations=[scuc],
        ),
    ]  # fmt: skip

    def action(place, title, days, owner):
        return coordination.create_action_item(
            user=admin, place=place, title=title, owner=owner, due_date=today + dt.timedelta(days=days)
        )

    actions = [
        action(dapitan, "Send the list of madrasah teachers", -10, officer_ix),
        action(zdn, "Draft the provincial MOA", 14, officer_ix),
        action(koronadal, "Ask DPWH about the access road", -3, officer_xii),
        action(south_cotabato, "Share the MANA report", 30, officer_xii),
    ]

    def recommendation(user, areas, title, **extra):
        fields = {
            "title": title, "rec_type": "program", "category": "social", "sector": "education",
            "scope_level": "municipal", "problem": "A gap.", "proposed_action": "Close it.", "importance": 4,
            "urgency": 4, **extra,
        }  # fmt: skip
        return policy_service.create_recommendation(user=user, areas=areas, **fields)

    recs = SimpleNamespace(
        dapitan_review=recommendation(officer_ix, [dapitan], "Madrasah teachers for Dapitan OBCs"),
        dapitan_draft=recommendation(officer_ix, [dapitan], "Water systems for Dapitan OBCs", sector="wash"),
        koronadal_review=recommendation(officer_xii, [koronadal], "Access road for Koronadal OBCs"),
    )
    for rec, officer, cited in (
        (recs.dapitan_review, officer_ix, needs[0]),
        (recs.koronadal_review, officer_xii, needs[4]),
    ):
        policy_service.add_evidence(user=officer, recommendation=rec, kind="need", target=cited,
                                    statement="The MANA ranked it first.")  # fmt: skip
        policy_service.transition_recommendation(user=officer, recommendation=rec, to_status=Status.UNDER_REVIEW)

    return SimpleNamespace(
        zdn=zdn, south_cotabato=south_cotabato, zamboanga_city=zamboanga_city, dapitan=dapitan,
        koronadal=koronadal, santo_nino=santo_nino, region_ix=region_ix, region_xii=region_xii,
        communities=communities, needs=needs, mssd=mssd, oobc=oobc, dmwa=dmwa, scuc=scuc, partnerships=partnerships,
        engagements=engagements, actions=actions, recs=recs, quarter_end=quarter_end,
        assessments=[a_dapitan, a_zdn, a_koronadal, a_santo_nino],
    )  # fmt: skip


@pytest.fixture
def fake_gemini(settings):
    """A fake Gemini API on 127.0.0.1 and the settings that send the provider there.

    Short timeout and backoff so failure tests are quick; generous limits so only the limit tests
    meet them. Script replies with ``fake_gemini.script(...)``; read ``fake_gemini.requests``.
    """
    server = FakeGemini().start()
    settings.GOOGLE_API_KEY = "fake-key-for-tests"
    settings.GOOGLE_GENAI_USE_VERTEXAI = False
    settings.GEMINI_BASE_URL = server.base_url
    settings.GEMINI_MODEL = "gemini-test"
    settings.AI_TIMEOUT_SECONDS = 3.0
    settings.AI_MAX_RETRIES = 2
    settings.AI_RETRY_BASE_DELAY = 0.02
    settings.AI_MAX_TOOL_ROUNDS = 4
    settings.AI_DAILY_QUOTA = 1000
    settings.AI_RATE_LIMIT_PER_MINUTE = 1000
    settings.AI_AUDIT_CONTENT = False
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def no_online_provider(settings):
    """No key, no Vertex project: the assistant is offline."""
    settings.GOOGLE_API_KEY = ""
    settings.GOOGLE_GENAI_USE_VERTEXAI = False
    settings.GOOGLE_CLOUD_PROJECT = ""
