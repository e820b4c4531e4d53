"""MANA fixtures: a community assessment of Aliguay (City of Dapitan, Region IX) run by
facilitator_ix, with a published instrument covering every question type and an open session."""

import pytest

from common.models import Barangay, Municipality, Province
from common.tests import personas
from common.tests.factories import UserFactory
from mana.models import Assessment, Participant, Question
from mana.services import assessments as assessment_service
from mana.services import instruments as instrument_service
from mana.services import participants as participant_service

ALL_TYPES = [
    ("Name of your purok", Question.Type.SHORT_TEXT, False, ()),
    ("Describe the main problem", Question.Type.LONG_TEXT, True, ()),
    ("Household size", Question.Type.NUMBER, True, ()),
    ("Main water source", Question.Type.SINGLE_CHOICE, True, ("Well", "Piped", "River")),
    ("Services missing", Question.Type.MULTIPLE_CHOICE, False, ("Clinic", "School", "Road")),
    ("Satisfaction with barangay services", Question.Type.RATING, True, ()),
    ("Date of last flood", Question.Type.DATE, False, ()),
    ("Has a madrasah", Question.Type.YES_NO, True, ()),
]


@pytest.fixture
def dapitan(db):
    return Municipality.objects.get(code=personas.CITY_OF_DAPITAN)


@pytest.fixture
def aliguay(db):
    return Barangay.objects.get(code=personas.ALIGUAY)


@pytest.fixture
def koronadal(db):
    return Municipality.objects.get(code=personas.KORONADAL)


@pytest.fixture
def other_facilitator_ix(region_ix):
    from common.access import MANA_FACILITATOR

    return UserFactory(username="other_facilitator_ix", roles=[MANA_FACILITATOR], regions=[region_ix])


@pytest.fixture
def assessment(administrator, facilitator_ix, dapitan, aliguay):
    return assessment_service.create_assessment(
        user=administrator,
        title="Aliguay MANA 2026",
        purpose="Needs of the Sama community of Aliguay Island",
        level=Assessment.Level.COMMUNITY,
        municipality=dapitan,
        communities=[aliguay],
        methods=["survey", "fgd"],
        lead=facilitator_ix,
    )


@pytest.fixture
def assessment_xii(administrator, koronadal):
    return assessment_service.create_assessment(
        user=administrator, title="Koronadal MANA", level=Assessment.Level.MUNICIPAL, municipality=koronadal
    )


def fixtures_admin():
    """The administrator who sets up MANA test data (also usable outside fixtures)."""
    from common.access import ADMINISTRATOR
    from common.models import User

    user = User.objects.filter(username="mana-setup").first()
    return user or UserFactory(username="mana-setup", is_superuser=True, roles=[ADMINISTRATOR])


def build_instrument(user, assessment, *, publish=True):
    instrument = instrument_service.create_instrument(user=user, assessment=assessment, title="Household survey")
    version = instrument.versions.get()
    section = instrument_service.add_section(user=user, version=version, title="Household")
    for text, qtype, required, choices in ALL_TYPES:
        instrument_service.add_question(
            user=user, version=version, text=text, qtype=qtype, required=required, choices=choices, section=section
        )
    if publish:
        instrument_service.publish_version(user=user, version=version)
    return instrument


@pytest.fixture
def instrument(facilitator_ix, assessment):
    return build_instrument(facilitator_ix, assessment)


@pytest.fixture
def version(instrument):
    return instrument.versions.get(number=1)


@pytest.fixture
def session(facilitator_ix, assessment, version):
    assessment_service.transition_assessment(user=facilitator_ix, assessment=assessment, to_status="preparation")
    assessment_service.transition_assessment(user=facilitator_ix, assessment=assessment, to_status="data_collection")
    s = instrument_service.create_session(
        user=facilitator_ix, assessment=assessment, version=version, title="Survey day 1"
    )
    return instrument_service.open_session(user=facilitator_ix, session=s)


@pytest.fixture
def participant(facilitator_ix, assessment, aliguay):
    return participant_service.register_participant(
        user=facilitator_ix,
        assessment=assessment,
        name="Amina Hadjiri",
        sex=Participant.Sex.FEMALE,
        age_group="25-39",
        sector="women",
        community=aliguay,
        contact="0917 000 0000",
        consent_method=Participant.ConsentMethod.WRITTEN,
    )


@pytest.fixture
def participant_without_consent(facilitator_ix, assessment):
    return participant_service.register_participant(
        user=facilitator_ix, assessment=assessment, name="Jamal Ututalum", sex=Participant.Sex.MALE
    )


def q(version, text):
    return version.questions.get(text=text)


def complete_answers(version) -> dict:
    """Valid answers to every question, as a phone form would post them."""
    water = q(version, "Main water source").choices.get(label="Well")
    missing = q(version, "Services missing").choices.filter(label__in=["Clinic", "Road"])
    return {
        q(version, "Name of your purok").field_name: "Purok 3",
        q(version, "Describe the main problem").field_name: "No clean water in the dry season",
        q(version, "Household size").field_name: "6",
        q(version, "Main water source").field_name: str(water.pk),
        q(version, "Services missing").field_name: [str(c.pk) for c in missing],
        q(version, "Satisfaction with barangay services").field_name: "2",
        q(version, "Date of last flood").field_name: "2025-11-02",
        q(version, "Has a madrasah").field_name: "yes",
    }


@pytest.fixture
def answers(version):
    return complete_answers(version)


@pytest.fixture
def zdn(db):
    return Province.objects.get(code=personas.ZAMBOANGA_DEL_NORTE)
