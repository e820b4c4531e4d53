"""Background jobs: a registry of handlers by kind, ``start_job`` and the runner behind the task.

An app registers a handler in its ``jobs.py`` (found by autodiscovery, in web and worker alike)::

    @register_job("communities.export_list", title="Community list export")
    def export_list(job, progress):
        progress(0, total)
        ...
        return JobOutput(filename="communities.xlsx", content=bytes_or_file)

A view calls ``start_job(owner=request.user, kind=..., params={...})`` and redirects to the job's
status page. ``params`` hold ids and filters only (the row is readable by its owner and admins
and the task message crosses the broker): keys that look like secrets are refused.

The handler runs in ``common.tasks.run_job`` (eager in-process without REDIS_URL). It must read
data as the job's owner (``Model.objects.for_user(job.owner)``), never as a superuser. A
``JobError`` is shown to the user as written; any other exception is logged and the user is told
the job failed unexpectedly.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from django.core.files.base import ContentFile, File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from common.models import Job

logger = logging.getLogger(__name__)

SECRET_WORDS = ("password", "secret", "token", "api_key", "apikey", "credential")
#: Progress is written to the database at most this often (plus the final figure).
PROGRESS_INTERVAL_SECONDS = 0.5


class JobError(Exception):
    """A failure the user can act on; its message is shown on the job page as written."""


@dataclass
class JobOutput:
    """What a handler returns: a file to download (``filename`` + ``content``) and/or a message."""

    filename: str = ""
    content: bytes | IO[bytes] | None = None
    message: str = ""


@dataclass(frozen=True)
class Handler:
    kind: str
    title: str
    func: Callable


_registry: dict[str, Handler] = {}
_discovered = False


def register_job(kind: str, *, title: str):
    """Decorator: register ``func(job, progress) -> JobOutput | None`` for ``kind``."""

    def decorator(func):
        existing = _registry.get(kind)
        if existing and existing.func is not func:
            raise ValueError(f"Job kind {kind!r} is already registered by {existing.func.__module__}.")
        _registry[kind] = Handler(kind, title, func)
        return func

    return decorator


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("jobs")
        _discovered = True


def get_handler(kind: str) -> Handler:
    _discover()
    try:
        return _registry[kind]
    except KeyError:
        raise LookupError(f"No job handler is registered for {kind!r}.") from None


def describe(kind: str) -> str:
    try:
        return get_handler(kind).title
    except LookupError:
        return kind


def _check_params(params, path="params") -> None:
    if isinstance(params, dict):
        for name, value in params.items():
            lowered = str(name).lower()
            if any(word in lowered for word in SECRET_WORDS):
                raise ValueError(f"{path}.{name}: job parameters must not carry secrets; pass ids and filters only.")
            _check_params(value, f"{path}.{name}")
    elif isinstance(params, list | tuple):
        for i, value in enumerate(params):
            _check_params(value, f"{path}[{i}]")


def start_job(*, owner, kind: str, params: dict | None = None) -> Job:
    """Create the job row and enqueue its task once the surrounding transaction commits."""
    from common.tasks import run_job

    get_handler(kind)  # fail now, not in the worker, for an unknown kind
    params = dict(params or {})
    _check_params(params)
    # Normalise through JSON now so the worker sees exactly what was stored (dates → strings).
    import json

    params = json.loads(json.dumps(params, cls=DjangoJSONEncoder))
    job = Job.objects.create(owner=owner, kind=kind, params=params)
    transaction.on_commit(lambda: run_job.delay(job.pk))
    return job


class Progress:
    """Callable handed to a handler: ``progress(done, total=None)``; throttled database writes."""

    def __init__(self, job: Job):
        self.job = job
        self._last = 0.0

    def __call__(self, done: int, total: int | None = None, *, force: bool = False) -> None:
        self.job.done = done
        if total is not None:
            self.job.total = total
        now = time.monotonic()
        if force or now - self._last >= PROGRESS_INTERVAL_SECONDS:
            self._last = now
            Job.objects.filter(pk=self.job.pk).update(done=self.job.done, total=self.job.total)


def _claim(job_id: int) -> Job | None:
    """Move a queued job to running; None when it is unknown, finished or already claimed."""
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    return Job.objects.select_related("owner").get(pk=job_id)


def execute_job(job_id: int) -> Job | None:
    """Run a queued job to the end. Idempotent: a running or finished job is left alone."""
    job = _claim(job_id)
    if job is None:
        logger.info("job %s is not queued (unknown, running or finished); skipped", job_id)
        return None
    progress = Progress(job)
    try:
        handler = get_handler(job.kind)
        output = handler.func(job, progress)
    except JobError as exc:
        return _finish(job, error=str(exc))
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        return _finish(
            job, error="The job failed unexpectedly. The error was logged; please try again or tell an administrator."
        )
    return _finish(job, output=output)


def _finish(job: Job, *, output: JobOutput | None = None, error: str = "") -> Job:
    if output is not None and output.content is not None:
        content = output.content
        file = ContentFile(content) if isinstance(content, bytes) else File(content)
        job.filename = output.filename[:200]
        job.result.save(output.filename, file, save=False)
    if output is not None:
        job.message = output.message
    job.status = Job.Status.FAILED if error else Job.Status.SUCCEEDED
    job.error = error
    job.finished_at = timezone.now()
    if not error and job.total is not None:
        job.done = job.total
    job.save(update_fields=["status", "error", "message", "finished_at", "done", "total", "result", "filename"])
    return job


def can_access_job(user, job: Job) -> bool:
    """The owner and administrators may see a job and download its result."""
    from common.access import ADMINISTRATOR, has_role

    if not (user.is_authenticated and user.is_active):
        return False
    return job.owner_id == user.pk or user.is_superuser or has_role(user, ADMINISTRATOR)


def fail_stale_jobs(*, minutes: int = 60) -> int:
    """Mark jobs still "running" ``minutes`` after they started as failed: their worker stopped
    (restart, crash, deploy) and the claim keeps a redelivered task from running them twice."""
    from datetime import timedelta

    cutoff = timezone.now() - timedelta(minutes=minutes)
    return Job.objects.filter(status=Job.Status.RUNNING, started_at__lt=cutoff).update(
        status=Job.Status.FAILED,
        finished_at=timezone.now(),
        error="The job was interrupted (the background worker stopped). Please start it again.",
    )


def delete_job_files_older_than(*, days: int) -> int:
    """Remove finished jobs and uploaded import files (with their files) older than ``days``.

    Both may hold personal data (exports with contacts, uploaded spreadsheets): keep them no longer
    than needed. Returns how many rows went.
    """
    from common.models import ImportUpload

    cutoff = timezone.now() - timezone.timedelta(days=days)
    removed = 0
    for record, field in [
        *((job, "result") for job in Job.objects.filter(finished_at__lt=cutoff).iterator()),
        *((upload, "file") for upload in ImportUpload.objects.filter(created_at__lt=cutoff).iterator()),
    ]:
        stored = getattr(record, field)
        if stored:
            stored.delete(save=False)
        record.delete()
        removed += 1
    return removed
