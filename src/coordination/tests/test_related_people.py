"""Owners, leads and staff are OOBC staff of the acting user's areas (``staff_users``): offered by
the forms, accepted by the API and re-checked by the services; national roles may name anyone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from coordination import services
from coordination.forms import ActionItemForm, EngagementForm, MilestoneForm, PartnershipForm
from coordination.services.base import staff_users

pytestmark = pytest.mark.django_db


def test_staff_users_are_those_of_the_users_areas(officer_ix, officer_xii, facilitator_ix, executive, partner_ix):
    mine = set(staff_users(officer_ix))
    assert {officer_ix, facilitator_ix, executive} <= mine
    assert officer_xii not in mine and partner_ix not in mine
    assert officer_xii in set(staff_users(executive))
    assert not staff_users(None).exists()


@pytest.mark.parametrize("form_class", [ActionItemForm, MilestoneForm, PartnershipForm, EngagementForm])
def test_forms_offer_only_staff_of_the_users_areas(form_class, officer_ix, officer_xii):
    form = form_class(user=officer_ix)
    for name in ("owner", "lead", "staff"):
        if name in form.fields:
            offered = set(form.fields[name].queryset)
            assert officer_ix in offered and officer_xii not in offered


def test_services_refuse_people_outside_the_users_areas(officer_ix, officer_xii, engagement_ix, partnership_ix):
    due = timezone.localdate() + dt.timedelta(days=3)
    with pytest.raises(ValidationError) as error:
        services.create_action_item(
            user=officer_ix, engagement=engagement_ix, title="X", owner=officer_xii, due_date=due
        )
    assert "Not OOBC staff of your areas" in str(error.value.message_dict["owner"])
    item = services.create_action_item(
        user=officer_ix, engagement=engagement_ix, title="X", owner=officer_ix, due_date=due
    )
    with pytest.raises(ValidationError, match="Not OOBC staff"):
        services.update_action_item(user=officer_ix, item=item, owner=officer_xii)
    with pytest.raises(ValidationError, match="Not OOBC staff"):
        services.update_engagement(user=officer_ix, engagement=engagement_ix, lead=officer_xii)
    with pytest.raises(ValidationError, match="Not OOBC staff"):
        services.update_engagement(user=officer_ix, engagement=engagement_ix, staff=[officer_xii])
    with pytest.raises(ValidationError, match="Not OOBC staff"):
        services.add_milestone(user=officer_ix, partnership=partnership_ix, title="M", due_date=due, owner=officer_xii)


def test_api_answers_an_owner_outside_like_an_unknown_id(officer_ix, officer_xii, dapitan):
    api = APIClient()
    api.force_authenticate(officer_ix)
    body = {"title": "Call the chair", "due_date": timezone.localdate().isoformat(), "place": dapitan.code}
    refused = api.post(reverse("coordination-api:action-item-list"), {**body, "owner": officer_xii.pk}, format="json")
    assert refused.status_code == 400 and "owner" in refused.json()["errors"]
    created = api.post(reverse("coordination-api:action-item-list"), {**body, "owner": officer_ix.pk}, format="json")
    assert created.status_code == 201, created.json()
