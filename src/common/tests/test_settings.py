"""Settings guards, run in fresh interpreters so each environment is read from scratch."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2]
PROBE = "import django; django.setup(); from django.conf import settings as s; print({})"


def run_python(code: str, **env_overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG",
                                                          "ALLOWED_HOSTS"}}  # fmt: skip
    env.update(DJANGO_SETTINGS_MODULE="obc_management.settings", **env_overrides)
    return subprocess.run([sys.executable, "-c", code], cwd=SRC, env=env, capture_output=True, text=True, timeout=120)


def real_key() -> str:
    return secrets.token_urlsafe(64)


@pytest.mark.parametrize("key", ["", "changeme", "your-secret-key-here", "django-insecure-abc", "short"])
def test_production_refuses_a_missing_or_placeholder_secret_key(key):
    result = run_python(PROBE.format("s.DEBUG"), DEBUG="False", SECRET_KEY=key, ALLOWED_HOSTS="obcms.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is missing or a placeholder" in result.stderr


def test_production_refuses_empty_allowed_hosts():
    result = run_python(PROBE.format("s.DEBUG"), DEBUG="False", SECRET_KEY=real_key())
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is empty" in result.stderr


def test_production_settings_pass_check_deploy_at_warning_level(tmp_path):
    env = {"DEBUG": "False", "SECRET_KEY": real_key(), "ALLOWED_HOSTS": "obcms.example.org", "DATA_DIR": str(tmp_path)}
    result = run_python(
        "import sys; from django.core.management import execute_from_command_line as run; "
        "run(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_defaults_are_sqlite_locmem_and_eager_celery(tmp_path):
    result = run_python(
        PROBE.format(
            "(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], s.CELERY_TASK_ALWAYS_EAGER, "
            "str(s.DATABASES['default']['NAME']).startswith(str(s.BASE_DIR / 'data')))"
        )
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "('django.db.backends.sqlite3', 'django.core.cache.backends.locmem.LocMemCache', True, True)"
    )


def test_database_url_and_redis_url_switch_to_postgresql_and_redis():
    result = run_python(
        PROBE.format(
            "(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['CONN_HEALTH_CHECKS'], "
            "s.DATABASES['default']['CONN_MAX_AGE'], s.CACHES['default']['LOCATION'], s.CELERY_BROKER_URL, "
            "s.CELERY_TASK_ALWAYS_EAGER)"
        ),
        DATABASE_URL="postgres://obcms:pw@db.internal:5432/obcms",
        REDIS_URL="redis://cache.internal:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "('django.db.backends.postgresql', True, 60, 'redis://cache.internal:6379/1', "
        "'redis://cache.internal:6379/0', False)"
    )


def test_celery_app_loads_from_the_project_package():
    result = run_python(
        "import django; django.setup(); from obc_management import celery_app; "
        "print(celery_app.main, celery_app.conf.task_always_eager)"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "obc_management True"


LOCAL_PROBE = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
    "s.ALLOWED_HOSTS, 'Manifest' in s.STORAGES['staticfiles']['BACKEND']); print(s.SECRET_KEY)"
)


def test_local_install_runs_without_debug_over_plain_http_with_a_kept_secret_key(tmp_path):
    first = run_python(LOCAL_PROBE, LOCAL_INSTALL="True", DATA_DIR=str(tmp_path))
    assert first.returncode == 0, first.stderr
    flags, key = first.stdout.strip().splitlines()
    assert flags == "False False False False 0 ['localhost', '127.0.0.1', '[::1]'] True"
    assert len(key) >= 50 and not key.startswith("django-insecure")
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # readable by its owner only
    again = run_python(LOCAL_PROBE, LOCAL_INSTALL="True", DATA_DIR=str(tmp_path))
    assert again.stdout.strip().splitlines()[1] == key  # sessions survive a restart


def test_local_install_shows_the_real_404_page_not_the_debug_url_list(tmp_path):
    result = run_python(
        "import django; django.setup(); from django.test import Client, override_settings; "
        "plain = {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}; "  # no collectstatic needed
        "override_settings(STORAGES={'default': plain, 'staticfiles': plain}).enable(); "
        "r = Client().get('/no-such-page/', HTTP_HOST='127.0.0.1'); "
        "print(r.status_code, b'Page not found' in r.content, b'URLconf' in r.content)",
        LOCAL_INSTALL="True",
        DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "404 True False"


def test_development_keeps_debug_on_by_default(tmp_path):
    result = run_python(PROBE.format("(s.DEBUG, s.SECRET_KEY == s.DEV_SECRET_KEY)"), DATA_DIR=str(tmp_path))
    assert result.stdout.strip() == "(True, True)"
    assert not (tmp_path / "secret_key").exists()
