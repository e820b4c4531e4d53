"""The daily check: agreements expiring within 60 and 30 days, agreements past expiry, and
milestones past due. Each alert is raised once per recipient, listed on the start page and e-mailed."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from coordination.models import Alert, Milestone, Partnership

from .partnerships import expire_partnership

K = Alert.Kind


def _recipient(partnership: Partnership, milestone: Milestone | None = None):
    if milestone is not None and milestone.owner_id:
        return milestone.owner
    return partnership.owner or partnership.created_by


def _raise(kind, partnership, recipient, message, today, milestone=None) -> Alert | None:
    if recipient is None or not recipient.is_active:
        return None
    lookup = {"kind": kind, "partnership": partnership, "milestone": milestone, "recipient": recipient}
    if Alert.objects.filter(**lookup).exists():
        return None
    try:
        with transaction.atomic():
            return Alert.objects.create(**lookup, message=message[:300], raised_on=today)
    except IntegrityError:  # raised by a concurrent run
        return None


def check_agreements(*, today: dt.date | None = None) -> dict[str, int]:
    """Raise the alerts due ``today`` (default: today in Asia/Manila), expire agreements past their
    expiry date, and e-mail each recipient their new alerts. Idempotent."""
    today = today or timezone.localdate()
    new: list[Alert] = []
    expired = 0
    active = Partnership.objects.alive().filter(status=Partnership.Status.ACTIVE, expiry_date__isnull=False)
    for p in active.filter(expiry_date__lt=today).select_related("owner", "created_by"):
        expire_partnership(p, comment=f"Expiry date {p.expiry_date:%d %b %Y} passed (daily check).")
        expired += 1
    soon = active.filter(expiry_date__gte=today, expiry_date__lte=today + dt.timedelta(days=60))
    for p in soon.select_related("owner", "created_by"):
        days = (p.expiry_date - today).days
        kind = K.EXPIRES_30 if days <= 30 else K.EXPIRES_60
        message = f"{p.title} expires on {p.expiry_date:%d %b %Y} ({days} day{'s' if days != 1 else ''} left)."
        alert = _raise(kind, p, _recipient(p), message, today)
        if alert:
            new.append(alert)
    overdue = (
        Milestone.objects.filter(
            status__in=(Milestone.Status.PENDING, Milestone.Status.IN_PROGRESS),
            due_date__lt=today,
            partnership__deleted_at__isnull=True,
        )
        .exclude(partnership__status__in=(Partnership.Status.COMPLETED, Partnership.Status.TERMINATED))
        .select_related("partnership__owner", "partnership__created_by", "owner")
    )
    for m in overdue:
        message = f"Milestone “{m.title}” of {m.partnership.title} was due on {m.due_date:%d %b %Y}."
        alert = _raise(K.MILESTONE_OVERDUE, m.partnership, _recipient(m.partnership, m), message, today, m)
        if alert:
            new.append(alert)
    emailed = _email(new)
    return {"alerts": len(new), "emailed": emailed, "expired": expired}


def _email(alerts: list[Alert]) -> int:
    by_user = defaultdict(list)
    for alert in alerts:
        by_user[alert.recipient].append(alert)
    sent = 0
    for user, items in by_user.items():
        if not user.email:
            continue
        lines = [f"- {a.message}" for a in items]
        body = (
            f"Dear {user.get_short_name() or user.username},\n\nOBCMS found the following about agreements you "
            "follow:\n\n"
            + "\n".join(lines)
            + f"\n\nSee them in OBCMS: {getattr(settings, 'SITE_URL', '')}/coordination/partnerships/\n"
        )
        send_mail(f"[OBCMS] {len(items)} agreement alert{'s' if len(items) > 1 else ''}", body, None, [user.email])
        Alert.objects.filter(pk__in=[a.pk for a in items]).update(emailed_at=timezone.now())
        sent += 1
    return sent


def dismiss_alert(*, user, alert: Alert) -> None:
    if alert.recipient_id != user.pk:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("This alert is not yours.")
    alert.dismissed_at = timezone.now()
    alert.save(update_fields=["dismissed_at"])
