"""Background tasks of the communities app (exports and imports live with their job machinery)."""

from celery import shared_task

from communities.services import recompute_all_coverage


@shared_task(name="communities.recompute_all_coverage")
def recompute_all_coverage_task() -> str:
    """Idempotent repair of every roll-up (e.g. after a bulk data fix)."""
    recompute_all_coverage()
    return "ok"
