"""Fixtures of the drafting tests (imported by ``test_draft*.py``): a Dapitan (Region IX) MANA
assessment led by facilitator_ix with a need, two participants and a survey; a recommendation of
officer_ix citing that need and a community; an engagement of officer_ix with minutes. All through
the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from common.models import Barangay, Municipality
from common.tests import personas
from communities.tests.factories import make_community
from coordination import services as coordination_services
from coordination.models import Engagement, OrganizationType
from mana.models import Assessment, Need, Participant
from mana.services import assessments as assessment_service
from mana.services import needs as need_service
from mana.services import participants as participant_service
from policies import services as policy_services

MINUTES = """Discussed madrasah support with the barangay council.
- Officer Nine to send the list of asatidz to MBHTE by 15 March 2030.
- DMWA will host the next women's consultation on 2030-04-02.
- Prepare the budget request for the madrasah teachers.
The council thanked the OOBC."""


@pytest.fixture
def dapitan(db):
    return Municipality.objects.get(code=personas.CITY_OF_DAPITAN)


@pytest.fixture
def named_officer_ix(officer_ix):
    officer_ix.first_name, officer_ix.last_name = "Officer", "Nine"
    officer_ix.save(update_fields=["first_name", "last_name"])
    return officer_ix


@pytest.fixture
def community_ix(administrator):
    return make_community(personas.ALIGUAY, user=administrator, estimated_obc_population=412)


@pytest.fixture
def assessment_ix(administrator, facilitator_ix, dapitan):
    return assessment_service.create_assessment(
        user=administrator, title="Dapitan MANA 2026", level=Assessment.Level.MUNICIPAL, municipality=dapitan,
        communities=[Barangay.objects.get(code=personas.ALIGUAY)], methods=["survey", "fgd"], lead=facilitator_ix,
    )  # fmt: skip


@pytest.fixture
def need_ix(administrator, assessment_ix):
    need = need_service.create_need(
        user=administrator, assessment=assessment_ix, title="No madrasah teacher", category="education",
        severity=5, urgency=4, feasibility=3, affected_population=350,
    )  # fmt: skip
    Need.objects.filter(pk=need.pk).update(vote_count=7)
    need.refresh_from_db()
    return need


PEOPLE = [("Amina Hadjiri", Participant.Sex.FEMALE, "women", "Well"),
          ("Jamal Ututalum", Participant.Sex.MALE, "youth", "Well"),
          ("Sitti Aming", Participant.Sex.FEMALE, "women", "Piped")]  # fmt: skip


@pytest.fixture
def surveyed_ix(facilitator_ix, assessment_ix, need_ix):
    """Three participants (two women, one youth) who each submitted the household survey."""
    from mana.services import instruments as instrument_service
    from mana.services import responses as response_service
    from mana.tests.conftest import build_instrument, complete_answers, q

    version = build_instrument(facilitator_ix, assessment_ix).versions.get(number=1)
    for step in ("preparation", "data_collection"):
        assessment_service.transition_assessment(user=facilitator_ix, assessment=assessment_ix, to_status=step)
    session = instrument_service.open_session(
        user=facilitator_ix,
        session=instrument_service.create_session(
            user=facilitator_ix, assessment=assessment_ix, version=version, title="Survey day 1"
        ),
    )
    water = q(version, "Main water source")
    for name, sex, sector, source in PEOPLE:
        person = participant_service.register_participant(
            user=facilitator_ix, assessment=assessment_ix, name=name, sex=sex, sector=sector, consent_method="verbal"
        )
        answers = complete_answers(version)
        answers[water.field_name] = str(water.choices.get(label=source).pk)
        response_service.save_response(
            user=facilitator_ix, session=session, participant=person, answers=answers, submit=True
        )
    assessment_ix.refresh_from_db()
    return assessment_ix


@pytest.fixture
def rec_ix(officer_ix, dapitan, need_ix, community_ix):
    rec = policy_services.create_recommendation(
        user=officer_ix, areas=[dapitan], title="Madrasah teachers for Dapitan OBCs", rec_type="program",
        category="social", sector="education", scope_level="municipal", problem="OBC barangays have no asatidz.",
        proposed_action="Fund asatidz through MBHTE.", importance=5, urgency=4,
    )  # fmt: skip
    policy_services.add_evidence(user=officer_ix, recommendation=rec, kind="need", target=need_ix, reliability="B",
                                 statement="The Dapitan MANA ranked the lack of teachers first")  # fmt: skip
    policy_services.add_evidence(user=officer_ix, recommendation=rec, kind="community", target=community_ix,
                                 reliability="A", statement="Aliguay has no madrasah")  # fmt: skip
    rec.refresh_from_db()
    return rec


def endorse(rec, *, drafter, reviewer):
    policy_services.transition_recommendation(user=drafter, recommendation=rec, to_status="under_review")
    policy_services.transition_recommendation(user=reviewer, recommendation=rec, to_status="endorsed")
    rec.refresh_from_db()
    return rec


@pytest.fixture
def org_ix(administrator, dapitan):
    return coordination_services.create_organization(
        user=administrator, name="Dapitan Muslim Women's Association", acronym="DMWA", org_type=OrganizationType.CSO,
        areas=[dapitan],
    )  # fmt: skip


@pytest.fixture
def engagement_ix(named_officer_ix, dapitan, org_ix):
    return coordination_services.create_engagement(
        user=named_officer_ix, place=dapitan, kind=Engagement.Kind.CONSULTATION, title="Consultation with LGU",
        starts_at=timezone.now() - dt.timedelta(days=1), organizations=[org_ix], minutes=MINUTES,
        lead=named_officer_ix,
    )  # fmt: skip
