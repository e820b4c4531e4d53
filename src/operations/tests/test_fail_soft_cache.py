"""Redis down: pages still serve (the cache fails soft), /ready/ reports it, and it recovers."""

import pytest
from django.core.cache import caches
from django.test import override_settings

from operations import cache as fail_soft

DOWN = {
    "BACKEND": "operations.cache.FailSoftRedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",
    "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
}


@pytest.fixture(autouse=True)
def _forget_outages():
    fail_soft._down_until.clear()
    yield
    fail_soft._down_until.clear()


@pytest.fixture
def redis_down(settings):
    # The autouse _isolated_cache fixture clears the default cache: give the down cache another alias
    # and swap it in as default only inside the test body.
    with override_settings(CACHES={"default": DOWN}):
        yield caches["default"]


def test_reads_return_defaults_and_writes_are_dropped_while_redis_is_down(redis_down):
    assert redis_down.get("k", "fallback") == "fallback"
    assert redis_down.set("k", "v") is None
    assert redis_down.add("k", "v") is False
    assert redis_down.get_many(["a", "b"]) == {}
    assert redis_down.set_many({"a": 1}) == ["a"]
    assert redis_down.has_key("k") is False
    assert redis_down.delete("k") is False


def test_the_outage_is_logged_once_and_later_calls_skip_redis(redis_down, caplog):
    caplog.set_level("WARNING", logger="operations.cache")
    for _ in range(5):
        redis_down.get("k")
    warnings = [r for r in caplog.records if r.name == "operations.cache"]
    assert len(warnings) == 1
    assert "cache unavailable" in warnings[0].getMessage()
    assert fail_soft._down_until  # circuit open: no connection attempts until RETRY_AFTER passes


def test_ping_raises_so_readiness_sees_the_outage(redis_down):
    from redis.exceptions import ConnectionError as RedisConnectionError

    with pytest.raises(RedisConnectionError):
        redis_down.ping()


@pytest.mark.django_db
def test_pages_still_serve_and_ready_reports_the_cache_down(client, officer_ix, redis_down):
    assert client.get("/accounts/login/").status_code == 200
    client.force_login(officer_ix)
    assert client.get("/").status_code == 200
    assert client.get("/health/").status_code == 200
    ready = client.get("/ready/")
    assert ready.status_code == 503
    assert ready.json()["checks"]["cache"]["ok"] is False
    assert ready.json()["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_the_location_api_answers_while_the_cache_is_down(client, officer_ix, redis_down):
    client.force_login(officer_ix)
    response = client.get("/api/v1/locations/regions/")
    assert response.status_code == 200
    assert len(response.json()) >= 2


def test_the_cache_works_again_when_redis_is_back(settings):
    if not settings.REDIS_URL:
        pytest.skip("needs a real Redis (REDIS_URL), as in the PostgreSQL + Redis CI run")
    working = {**DOWN, "LOCATION": settings.CACHES["default"]["LOCATION"]}
    fail_soft._down_until[working["LOCATION"]] = 0.0  # an outage that has just ended
    with override_settings(CACHES={"default": working}):
        cache = caches["default"]
        cache.set("back", "yes", 10)
        assert cache.get("back") == "yes"
        cache.ping()
    assert working["LOCATION"] not in fail_soft._down_until
