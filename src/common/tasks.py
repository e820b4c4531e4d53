"""Celery tasks of the common app. Tasks take ids, never secrets, and are idempotent."""

from celery import shared_task


@shared_task(name="common.run_job")
def run_job(job_id: int) -> str | None:
    """Run a background job (see ``common.services.jobs``). A finished job is not run again."""
    from common.services.jobs import execute_job

    job = execute_job(job_id)
    return job.status if job else None


@shared_task(name="common.purge_old_jobs")
def purge_old_jobs(days: int = 14) -> int:
    """Delete finished jobs, uploaded import files and their stored files after ``days`` (daily in beat)."""
    from common.services.jobs import delete_job_files_older_than

    return delete_job_files_older_than(days=days)


@shared_task(name="common.fail_stale_jobs")
def fail_stale_jobs(minutes: int = 60) -> int:
    """Fail jobs whose worker stopped mid-run, so nobody waits on them forever (every 15 minutes in beat)."""
    from common.services.jobs import fail_stale_jobs as fail

    return fail(minutes=minutes)
