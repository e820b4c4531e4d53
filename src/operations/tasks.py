"""Operational Celery tasks. The beat schedule that runs them is CELERY_BEAT_SCHEDULE in settings."""

import logging
import socket

from celery import shared_task
from django.core.cache import cache
from django.core.management import call_command

from operations import request_id
from operations.backups import create_backup

logger = logging.getLogger(__name__)

PING_KEY = "operations:ping:{}"


@shared_task(name="operations.ping", ignore_result=True)
def ping(token: str) -> str:
    """Prove a worker is consuming: record which worker answered the token (read by `celery_ping`)."""
    answer = f"{socket.gethostname()} request_id={request_id.get()}"
    cache.set(PING_KEY.format(token), answer, 300)
    logger.info("ping %s answered by %s", token, answer)
    return answer


@shared_task(name="operations.nightly_backup", ignore_result=True, acks_late=True)
def nightly_backup() -> dict:
    """Database + media backup, off-site copy when configured, retention (see operations.backups)."""
    result = create_backup(include_media=True, prune=True)
    summary = {
        "stamp": result.stamp,
        "tables": len(result.tables),
        "rows": result.rows,
        "seconds": result.seconds,
        "pruned": len(result.pruned),
        "offsite": len(result.offsite),
    }
    logger.info("nightly backup done", extra={"backup": summary["stamp"], "rows": summary["rows"]})
    return summary


@shared_task(name="operations.clear_expired_sessions_and_tokens", ignore_result=True)
def clear_expired_sessions_and_tokens() -> None:
    """Delete expired sessions and expired (outstanding and blacklisted) JWT refresh tokens, and sign-in
    failure records older than 30 days (the growing lock-out looks back one day)."""
    call_command("clearsessions")
    call_command("flushexpiredtokens")
    call_command("axes_reset_failure_logs", age=30)
