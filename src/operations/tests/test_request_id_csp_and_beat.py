"""Request ids, Content-Security-Policy, and the one beat schedule."""

import logging
import re

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.cache import cache

from obc_management.celery import app as celery_app
from operations import request_id
from operations.logging import JsonFormatter
from operations.tasks import PING_KEY, ping

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


def test_every_response_carries_a_request_id(client):
    first = client.get("/health/")["X-Request-ID"]
    second = client.get("/health/")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_a_safe_incoming_request_id_is_kept_and_an_unsafe_one_replaced(client):
    assert client.get("/health/", HTTP_X_REQUEST_ID="proxy-abc.123")["X-Request-ID"] == "proxy-abc.123"
    replaced = client.get("/health/", HTTP_X_REQUEST_ID="bad id\nInjected: yes")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", replaced)


def test_log_records_get_the_current_request_id_and_json_lines_include_it():
    token = request_id.set_current("abc-1")
    try:
        record = logging.makeLogRecord({"name": "t", "levelname": "INFO", "msg": "m %s", "args": ("x",)})
        assert request_id.RequestIdFilter().filter(record)
        assert record.request_id == "abc-1"
        line = JsonFormatter().format(record)
    finally:
        request_id._current.reset(token)
    assert '"request_id": "abc-1"' in line and '"message": "m x"' in line


def test_the_request_id_travels_with_the_task_to_the_worker():
    headers = {}
    from celery.signals import before_task_publish

    token = request_id.set_current("web-42")
    try:
        before_task_publish.send(sender="operations.ping", headers=headers, body=None)
    finally:
        request_id._current.reset(token)
    assert headers["request_id"] == "web-42"
    ping.apply(args=["tok-1"], headers={"request_id": "web-42"})
    assert cache.get(PING_KEY.format("tok-1")).endswith("request_id=web-42")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/", "/admin/login/", "/api/v1/docs/", "/api/v1/redoc/"])
def test_pages_send_a_csp_without_inline_scripts_and_have_none(client, administrator, path):
    if path not in ("/accounts/login/", "/admin/login/"):
        client.force_login(administrator)
    response = client.get(path)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src", 1)[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
    assert not INLINE_SCRIPT.search(response.content.decode()), "inline <script> would be blocked by the CSP"


@pytest.mark.django_db
def test_swagger_ui_init_script_is_served_from_our_origin(client, administrator):
    client.force_login(administrator)
    page = client.get("/api/v1/docs/").content.decode()
    script_url = re.search(r'<script src="(/api/v1/docs/\?[^"]*script=[^"]*)"', page).group(1)
    script = client.get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")


def test_every_beat_schedule_entry_names_a_registered_task():
    celery_app.loader.import_default_modules()
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule, "the beat schedule is empty"
    for name, entry in schedule.items():
        assert entry["task"] in celery_app.tasks, f"{name}: {entry['task']} is not a registered task"
        assert isinstance(entry["schedule"], crontab)


def test_the_nightly_backup_is_scheduled_once_a_day():
    entry = settings.CELERY_BEAT_SCHEDULE["nightly-backup"]
    assert entry["task"] == "operations.nightly_backup"
    assert entry["schedule"].hour == {settings.BACKUP_HOUR}
    assert entry["schedule"].minute == {0}


@pytest.mark.django_db
def test_clear_expired_sessions_and_tokens_task_runs(settings):
    from datetime import timedelta

    from axes.models import AccessFailureLog
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from operations.tasks import clear_expired_sessions_and_tokens

    Session.objects.create(session_key="x" * 32, session_data="", expire_date=timezone.now() - timedelta(days=1))
    old, recent = AccessFailureLog.objects.create(username="old"), AccessFailureLog.objects.create(username="recent")
    AccessFailureLog.objects.filter(pk=old.pk).update(attempt_time=timezone.now() - timedelta(days=31))
    clear_expired_sessions_and_tokens.apply()  # in-process, also when a real broker is configured
    assert not Session.objects.filter(session_key="x" * 32).exists()
    assert not AccessFailureLog.objects.filter(pk=old.pk).exists()
    assert AccessFailureLog.objects.filter(pk=recent.pk).exists()
