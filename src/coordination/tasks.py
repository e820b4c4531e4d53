"""Celery tasks of the coordination app. Idempotent; they call the services."""

from celery import shared_task


@shared_task(name="coordination.check_agreements")
def check_agreements() -> dict:
    """Daily (beat, 06:00 Asia/Manila): agreements expiring within 60/30 days, agreements past their
    expiry date, milestones past due; alerts on the start page and one e-mail per recipient."""
    from coordination.services import check_agreements as check

    return check()
