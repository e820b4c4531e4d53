"""Coordination records as choices of the remote select (``common/remote_select.py``) in any app's
forms: the scoped querysets, the labels (the same in the page and in the search answers) and the
helpers that put a field on the remote select."""

from __future__ import annotations

from django.urls import reverse_lazy

from common.formatting import display_date
from common.remote_select import use_remote_select
from coordination.models import Engagement, Organization, Partnership

ORGANIZATION_CHOICES = reverse_lazy("coordination:organization-choices")
PARTNERSHIP_CHOICES = reverse_lazy("coordination:partnership-choices")
ENGAGEMENT_CHOICES = reverse_lazy("coordination:engagement-choices")


def organizations_for(user):
    return Organization.objects.for_user(user).only("name", "acronym")


def partnerships_for(user):
    return Partnership.objects.for_user(user).only("title")


def engagements_for(user):
    return Engagement.objects.for_user(user).only("title", "starts_at")


def engagement_label(engagement) -> str:
    """A title and its date: many engagements share a title ("Consultation with the LGU")."""
    return f"{engagement.title} · {display_date(engagement.starts_at)}"


def use_organization_picker(field, user) -> None:
    """Organizations (2,000 of them nationally) through the remote select: only the chosen ones are
    written into the page; the rest are searched as the user types."""
    use_remote_select(field, organizations_for(user), ORGANIZATION_CHOICES)


def use_partnership_picker(field, user) -> None:
    use_remote_select(field, partnerships_for(user), PARTNERSHIP_CHOICES)


def use_engagement_picker(field, user) -> None:
    use_remote_select(field, engagements_for(user), ENGAGEMENT_CHOICES)
    field.label_from_instance = engagement_label
