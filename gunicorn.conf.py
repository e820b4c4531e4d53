"""gunicorn settings for OBCMS (the image runs `gunicorn --config ../gunicorn.conf.py`).

Every value can be overridden from the environment; the defaults suit a 2-vCPU/4 GB Coolify host.
Logs (access and error) go to stdout/stderr for `docker logs` and Coolify; access lines carry the
request id that Django's RequestIdMiddleware puts on the response.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{_int('PORT', 8000)}"
# WEB_CONCURRENCY is the conventional name (Heroku/Coolify); 2 x CPU + 1, at most 9, by default.
workers = _int("WEB_CONCURRENCY", min(multiprocessing.cpu_count() * 2 + 1, 9))
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 60)  # long jobs (exports, AI, backups) run on the Celery worker
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then (guards against slow leaks); jitter so they do not restart together.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)
# Heartbeat files on tmpfs: a container's overlay filesystem can stall workers otherwise.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - tmpfs, not a temp file
# Coolify's proxy sits in front; trust its X-Forwarded-* headers (set "*" inside the compose network).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
if os.environ.get("LOG_FORMAT", "text") == "json":
    access_log_format = (
        '{"type": "access", "remote": "%(h)s", "method": "%(m)s", "path": "%(U)s", "status": %(s)s, '
        '"bytes": "%(B)s", "ms": %(M)s, "request_id": "%({x-request-id}o)s", "agent": "%(a)s"}'
    )
else:
    access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms rid=%({x-request-id}o)s "%(a)s"'
