"""Negative budgets, costs and populations are refused by the model, the API and the forms."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from common.tests import personas
from mana.forms import AssessmentForm, NeedForm
from mana.services import assessments as assessment_service
from mana.tests.test_needs import make_need

pytestmark = pytest.mark.django_db
BASE = "/api/v1/mana"


def test_service_refuses_a_negative_assessment_budget(administrator, dapitan, aliguay):
    with pytest.raises(ValidationError) as error:
        assessment_service.create_assessment(
            user=administrator, title="Budget", level="municipal", municipality=dapitan, budget=Decimal("-1")
        )
    assert "budget" in error.value.message_dict


def test_service_refuses_a_negative_need_cost(facilitator_ix, assessment, aliguay):
    with pytest.raises(ValidationError) as error:
        make_need(facilitator_ix, assessment, aliguay, cost_estimate=Decimal("-500"))
    assert "cost_estimate" in error.value.message_dict


def test_api_refuses_negative_budget_cost_and_population(facilitator_ix, assessment, aliguay):
    api = APIClient()
    api.force_authenticate(facilitator_ix)
    response = api.post(
        f"{BASE}/assessments/",
        {"title": "x", "level": "municipal", "municipality": personas.CITY_OF_DAPITAN, "budget": "-10.00"},
        format="json",
    )
    assert response.status_code == 400 and "budget" in response.json()["errors"]
    need = {
        "assessment": assessment.pk,
        "category": "wash",
        "title": "Water",
        "severity": 3,
        "urgency": 3,
        "feasibility": 3,
        "affected_communities": [personas.ALIGUAY],
    }
    response = api.post(f"{BASE}/needs/", {**need, "cost_estimate": "-1.00"}, format="json")
    assert response.status_code == 400 and "cost_estimate" in response.json()["errors"]
    response = api.post(f"{BASE}/needs/", {**need, "affected_population": -3}, format="json")
    assert response.status_code == 400 and "affected_population" in response.json()["errors"]
    assert api.post(f"{BASE}/needs/", {**need, "cost_estimate": "0.00"}, format="json").status_code == 201


def test_forms_refuse_negative_budget_and_cost(administrator, facilitator_ix):
    form = AssessmentForm(data={"budget": "-1"}, user=administrator)
    assert not form.is_valid() and "budget" in form.errors
    need_form = NeedForm(data={"cost_estimate": "-1", "affected_population": "-2"}, user=facilitator_ix)
    assert not need_form.is_valid()
    assert "cost_estimate" in need_form.errors and "affected_population" in need_form.errors
