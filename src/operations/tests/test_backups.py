"""Backups and the restore drill, run as the real commands on a real SQLite file and a real PostgreSQL
database, including a backup taken while another process keeps writing."""

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2]
PG_ADMIN_URL = os.environ.get("BACKUP_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")

WRITER = r"""
import sys, time, pathlib
kind, target, flag = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
if kind == "sqlite":
    import sqlite3
    conn = sqlite3.connect(target, timeout=30, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    insert = lambda n: conn.execute("INSERT INTO auth_group (name) VALUES (?)", (f"writer-{n}",))
else:
    import psycopg
    conn = psycopg.connect(target, autocommit=True)
    insert = lambda n: conn.execute("INSERT INTO auth_group (name) VALUES (%s)", (f"writer-{n}",))
n = 0
while not flag.exists() and n < 100000:
    insert(n); n += 1
    if n == 50:
        pathlib.Path(str(flag) + ".started").touch()
    time.sleep(0.002)
print(n)
"""


def pg_available() -> bool:
    return (
        shutil.which("pg_dump") is not None
        and subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"], check=False, timeout=10).returncode
        == 0
    )


class Site:
    """An OBCMS installation in a temporary folder: its own database, media and backup folder."""

    def __init__(self, tmp_path: Path, engine: str, template: "Site | None" = None):
        self.engine = engine
        self.data = tmp_path / "data"
        self.env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "REDIS_URL", "AWS_STORAGE_BUCKET_NAME", "BACKUP_BUCKET_NAME"}
        }
        self.env.update(DJANGO_SETTINGS_MODULE="obc_management.settings", DATA_DIR=str(self.data), DEBUG="True")
        if engine == "postgresql":
            self.dbname = f"obcms_backup_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
            self.url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{self.dbname}"
            clone = f' TEMPLATE "{template.dbname}"' if template else ""
            self.psql(f'CREATE DATABASE "{self.dbname}"{clone}')
            self.env["DATABASE_URL"] = self.url
            self.writer_target = self.url.replace("postgres://", "postgresql://")
        else:
            self.writer_target = str(self.data / "obcms.sqlite3")
            if template:
                self.data.mkdir(parents=True)
                shutil.copyfile(template.writer_target, self.writer_target)

    def psql(self, sql: str, db: str = "postgres") -> str:
        done = subprocess.run(
            ["psql", PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{db}", "-Atqc", sql],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return done.stdout.strip()

    def manage(self, *args, check=True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=SRC, env=self.env, capture_output=True, text=True, timeout=600
        )
        if check:
            assert done.returncode == 0, done.stdout + done.stderr
        return done

    def count_groups(self) -> int:
        if self.engine == "postgresql":
            return int(self.psql("SELECT count(*) FROM auth_group", db=self.dbname))
        import sqlite3

        with sqlite3.connect(self.writer_target) as conn:
            return conn.execute("SELECT count(*) FROM auth_group").fetchone()[0]

    def drop(self):
        if self.engine == "postgresql":
            self.psql(f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)')


def engine_under_test() -> str:
    """The engine of the suite's own run: SQLite in `make test`, PostgreSQL in CI's PostgreSQL run.

    Each backup test builds its own database of that engine (they take seconds each, so one engine per run).
    """
    return "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """One migrated database per module; each test gets a copy (SQLite file copy / PostgreSQL TEMPLATE)."""
    if engine_under_test() == "postgresql" and not pg_available():
        pytest.skip("PostgreSQL 127.0.0.1:5432 and pg_dump are needed")
    template = Site(tmp_path_factory.mktemp("template"), engine_under_test())
    template.manage("migrate", "--noinput", "-v", "0")
    yield template
    template.drop()


@pytest.fixture
def site(tmp_path, migrated):
    installation = Site(tmp_path, engine_under_test(), template=migrated)
    yield installation
    installation.drop()


def test_backup_taken_while_another_process_writes_restores_with_matching_counts(site, tmp_path):
    (site.data / "media" / "uploads").mkdir(parents=True)
    (site.data / "media" / "uploads" / "report.pdf").write_bytes(b"%PDF-1.4 test")
    flag = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, site.engine, site.writer_target, str(flag)], stdout=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while not Path(str(flag) + ".started").exists():
            assert writer.poll() is None and time.monotonic() < deadline, "the writer did not start"
            time.sleep(0.05)
        backup = site.manage("backup")
        time.sleep(0.3)  # the writer keeps writing after the backup too
    finally:
        flag.touch()
        written = int(writer.communicate(timeout=60)[0])
    manifest = json.loads(next((site.data / "backups").glob("obcms-db-*.json")).read_text())
    in_backup = manifest["tables"]["auth_group"]
    groups_after = site.count_groups()
    assert 50 <= in_backup < groups_after, "the backup was not taken while the writer was writing"
    assert written >= groups_after - in_backup
    assert "media:    " in backup.stdout and ".tar.gz" in backup.stdout

    drill = site.manage("restore", "--verify")
    assert "every table matches its manifest" in drill.stdout
    assert "rows compared" in drill.stdout

    restored = site.manage("restore", "--yes")
    assert "every table matches its manifest" in restored.stdout
    assert site.count_groups() == in_backup  # the live database is back at the backup's point in time

    shutil.rmtree(site.data / "media")
    media_archive = next((site.data / "backups").glob("obcms-media-*.tar.gz"))
    site.manage("restore", "--media", media_archive.name)
    assert (site.data / "media" / "uploads" / "report.pdf").read_bytes() == b"%PDF-1.4 test"


def test_restore_refuses_without_yes_and_verify_refuses_a_corrupted_backup(site):
    site.manage("backup", "--no-media")
    refused = site.manage("restore", check=False)
    assert refused.returncode != 0 and "pass --yes, or --verify" in refused.stderr
    db_file = next(
        p for p in (site.data / "backups").iterdir() if p.name.startswith("obcms-db-") and not p.name.endswith(".json")
    )
    with db_file.open("r+b") as handle:
        handle.seek(db_file.stat().st_size // 2)
        handle.write(b"corrupted!")
    failed = site.manage("restore", "--verify", check=False)
    assert failed.returncode != 0 and "does not match the checksum" in failed.stderr


def test_the_nightly_backup_task_writes_a_backup_set(site):
    done = site.manage(
        "shell", "-c", "from operations.tasks import nightly_backup; print(nightly_backup.delay().get())"
    )
    summary = eval(done.stdout.strip().splitlines()[-1])
    assert summary["tables"] > 20 and summary["rows"] > 0
    assert (site.data / "backups" / f"obcms-db-{summary['stamp']}.json").exists()


def test_retention_deletes_sets_older_than_the_limit_but_always_keeps_the_newest(tmp_path, settings):
    from operations.backups import prune_backups

    settings.BACKUP_DIR = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "backups": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    now = datetime(2026, 11, 29, 2, 0, tzinfo=UTC)

    def make(days_ago: int) -> str:
        stamp = (now - timedelta(days=days_ago)).strftime("%Y%m%d-%H%M%S")
        for name in (f"obcms-db-{stamp}.pgdump", f"obcms-db-{stamp}.json", f"obcms-media-{stamp}.tar.gz"):
            (tmp_path / name).write_text("x")
        return stamp

    recent, edge, old = make(1), make(29), make(31)
    (tmp_path / "unrelated.txt").write_text("keep me")
    removed = prune_backups(days=30, now=now)
    assert sorted(removed) == sorted(
        f"obcms-{k}-{old}.{e}" for k, e in (("db", "pgdump"), ("db", "json"), ("media", "tar.gz"))
    )
    remaining = {p.name for p in tmp_path.iterdir()}
    assert f"obcms-db-{recent}.pgdump" in remaining and f"obcms-db-{edge}.pgdump" in remaining
    assert "unrelated.txt" in remaining

    for name in remaining - {"unrelated.txt"}:
        (tmp_path / name).unlink()
    lonely = make(400)
    assert prune_backups(days=30, now=now) == []  # the newest (here the only) set survives, however old
    assert (tmp_path / f"obcms-db-{lonely}.pgdump").exists() and (tmp_path / f"obcms-media-{lonely}.tar.gz").exists()


def test_backups_are_copied_to_the_offsite_storage_when_one_is_configured(tmp_path, settings):
    from operations.backups import copy_offsite

    offsite = tmp_path / "bucket"
    settings.STORAGES = {
        **settings.STORAGES,
        "backups_offsite": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": offsite}},
    }
    local = tmp_path / "obcms-db-20261129-020000.pgdump"
    local.write_bytes(b"dump")
    assert copy_offsite([local]) == [local.name]
    assert copy_offsite([local]) == [local.name]  # a re-run overwrites instead of creating a renamed copy
    assert (offsite / local.name).read_bytes() == b"dump"
    assert len(list(offsite.iterdir())) == 1
