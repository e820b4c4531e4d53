"""Redis cache that fails soft: when Redis is down, pages still render (cache misses), never a 500.

Django's ``RedisCache`` raises ``redis.ConnectionError`` on every call while Redis is unreachable. Here
each read returns its default and each write is dropped, a warning is logged once per outage, and for
``RETRY_AFTER`` seconds after a failure the cache is not even tried, so a page with ten cache calls does
not pay ten connection timeouts. ``/ready/`` calls :meth:`FailSoftRedisCache.ping`, which does raise, so
the outage is still reported. ``incr``/``decr`` keep Django's behaviour (they have no sensible default).
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER = 5.0  # seconds without trying Redis after a failure
_down_until: dict[str, float] = {}  # per server location, shared by the threads of a process


class FailSoftRedisCache(RedisCache):
    def _location(self) -> str:
        return ",".join(self._servers)

    def _available(self) -> bool:
        return time.monotonic() >= _down_until.get(self._location(), 0.0)

    def _failed(self, operation: str, exc: Exception) -> None:
        location = self._location()
        if location not in _down_until:
            logger.warning("cache unavailable, serving without it (%s failed: %s)", operation, exc)
        _down_until[location] = time.monotonic() + RETRY_AFTER

    def _recovered(self) -> None:
        if _down_until.pop(self._location(), None) is not None:
            logger.warning("cache available again")

    def _soft(self, operation: str, default, call):
        if not self._available():
            return default
        try:
            result = call()
        except RedisError as exc:
            self._failed(operation, exc)
            return default
        self._recovered()
        return result

    def ping(self) -> None:
        """Raise when Redis does not answer (used by the readiness probe)."""
        self._cache.get_client(write=True).ping()
        self._recovered()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft("add", False, lambda: super(FailSoftRedisCache, self).add(key, value, timeout, version))

    def get(self, key, default=None, version=None):
        return self._soft("get", default, lambda: super(FailSoftRedisCache, self).get(key, default, version))

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft("set", None, lambda: super(FailSoftRedisCache, self).set(key, value, timeout, version))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft("touch", False, lambda: super(FailSoftRedisCache, self).touch(key, timeout, version))

    def delete(self, key, version=None):
        return self._soft("delete", False, lambda: super(FailSoftRedisCache, self).delete(key, version))

    def get_many(self, keys, version=None):
        return self._soft("get_many", {}, lambda: super(FailSoftRedisCache, self).get_many(keys, version))

    def has_key(self, key, version=None):
        return self._soft("has_key", False, lambda: super(FailSoftRedisCache, self).has_key(key, version))

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft(
            "set_many", list(data), lambda: super(FailSoftRedisCache, self).set_many(data, timeout, version)
        )

    def delete_many(self, keys, version=None):
        return self._soft("delete_many", None, lambda: super(FailSoftRedisCache, self).delete_many(keys, version))

    def clear(self):
        return self._soft("clear", False, lambda: super(FailSoftRedisCache, self).clear())
