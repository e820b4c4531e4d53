"""The private iCalendar feed's secret: created on demand, regenerated (revoking the old URL)."""

from __future__ import annotations

import secrets

from django.db import transaction

from coordination.models import CalendarFeedToken


def feed_token(*, user) -> CalendarFeedToken:
    token, _ = CalendarFeedToken.objects.get_or_create(user=user, defaults={"token": secrets.token_urlsafe(32)})
    return token


@transaction.atomic
def regenerate_feed_token(*, user) -> CalendarFeedToken:
    CalendarFeedToken.objects.filter(user=user).delete()
    return CalendarFeedToken.objects.create(user=user, token=secrets.token_urlsafe(32))


def user_for_token(token: str):
    """The active user whose feed this token opens, or None (unknown or revoked token)."""
    if not token or len(token) > 64:
        return None
    row = CalendarFeedToken.objects.select_related("user").filter(token=token).first()
    if row is None or not row.user.is_active:
        return None
    return row.user
