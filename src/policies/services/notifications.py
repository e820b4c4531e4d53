"""Who hears about a workflow step: an in-app notification now, an e-mail by a task after commit.

Concerned: the reviewers when a recommendation arrives for review; otherwise whoever drafted it and
everyone who has taken a step on it. Never the actor; never partner viewers.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from common.access import EXECUTIVE
from policies.models import Notification, RecommendationTransition, Status


def reviewers():
    """The executives (the reviewers of the office; administrators hold the permission for support only)."""
    return get_user_model().objects.filter(groups__name=EXECUTIVE, is_active=True).distinct()


def recipients_of(record: RecommendationTransition) -> list:
    rec = record.recommendation
    if record.to_status == Status.UNDER_REVIEW:
        people = list(reviewers())
    else:
        ids = set(rec.transitions.exclude(actor=None).values_list("actor_id", flat=True))
        if rec.created_by_id:
            ids.add(rec.created_by_id)
        people = list(get_user_model().objects.filter(pk__in=ids, is_active=True))
    return [p for p in people if p.pk != record.actor_id]


def notify_transition(record: RecommendationTransition) -> list[Notification]:
    rec = record.recommendation
    message = (
        f"{rec.reference} “{rec.title[:120]}” is now {record.get_to_status_display().lower()}"
        f"{f' ({record.actor})' if record.actor_id else ''}."
    )
    notices = Notification.objects.bulk_create(
        [
            Notification(recipient=person, recommendation=rec, transition=record, message=message[:300])
            for person in recipients_of(record)
        ]
    )
    ids = [n.pk for n in notices if n.pk]
    if not ids:  # bulk_create returns no ids on backends without RETURNING
        ids = list(Notification.objects.filter(transition=record).values_list("pk", flat=True))
    if ids:
        from policies.tasks import email_notifications

        transaction.on_commit(lambda: email_notifications.delay(ids))
    return notices


def mark_read(*, user, notification_ids=None) -> int:
    qs = Notification.objects.for_user(user).unread()
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    from django.utils import timezone

    return qs.update(read_at=timezone.now())
