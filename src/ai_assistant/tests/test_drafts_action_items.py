"""Action items proposed from an engagement's minutes, accepted one by one (issue 12, item 4)."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from ai_assistant.drafting import services
from ai_assistant.drafting.minutes import extract_action_items
from ai_assistant.models import Draft
from coordination.models import ActionItem

from .draft_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def ask(client, user, engagement):
    client.force_login(user)
    response = client.post(reverse("ai-drafts:draft-add", args=["action_items", engagement.pk]))
    assert response.status_code == 302
    return Draft.objects.get(user=user, object_id=engagement.pk, kind="action_items")


def item_post(index, **values):
    return {f"item{index}-{name}": value for name, value in values.items()}


def test_minutes_rules_find_owner_task_and_date(named_officer_ix, engagement_ix, org_ix):
    items = extract_action_items(engagement_ix, user=named_officer_ix, today=dt.date(2030, 1, 10))
    assert [(i["title"], i["owner"], i["organization"], i["due_date"]) for i in items] == [
        ("Send the list of asatidz to MBHTE", named_officer_ix.pk, None, "2030-03-15"),
        ("Host the next women's consultation", named_officer_ix.pk, org_ix.pk, "2030-04-02"),
        ("Prepare the budget request for the madrasah teachers", named_officer_ix.pk, None, None),
    ]
    # "Discussed …" and "The council thanked …" are not action items.
    assert all("thanked" not in i["source"] and "Discussed" not in i["source"] for i in items)


def test_nothing_is_created_until_an_item_is_accepted_and_each_accept_creates_one(
    client, named_officer_ix, engagement_ix
):
    draft = ask(client, named_officer_ix, engagement_ix)
    assert len(draft.items) == 3 and ActionItem.objects.count() == 0
    page = client.get(draft.get_absolute_url()).content.decode()
    assert page.count(">Accept</button>") == 3 and page.count(">Reject</button>") == 3
    accept = reverse("ai-drafts:draft-item-accept", args=[draft.pk, 0])
    data = item_post(0, title="Send the asatidz list to MBHTE", owner=named_officer_ix.pk, due_date="2030-03-15")
    assert client.post(accept, data).status_code == 302
    assert ActionItem.objects.count() == 1
    created = ActionItem.objects.get()
    assert created.title == "Send the asatidz list to MBHTE" and created.engagement == engagement_ix
    assert created.due_date == dt.date(2030, 3, 15) and created.owner == named_officer_ix
    entry = LogEntry.objects.get_for_object(created).get()
    assert entry.additional_data["ai_assisted"] and "AI-assisted draft accepted by" in entry.additional_data["note"]
    assert "AI-assisted draft accepted by" in client.get(created.get_absolute_url()).content.decode()
    # The same item cannot be accepted twice.
    assert client.post(accept, data).status_code == 400
    assert ActionItem.objects.count() == 1
    # Rejecting creates nothing.
    assert client.post(reverse("ai-drafts:draft-item-reject", args=[draft.pk, 1])).status_code == 302
    assert ActionItem.objects.count() == 1
    draft.refresh_from_db()
    assert [i["status"] for i in draft.items] == ["accepted", "rejected", "pending"] and draft.status == "pending"
    # The last decision closes the draft.
    client.post(reverse("ai-drafts:draft-item-reject", args=[draft.pk, 2]))
    draft.refresh_from_db()
    assert draft.status == "accepted" and ActionItem.objects.count() == 1


def test_an_owner_outside_the_users_areas_is_refused(client, named_officer_ix, officer_xii, engagement_ix):
    draft = ask(client, named_officer_ix, engagement_ix)
    data = item_post(0, title="Send the list", owner=officer_xii.pk, due_date="2030-03-15")
    response = client.post(reverse("ai-drafts:draft-item-accept", args=[draft.pk, 0]), data)
    assert response.status_code == 400
    assert ActionItem.objects.count() == 0
    # The service refuses it too (the form only offers staff who share the user's areas).
    with pytest.raises(ValidationError) as refused:
        services.accept_item(user=named_officer_ix, draft=draft, index=0, owner=officer_xii.pk)
    assert "owner" in refused.value.message_dict
    assert ActionItem.objects.count() == 0
    assert Draft.objects.get(pk=draft.pk).items[0]["status"] == "pending"


def test_an_item_without_a_due_date_must_get_one(client, named_officer_ix, engagement_ix):
    draft = ask(client, named_officer_ix, engagement_ix)
    with pytest.raises(ValidationError) as refused:
        services.accept_item(user=named_officer_ix, draft=draft, index=2)
    assert "due_date" in refused.value.message_dict and ActionItem.objects.count() == 0


def test_users_who_cannot_change_the_engagement_cannot_accept_and_others_get_404(
    client, named_officer_ix, officer_xii, executive, engagement_ix
):
    draft = ask(client, named_officer_ix, engagement_ix)
    data = item_post(0, title="Send the list", owner=named_officer_ix.pk, due_date="2030-03-15")
    client.force_login(officer_xii)
    assert client.post(reverse("ai-drafts:draft-item-accept", args=[draft.pk, 0]), data).status_code == 404
    assert client.post(reverse("ai-drafts:draft-item-reject", args=[draft.pk, 0])).status_code == 404
    # Executives read every engagement but do not change coordination records.
    mine = ask(client, executive, engagement_ix)
    data = item_post(0, title="Send the list", owner=executive.pk, due_date="2030-03-15")
    assert client.post(reverse("ai-drafts:draft-item-accept", args=[mine.pk, 0]), data).status_code == 403
    assert ActionItem.objects.count() == 0


def test_draft_button_on_the_engagement_page(client, named_officer_ix, executive, engagement_ix):
    client.force_login(named_officer_ix)
    assert 'data-draft-kind="action_items"' in client.get(engagement_ix.get_absolute_url()).content.decode()
    client.force_login(executive)
    assert 'data-draft-kind="action_items"' not in client.get(engagement_ix.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("text", "task", "due"),
    [
        ("send the list to MBHTE by 15 March 2030", "send the list to MBHTE", dt.date(2030, 3, 15)),
        (
            "Coordinate on the matter with the LGU by 5 May",
            "Coordinate on the matter with the LGU",
            dt.date(2030, 5, 5),
        ),
        ("host the consultation on 2030-04-02 at the hall", "host the consultation at the hall", dt.date(2030, 4, 2)),
        ("submit the report before March 3rd, 2031", "submit the report", dt.date(2031, 3, 3)),
        ("visit Aliguay on 5 January", "visit Aliguay", dt.date(2031, 1, 5)),  # a past day without year: next year
        ("prepare the budget", "prepare the budget", None),
    ],
)
def test_due_dates_are_read_after_by_on_before(text, task, due):
    from ai_assistant.drafting.minutes import split_due

    assert split_due(text, today=dt.date(2030, 1, 10)) == (task, due)
