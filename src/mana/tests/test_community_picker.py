"""MANA's community fields on the shared place picker (common/places, multiple choice): barangays
of the user's areas only, chosen across cities/municipalities, duplicate names with their parent,
and the assessment's covered communities when it lists them."""

import re

import pytest
from django.urls import reverse

from common.models import Barangay
from common.tests import personas
from mana.forms import AssessmentForm, NeedForm, ParticipantForm
from mana.models import Assessment, Need
from mana.services.assessments import create_assessment

pytestmark = pytest.mark.django_db


def options(html, name):
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return {code: label.strip() for code, label in re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)<', select)}


def selected(html, name):
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return set(re.findall(r'<option value="([^"]+)" selected', select))


@pytest.fixture
def zamboanga_city_barangay(db):
    return Barangay.objects.filter(municipality__province__code=personas.ZAMBOANGA_CITY_HUC).order_by("code").first()


@pytest.fixture
def koronadal_barangay(db):
    return Barangay.objects.filter(municipality__code=personas.KORONADAL).order_by("code").first()


def test_assessment_form_uses_the_shared_picker_in_multiple_mode(facilitator_ix):
    html = str(AssessmentForm(user=facilitator_ix)["communities"])
    assert "data-place-picker" in html and 'name="communities" id="id_communities"' in html
    assert re.search(r'<select name="communities"[^>]*multiple', html)
    assert set(options(html, "communities_region")) == {personas.REGION_IX}  # the user's region only
    assert options(html, "communities") == {}  # no barangay before a city/municipality is chosen


def test_barangays_from_two_cities_stay_chosen_and_show_their_parent(facilitator_ix, aliguay, zamboanga_city_barangay):
    data = {
        "title": "Two cities",
        "level": "regional",
        "region": personas.REGION_IX,
        "communities_municipality": personas.CITY_OF_DAPITAN,  # the user moved on to Dapitan
        "communities": [aliguay.code, zamboanga_city_barangay.code],
        "start_date": "2026-02-01",
        "end_date": "2026-02-20",
    }
    form = AssessmentForm(data, user=facilitator_ix)
    assert form.is_valid(), form.errors
    assert {b.code for b in form.cleaned_data["communities"]} == {aliguay.code, zamboanga_city_barangay.code}
    html = str(form["communities"])
    assert selected(html, "communities") == {aliguay.code, zamboanga_city_barangay.code}
    # Kept from another city: always with its parent; Dapitan's own barangays listed as well.
    assert options(html, "communities")[zamboanga_city_barangay.code].endswith("(City of Zamboanga)")
    dapitan = set(Barangay.objects.filter(municipality__code=personas.CITY_OF_DAPITAN).values_list("code", flat=True))
    assert dapitan <= set(options(html, "communities"))


def test_a_barangay_outside_the_users_areas_is_refused(facilitator_ix, koronadal_barangay, aliguay):
    data = {"title": "x", "level": "regional", "region": personas.REGION_IX,
            "communities": [aliguay.code, koronadal_barangay.code], "start_date": "2026-02-01"}  # fmt: skip
    form = AssessmentForm(data, user=facilitator_ix)
    assert not form.is_valid()
    assert form.errors["communities"] == ["That barangay does not exist or is outside your assigned areas."]


def test_the_edit_form_shows_the_covered_communities_chosen(client, facilitator_ix, assessment, aliguay):
    client.force_login(facilitator_ix)
    html = client.get(reverse("mana:assessment-edit", args=[assessment.pk])).content.decode()
    assert selected(html, "communities") == {aliguay.code}
    assert selected(html, "communities_municipality") == {personas.CITY_OF_DAPITAN}  # the cascade opens there
    assert "barangay_picker" not in html


def test_the_edit_form_saves_communities_of_two_cities(client, administrator, region_ix, aliguay):
    other = Barangay.objects.filter(municipality__province__code=personas.ZAMBOANGA_CITY_HUC).first()
    regional = create_assessment(user=administrator, title="IX", level="regional", region=region_ix)
    client.force_login(administrator)
    url = reverse("mana:assessment-edit", args=[regional.pk])
    data = {"title": "IX", "level": "regional", "region": personas.REGION_IX, "start_date": "2026-02-01",
            "communities": [aliguay.code, other.code], "revision": regional.revision}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert set(Assessment.objects.get(pk=regional.pk).communities.all()) == {aliguay, other}


def test_need_form_picker_is_bounded_by_the_assessments_area(administrator, dapitan, aliguay, zamboanga_city_barangay):
    municipal = create_assessment(user=administrator, title="Dapitan", level="municipal", municipality=dapitan)
    html = str(NeedForm(user=administrator, assessment=municipal)["affected_communities"])
    assert set(options(html, "affected_communities_municipality")) == {personas.CITY_OF_DAPITAN}
    assert aliguay.code in options(html, "affected_communities")  # one city: its barangays are listed
    data = {"affected_communities": [zamboanga_city_barangay.code], "category": "education", "title": "T",
            "severity": 3, "urgency": 3, "feasibility": 3}  # fmt: skip
    form = NeedForm(data, user=administrator, assessment=municipal)
    assert not form.is_valid() and "outside your assigned areas" in form.errors["affected_communities"][0]


def test_need_form_offers_only_the_covered_communities_when_listed(facilitator_ix, assessment, aliguay):
    html = str(NeedForm(user=facilitator_ix, assessment=assessment)["affected_communities"])
    assert set(options(html, "affected_communities")) == {aliguay.code}
    other = Barangay.objects.filter(municipality=aliguay.municipality).exclude(pk=aliguay.pk).first()
    data = {"affected_communities": [other.code], "category": "education", "title": "T", "severity": 3,
            "urgency": 3, "feasibility": 3}  # fmt: skip
    assert "affected_communities" in NeedForm(data, user=facilitator_ix, assessment=assessment).errors


def test_need_edit_keeps_its_communities(client, facilitator_ix, aliguay):
    from mana.services.needs import create_need

    need = create_need(user=facilitator_ix, category="education", title="Teachers", severity=3, urgency=3,
                       feasibility=3, affected_communities=[aliguay])  # fmt: skip
    client.force_login(facilitator_ix)
    html = client.get(reverse("mana:need-edit", args=[need.pk])).content.decode()
    assert selected(html, "affected_communities") == {aliguay.code}
    assert Need.objects.get().affected_communities.get() == aliguay


def test_participant_form_single_choice_on_the_shared_picker(administrator, region_ix, aliguay):
    regional = create_assessment(user=administrator, title="IX", level="regional", region=region_ix)
    data = {"name": "Amina", "sex": "female", "community_municipality": personas.CITY_OF_DAPITAN,
            "community": aliguay.code}  # fmt: skip
    form = ParticipantForm(data, assessment=regional, user=administrator)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["community"] == aliguay
    html = str(form["community"])
    assert not re.search(r'<select name="community"[^>]*multiple', html)
    assert selected(html, "community") == {aliguay.code}
