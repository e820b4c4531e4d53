"""Liveness (/health/) and readiness (/ready/) probes.

``/ready/`` checks what a request needs: the database answers, every migration is applied, the
cache round-trips, and (when REDIS_URL is set) the Celery broker accepts a connection.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse

logger = logging.getLogger(__name__)


def alive(request):
    return JsonResponse({"status": "ok"}, headers={"Cache-Control": "no-store"})


def _check_database():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_migrations():
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise RuntimeError(f"{len(pending)} migration(s) not applied")


def _check_cache():
    if hasattr(cache, "ping"):  # the fail-soft Redis cache hides errors from pages; the probe must see them
        cache.ping()
    key = "ready:probe"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return the value just written")


def _check_broker():
    from obc_management.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def checks() -> dict:
    found = {"database": _check_database, "migrations": _check_migrations, "cache": _check_cache}
    if settings.REDIS_URL:
        found["broker"] = _check_broker
    return found


def ready(request):
    results, healthy = {}, True
    for name, check in checks().items():
        started = time.perf_counter()
        try:
            check()
        except Exception as exc:  # a probe reports every failure as data
            healthy = False
            logger.warning("readiness check %s failed: %s", name, exc)
            results[name] = {"ok": False, "error": str(exc)[:200]}
        else:
            results[name] = {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": results},
        status=200 if healthy else 503,
        headers={"Cache-Control": "no-store"},
    )
