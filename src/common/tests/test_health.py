import pytest
from django.test import override_settings


def test_health_answers_even_for_an_unknown_host_and_without_tls(client):
    with override_settings(ALLOWED_HOSTS=["obcms.example.org"], SECURE_SSL_REDIRECT=True):
        response = client.get("/health/", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_other_pages_still_enforce_allowed_hosts(client):
    with override_settings(ALLOWED_HOSTS=["obcms.example.org"], DEBUG=False):
        response = client.get("/accounts/login/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400


@pytest.mark.django_db
def test_ready_reports_database_migrations_and_cache(client, settings):
    with override_settings(ALLOWED_HOSTS=["obcms.example.org"], SECURE_SSL_REDIRECT=True):
        response = client.get("/ready/", HTTP_HOST="localhost")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    expected = {"database", "migrations", "cache"} | ({"broker"} if settings.REDIS_URL else set())
    assert set(body["checks"]) == expected


@pytest.mark.django_db
def test_ready_fails_when_migrations_are_pending(client, monkeypatch):
    monkeypatch.setattr(
        "django.db.migrations.executor.MigrationExecutor.migration_plan", lambda self, targets: [("app", False)]
    )
    response = client.get("/ready/")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == {"ok": False, "error": "1 migration(s) not applied"}


@pytest.mark.django_db
def test_ready_checks_the_broker_when_redis_is_configured_and_reports_it_down(client, monkeypatch):
    from obc_management.celery import app

    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        response = client.get("/ready/")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False
