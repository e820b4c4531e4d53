"""Container start-up, production settings (S3, logging, CSP), in fresh interpreters."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
SRC = REPO / "src"
ENTRYPOINT = REPO / "deployment/docker/entrypoint.sh"
CLEAN = {
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "AWS_STORAGE_BUCKET_NAME",
    "BACKUP_BUCKET_NAME",
    "LOG_FILE",
    "LOG_FORMAT",
}


def environment(**overrides) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in CLEAN}
    env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '/usr/bin:/bin')}"
    env.update(DJANGO_SETTINGS_MODULE="obc_management.settings", **overrides)
    return env


def production(tmp_path, **overrides) -> dict:
    values = {
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "obcms.example.org",
        "DATA_DIR": str(tmp_path),
    }
    return environment(**{**values, **overrides})


def probe(expression: str, env: dict) -> subprocess.CompletedProcess:
    code = f"import django; django.setup(); from django.conf import settings as s; print({expression})"
    return subprocess.run([sys.executable, "-c", code], cwd=SRC, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("key", ["", "changeme", "change-me", "django-insecure-xyz"])
def test_container_with_a_missing_or_placeholder_secret_stops_with_a_clear_message(key, tmp_path):
    env = production(tmp_path, SECRET_KEY=key)
    result = subprocess.run(["bash", str(ENTRYPOINT), "web"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 78
    assert result.stderr.startswith("OBCMS cannot start: SECRET_KEY is missing or a placeholder")
    assert "Traceback" not in result.stderr


def test_container_without_allowed_hosts_stops_before_migrating(tmp_path):
    env = production(tmp_path)
    env.pop("ALLOWED_HOSTS")
    result = subprocess.run(["bash", str(ENTRYPOINT), "migrate"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 78
    assert "OBCMS cannot start: ALLOWED_HOSTS is empty" in result.stderr
    assert not (tmp_path / "obcms.sqlite3").exists()


def test_entrypoint_migrate_role_exits_non_zero_when_migrations_fail(tmp_path):
    """Compose starts web/worker/beat only after `migrate` exits 0 (the success path runs in the smoke test)."""
    broken = production(tmp_path, DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    failed = subprocess.run(
        ["bash", str(ENTRYPOINT), "migrate"], env=broken, capture_output=True, text=True, timeout=300
    )
    assert failed.returncode != 0
    assert "migrations applied" not in failed.stdout
    assert "connection" in failed.stderr.lower()


def test_a_bucket_name_moves_media_to_s3_and_adds_an_offsite_backup_storage(tmp_path):
    env = production(
        tmp_path,
        AWS_STORAGE_BUCKET_NAME="obcms-media",
        AWS_ACCESS_KEY_ID="AKIA",
        AWS_SECRET_ACCESS_KEY="k",
        AWS_S3_ENDPOINT_URL="https://r2.example.org",
        BACKUP_BUCKET_NAME="obcms-backups",
    )
    result = probe(
        "(s.STORAGES['default']['BACKEND'], s.STORAGES['backups_offsite']['OPTIONS']['bucket_name'], "
        "s.STORAGES['backups_offsite']['OPTIONS']['endpoint_url'], s.STORAGES['backups']['BACKEND'])",
        env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "('storages.backends.s3.S3Storage', 'obcms-backups', 'https://r2.example.org', "
        "'django.core.files.storage.FileSystemStorage')"
    )


def test_without_a_bucket_media_and_backups_stay_on_local_disk(tmp_path):
    result = probe("(s.STORAGES['default']['BACKEND'], 'backups_offsite' in s.STORAGES)", production(tmp_path))
    assert result.stdout.strip() == "('django.core.files.storage.FileSystemStorage', False)"


def test_json_logs_go_to_stdout_and_to_a_rotating_file_when_log_file_is_set(tmp_path):
    log_file = tmp_path / "obcms.log"
    code = (
        "import django, logging; django.setup(); from operations import request_id; "
        "request_id.set_current('rid-123'); logging.getLogger('obc_management').warning('hello %s', 'world'); "
        "h = logging.getLogger().handlers; print(sorted(type(x).__name__ for x in h))"
    )
    env = production(tmp_path, LOG_FORMAT="json", LOG_FILE=str(log_file))
    result = subprocess.run([sys.executable, "-c", code], cwd=SRC, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    stdout_entry = json.loads(result.stdout.splitlines()[0])
    file_entry = json.loads(log_file.read_text().splitlines()[-1])
    for entry in (stdout_entry, file_entry):
        assert entry["message"] == "hello world"
        assert entry["request_id"] == "rid-123"
        assert entry["level"] == "WARNING"
    assert result.stdout.splitlines()[-1] == "['RotatingFileHandler', 'StreamHandler']"


def test_text_logs_carry_the_request_id_and_no_file_is_written_by_default(tmp_path):
    code = (
        "import django, logging; django.setup(); from operations import request_id; request_id.set_current('r-9'); "
        "logging.getLogger('x').warning('plain'); print([type(h).__name__ for h in logging.getLogger().handlers])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=SRC, env=production(tmp_path), capture_output=True, text=True, timeout=120
    )
    assert " WARNING [r-9] x " in result.stdout
    assert result.stdout.splitlines()[-1] == "['StreamHandler']"


def test_gunicorn_config_reads_workers_timeouts_and_recycling_from_the_environment():
    code = (
        "import runpy; c = runpy.run_path('gunicorn.conf.py'); print(c['workers'], c['timeout'], c['max_requests'], "
        "c['max_requests_jitter'], c['accesslog'], c['errorlog'], c['bind'])"
    )
    env = environment(WEB_CONCURRENCY="4", GUNICORN_TIMEOUT="45", PORT="8765")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "4 45 1000 100 - - 0.0.0.0:8765"


def test_collectstatic_with_build_only_settings_writes_a_manifest_of_hashed_compressed_files(tmp_path):
    """The Dockerfile's build step: a missing file referenced by CSS/JS (e.g. a source map) fails here."""
    env = production(tmp_path, STATIC_ROOT=str(tmp_path / "static"), ALLOWED_HOSTS="build.invalid")
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=SRC,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    hashed = manifest["vendor/bootstrap/bootstrap.min.css"]
    assert hashed != "vendor/bootstrap/bootstrap.min.css"
    assert (tmp_path / "static" / (hashed + ".gz")).exists()
    assert "vendor/chartjs/chart.umd.min.js" in manifest and "vendor/leaflet/leaflet.js" in manifest
