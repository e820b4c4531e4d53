"""The deployment files say what the deployment plan needs, checked without a Docker engine."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[3]
VENV_BIN = REPO / ".venv" / "bin"
SECRETS = {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "obcms.example.org", "POSTGRES_PASSWORD": "pw"}


def tool(name: str) -> str | None:
    return shutil.which(name) or (str(VENV_BIN / name) if (VENV_BIN / name).exists() else None)


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def dockerfile():
    return (REPO / "Dockerfile").read_text()


def env_names_read_by(path: Path) -> set[str]:
    text = path.read_text()
    names = set(re.findall(r"\benv(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]+)\"", text))
    names |= set(re.findall(r"os\.environ\.get\(\s*\"([A-Z][A-Z0-9_]+)\"", text))
    names |= set(re.findall(r"_int\(\s*['\"]([A-Z][A-Z0-9_]+)['\"]", text))
    return names


def documented_env_names() -> set[str]:
    return set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (REPO / ".env.example").read_text(), re.MULTILINE))


def test_every_environment_variable_the_code_reads_is_documented_in_env_example():
    read = set()
    for path in [
        REPO / "src/obc_management/settings.py",
        REPO / "gunicorn.conf.py",
        REPO / "src/operations/backups.py",
    ]:
        read |= env_names_read_by(path)
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "WEB_CONCURRENCY"} <= read  # the scan works
    missing = read - documented_env_names() - {"DJANGO_SETTINGS_MODULE"}
    assert not missing, f"add to .env.example: {sorted(missing)}"


def test_env_example_lists_every_variable_the_deployment_plan_names():
    plan = {
        "SECRET_KEY",
        "DEBUG",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "DATABASE_URL",
        "REDIS_URL",
        "EMAIL_BACKEND",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_USE_TLS",
        "EMAIL_HOST_USER",
        "EMAIL_HOST_PASSWORD",
        "GOOGLE_API_KEY",
        "GOOGLE_APPLICATION_CREDENTIALS",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_STORAGE_BUCKET_NAME",
        "AWS_S3_REGION_NAME",
        "SITE_NAME",
        "SITE_DESCRIPTION",
        "BACKUP_ACCESS_KEY",
        "BACKUP_SECRET_KEY",
        "BACKUP_BUCKET_NAME",
    }
    assert plan - documented_env_names() == set()


def test_every_variable_compose_passes_to_the_app_is_documented(compose):
    passed = set(compose["x-app"]["environment"])
    assert passed - documented_env_names() == set()


def test_compose_has_web_worker_beat_migrate_postgres_and_redis(compose):
    assert set(compose["services"]) == {"migrate", "web", "worker", "beat", "db", "redis"}
    commands = {name: compose["services"][name]["command"] for name in ("migrate", "web", "worker", "beat")}
    assert commands == {"migrate": ["migrate"], "web": ["web"], "worker": ["worker"], "beat": ["beat"]}


def test_web_worker_and_beat_start_only_after_migrations_succeeded(compose):
    for name in ("web", "worker", "beat"):
        depends = compose["services"][name]["depends_on"]
        assert depends["migrate"] == {"condition": "service_completed_successfully"}, name
        assert depends["db"] == {"condition": "service_healthy"}
        assert depends["redis"] == {"condition": "service_healthy"}
    migrate = compose["services"]["migrate"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"]["db"] == {"condition": "service_healthy"}


def test_database_and_redis_have_health_checks_and_named_volumes(compose):
    volumes = set(compose["volumes"])
    assert {"postgres-data", "redis-data", "media", "backups"} <= volumes
    for name, mount in (("db", "postgres-data:/var/lib/postgresql/data"), ("redis", "redis-data:/data")):
        service = compose["services"][name]
        assert "test" in service["healthcheck"]
        assert mount in service["volumes"]
    assert compose["services"]["db"]["image"].startswith("postgres:15")
    assert "/health/" in " ".join(compose["services"]["web"]["healthcheck"]["test"])


def test_the_app_publishes_no_host_port_and_secrets_are_required(compose):
    assert all("ports" not in service for service in compose["services"].values())
    text = (REPO / "docker-compose.yml").read_text()
    for secret in ("SECRET_KEY", "ALLOWED_HOSTS", "POSTGRES_PASSWORD"):
        assert re.search(r"\$\{" + secret + r":\?", text), secret


def test_dockerfile_is_multi_stage_non_root_with_health_check_and_build_time_collectstatic(dockerfile):
    stages = re.findall(r"^FROM (\S+)(?: AS (\w+))?", dockerfile, re.MULTILINE)
    assert [name for _image, name in stages] == ["build", "runtime"]
    assert all(image == "python:${PYTHON_VERSION}-slim-bookworm" for image, _ in stages)
    assert re.search(r"^ARG PYTHON_VERSION=3\.12$", dockerfile, re.MULTILINE)
    runtime = dockerfile.split("AS runtime", 1)[1]
    assert "build-essential" not in runtime and "gcc" not in runtime and "libpq-dev" not in runtime
    assert re.search(r"^USER 1000:1000$", runtime, re.MULTILINE)
    assert "chown -R obcms:obcms /app/data /app/backups /app/logs" in runtime
    assert "collectstatic --noinput" in runtime
    assert "secrets.token_urlsafe" in runtime  # build-only key, never an ENV
    assert not re.search(r"^ENV .*SECRET_KEY", dockerfile, re.MULTILINE)
    assert re.search(r"^HEALTHCHECK .*\n.*/health/", dockerfile, re.MULTILINE)
    assert 'ENTRYPOINT ["/usr/bin/tini", "--", "/app/deployment/docker/entrypoint.sh"]' in runtime


@pytest.mark.parametrize(
    "path",
    [
        ".env",
        ".env.production",
        "src/.env.local",
        "data/obcms.sqlite3",
        "src/db.sqlite3",
        "backup.sql.gz",
        "data_export.json",
        "obcms-db-20260101-000000.pgdump",
        "logs/django.log",
        "app.log",
        ".coverage",
        "htmlcov/index.html",
        ".venv/bin/python",
        ".git/config",
        "backups/x",
    ],
)
def test_dockerignore_keeps_secrets_databases_dumps_logs_and_coverage_out(path):
    patterns = [p.strip() for p in (REPO / ".dockerignore").read_text().splitlines() if p.strip() and p[0] != "#"]

    def matches(pattern: str) -> bool:
        regex = re.escape(pattern).replace(r"\*\*/", "(?:.*/)?").replace(r"\*", "[^/]*")
        return any(re.fullmatch(regex + "(?:/.*)?", candidate) for candidate in [path])

    assert any(matches(p) for p in patterns), f"{path} would be sent to the Docker build"


def test_dockerignore_keeps_the_application_source_in():
    text = (REPO / ".dockerignore").read_text()
    assert not re.search(r"^(src|requirements|deployment|gunicorn\.conf\.py)/?$", text, re.MULTILINE)


@pytest.mark.skipif(tool("hadolint") is None, reason="hadolint is not installed")
def test_dockerfile_passes_hadolint():
    result = subprocess.run([tool("hadolint"), "Dockerfile"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(tool("docker-compose") is None, reason="docker compose is not installed")
def test_docker_compose_config_resolves_and_refuses_missing_secrets():
    compose_cli = tool("docker-compose")
    ok = subprocess.run(
        [compose_cli, "-f", "docker-compose.yml", "config", "--quiet"],
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin", **SECRETS},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ok.returncode == 0, ok.stderr
    missing = subprocess.run(
        [compose_cli, "-f", "docker-compose.yml", "config", "--quiet"],
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode != 0
    assert "required variable SECRET_KEY is missing a value" in missing.stderr
