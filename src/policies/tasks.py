"""Background work of the policies app: e-mailing workflow notifications (ids in, idempotent) and the
daily check for overdue implementation reports (in CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone


@shared_task
def email_notifications(notification_ids: list[int]) -> int:
    """E-mail each notification not e-mailed yet to its recipient; returns how many were sent."""
    from policies.models import Notification

    sent = 0
    notices = Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related(
        "recipient", "recommendation"
    )
    for notice in notices:
        email = notice.recipient.email
        if not email:
            continue
        link = f"{settings.SITE_URL.rstrip('/')}{notice.recommendation.get_absolute_url()}"
        send_mail(
            subject=f"[OBCMS] {notice.recommendation.reference}: {notice.transition.get_to_status_display()}"
            if notice.transition_id
            else f"[OBCMS] {notice.recommendation.reference}",
            message=f"{notice.message}\n\nOpen it: {link}\n",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[email],
        )
        Notification.objects.filter(pk=notice.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
        sent += 1
    return sent


@shared_task(name="policies.flag_overdue_reports")
def flag_overdue_reports() -> int:
    """Flag implementation plans whose report is past due (idempotent: a plan is flagged once)."""
    from policies.services import flag_overdue_reports as flag

    return flag()
