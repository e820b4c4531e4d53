"""Negative populations and counts are refused by the API, the forms and the model."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from common.tests import personas
from communities.forms import CoverageForm
from communities.models import MunicipalCoverage
from communities.tests.factories import make_community

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("field", "allowed"), [("estimated_obc_population", 90), ("households", 0), ("families", 0)])
def test_api_refuses_negative_population_and_counts(officer_ix, field, allowed):
    community = make_community(personas.ALIGUAY)
    api = APIClient()
    api.force_authenticate(officer_ix)
    response = api.patch(f"/api/v1/communities/{community.pk}/", {field: -1}, format="json")
    assert response.status_code == 400 and field in response.json()["errors"]
    version = api.get(f"/api/v1/communities/{community.pk}/")["ETag"]
    response = api.patch(f"/api/v1/communities/{community.pk}/", {field: allowed}, format="json", HTTP_IF_MATCH=version)
    assert response.status_code == 200


def test_model_refuses_a_negative_population(officer_ix):
    community = make_community(personas.ALIGUAY)
    community.estimated_obc_population = -5
    with pytest.raises(ValidationError) as error:
        community.full_clean()
    assert "estimated_obc_population" in error.value.message_dict


def test_coverage_form_refuses_a_negative_curated_population(officer_ix):
    make_community(personas.ALIGUAY)
    coverage = MunicipalCoverage.objects.get()
    form = CoverageForm(data={"curated_obc_population": "-10"}, instance=coverage)
    assert not form.is_valid() and "curated_obc_population" in form.errors
