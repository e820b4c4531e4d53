"""Engagements and action items: the transition tables (allowed and refused), postponement history,
the area rule on related records, closing who/when, and "My action items"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from coordination import services
from coordination.models import ActionItem, Engagement

from .conftest import make_engagement

pytestmark = pytest.mark.django_db


def test_engagement_moves_planned_held_documented(officer_ix, dapitan):
    e = make_engagement(officer_ix, where=dapitan, starts_at=timezone.now() - dt.timedelta(hours=2), minutes="OK")
    services.transition_engagement(user=officer_ix, engagement=e, to_status="held")
    t = services.transition_engagement(user=officer_ix, engagement=e, to_status="documented", comment="Filed")
    e.refresh_from_db()
    assert e.status == "documented"
    assert (t.actor, t.from_status, t.to_status, t.comment) == (officer_ix, "held", "documented", "Filed")


@pytest.mark.parametrize(
    ("start", "target"),
    [("planned", "documented"), ("documented", "planned"), ("cancelled", "held")],
)
def test_engagement_refuses_transitions_outside_the_table(officer_ix, dapitan, start, target):
    e = make_engagement(officer_ix, where=dapitan, starts_at=timezone.now() - dt.timedelta(hours=1), minutes="x")
    Engagement.objects.filter(pk=e.pk).update(status=start)
    e.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.transition_engagement(user=officer_ix, engagement=e, to_status=target, comment="because")
    assert "Cannot move" in str(error.value)
    e.refresh_from_db()
    assert e.status == start


def test_engagement_cannot_be_held_before_it_starts(officer_ix, engagement_ix):
    with pytest.raises(ValidationError):
        services.transition_engagement(user=officer_ix, engagement=engagement_ix, to_status="held")


def test_postponed_engagement_keeps_its_history_and_gets_a_new_date(officer_ix, engagement_ix):
    old = engagement_ix.starts_at
    new = old + dt.timedelta(days=14)
    with pytest.raises(ValidationError):
        services.transition_engagement(user=officer_ix, engagement=engagement_ix, to_status="postponed")
    services.transition_engagement(user=officer_ix, engagement=engagement_ix, to_status="postponed", starts_at=new)
    engagement_ix.refresh_from_db()
    assert engagement_ix.status == "postponed" and engagement_ix.starts_at == new
    assert engagement_ix.transitions.get().previous_starts_at == old


def test_cancelling_needs_a_reason(officer_ix, engagement_ix):
    with pytest.raises(ValidationError):
        services.transition_engagement(user=officer_ix, engagement=engagement_ix, to_status="cancelled")
    services.transition_engagement(user=officer_ix, engagement=engagement_ix, to_status="cancelled", comment="Storm")


def test_officer_cannot_change_engagement_of_other_region(officer_xii, engagement_ix):
    with pytest.raises(PermissionDenied):
        services.transition_engagement(user=officer_xii, engagement=engagement_ix, to_status="cancelled", comment="x")


def test_engagement_refuses_organization_outside_users_areas(officer_ix, dapitan, org_xii):
    with pytest.raises(ValidationError) as error:
        make_engagement(officer_ix, where=dapitan, orgs=[org_xii])
    assert "organizations" in error.value.message_dict


def test_status_is_not_a_writable_field(officer_ix, engagement_ix):
    with pytest.raises(TypeError):
        services.update_engagement(user=officer_ix, engagement=engagement_ix, status="documented")


def test_action_item_transitions_allowed_and_refused(officer_ix, action_ix):
    services.transition_action_item(user=officer_ix, item=action_ix, to_status="in_progress")
    with pytest.raises(ValidationError):
        services.transition_action_item(user=officer_ix, item=action_ix, to_status="dropped")  # needs a reason
    services.transition_action_item(user=officer_ix, item=action_ix, to_status="done")
    action_ix.refresh_from_db()
    assert action_ix.closed_by == officer_ix and action_ix.closed_at is not None
    with pytest.raises(ValidationError):
        services.transition_action_item(user=officer_ix, item=action_ix, to_status="dropped", comment="x")


def test_dropping_records_the_reason_and_who(officer_ix, action_ix):
    services.transition_action_item(user=officer_ix, item=action_ix, to_status="dropped", comment="Not needed")
    action_ix.refresh_from_db()
    assert (action_ix.status, action_ix.drop_reason, action_ix.closed_by) == ("dropped", "Not needed", officer_ix)


def test_owner_outside_the_area_still_sees_their_own_action_item(administrator, officer_xii, engagement_ix):
    # A national role may name any OOBC staff member (a regional officer only staff of their areas).
    item = services.create_action_item(
        user=administrator, engagement=engagement_ix, title="Joint follow-up", owner=officer_xii,
        due_date=timezone.localdate(),
    )  # fmt: skip
    assert item in ActionItem.objects.for_user(officer_xii)
    assert not ActionItem.objects.for_user(officer_xii).exclude(owner=officer_xii).exists()


def test_my_action_items_highlights_overdue_ones(client, officer_ix, engagement_ix):
    overdue = services.create_action_item(
        user=officer_ix, engagement=engagement_ix, title="Late report", owner=officer_ix,
        due_date=timezone.localdate() - dt.timedelta(days=2),
    )  # fmt: skip
    client.force_login(officer_ix)
    response = client.get(reverse("coordination:my-actions"))
    assert response.status_code == 200
    html = response.content.decode()
    assert overdue.title in html and "table-danger" in html and "Overdue" in html


def test_my_action_items_lists_only_mine(client, officer_ix, administrator, engagement_ix):
    services.create_action_item(
        user=officer_ix, engagement=engagement_ix, title="Someone else's", owner=administrator,
        due_date=timezone.localdate(),
    )  # fmt: skip
    client.force_login(officer_ix)
    assert "Someone else&#x27;s" not in client.get(reverse("coordination:my-actions")).content.decode()


def test_closing_from_the_page_records_who_and_when(client, officer_ix, action_ix):
    client.force_login(officer_ix)
    response = client.post(reverse("coordination:action-transition", args=[action_ix.pk]), {"to_status": "done"})
    assert response.status_code == 302
    action_ix.refresh_from_db()
    assert action_ix.status == "done" and action_ix.closed_by == officer_ix
    page = client.get(action_ix.get_absolute_url()).content.decode()
    assert "data-closed" in page


def test_dates_outside_1950_to_2100_are_refused_everywhere(officer_ix, dapitan, engagement_ix):
    """Found by schemathesis: an engagement in the year 803 was stored, and its Manila local mean time
    offset (-15:56:08) has no RFC 3339 form, so every answer holding it broke the API's schema."""
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(officer_ix)
    body = {"kind": "consultation", "title": "Typo", "starts_at": "0803-05-06T05:49:31Z", "place": "0907201000"}
    refused = api.post(reverse("coordination-api:engagement-list"), body, format="json")
    assert refused.status_code == 400 and "between 1950 and 2100" in refused.json()["errors"]["starts_at"][0]
    with pytest.raises(ValidationError, match="between 1950 and 2100"):
        make_engagement(officer_ix, where=dapitan, starts_at=dt.datetime(2201, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(ValidationError) as postponed:
        services.transition_engagement(
            user=officer_ix, engagement=engagement_ix, to_status="postponed",
            starts_at=dt.datetime(1900, 1, 1, tzinfo=dt.UTC),
        )  # fmt: skip
    assert "between 1950 and 2100" in postponed.value.message_dict["starts_at"][0]
    assert Engagement.objects.count() == 1
