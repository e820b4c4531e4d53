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
