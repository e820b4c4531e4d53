"""One request id per request, on every log line, in the response and in the Celery tasks it enqueues.

An incoming ``X-Request-ID`` (set by Coolify's proxy or a client) is kept when it is a short safe token;
otherwise a new one is generated. The id lives in a context variable, so a log line written anywhere
while the request is handled (or while a task it enqueued runs on the worker) carries it.
"""

import contextlib
import contextvars
import logging
import re
import uuid

HEADER = "X-Request-ID"
_META_KEY = "HTTP_X_REQUEST_ID"
_SAFE = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def get() -> str:
    return _current.get()


def set_current(value: str) -> contextvars.Token:
    return _current.set(value)


def new_id() -> str:
    return uuid.uuid4().hex


def from_incoming(value: str | None) -> str:
    return value if value and _SAFE.match(value) else new_id()


class RequestIdMiddleware:
    """First in MIDDLEWARE, so even /health/ answers and early rejections carry the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = from_incoming(request.META.get(_META_KEY))
        token = _current.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` ("-" outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _current.get()
        return True


def connect_celery_signals() -> None:
    """Carry the request id from the web process to the task that runs on the worker."""
    from celery.signals import before_task_publish, task_postrun, task_prerun

    def _publish(headers=None, **kwargs):
        if headers is not None and _current.get() != "-":
            headers.setdefault("request_id", _current.get())

    def _prerun(task=None, task_id=None, **kwargs):
        if task is None:
            return
        # A worker exposes custom message headers as request attributes; apply() keeps them in .headers.
        incoming = getattr(task.request, "request_id", None) or (getattr(task.request, "headers", None) or {}).get(
            "request_id"
        )
        task.request.request_id_token = _current.set(from_incoming(incoming or task_id))

    def _postrun(task=None, **kwargs):
        token = getattr(task.request, "request_id_token", None) if task is not None else None
        if token is not None:
            with contextlib.suppress(ValueError):  # reset from another context (eager tasks inside a request)
                _current.reset(token)

    before_task_publish.connect(_publish, weak=False, dispatch_uid="operations.request_id.publish")
    task_prerun.connect(_prerun, weak=False, dispatch_uid="operations.request_id.prerun")
    task_postrun.connect(_postrun, weak=False, dispatch_uid="operations.request_id.postrun")
