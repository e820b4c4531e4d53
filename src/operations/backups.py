"""Database and media backups with a row-count manifest, retention, off-site copy and a verified restore.

Why not django-dbbackup: the restore drill compares per-table row counts of the restored copy with the
counts *of the same snapshot the dump was taken from*. On PostgreSQL the counts are taken inside a
REPEATABLE READ transaction whose snapshot is exported to ``pg_dump --snapshot``; on SQLite the file is
copied with SQLite's online backup API and counted from the copy. Both stay consistent while the
application keeps writing. django-dbbackup has no such manifest and keeps a number of files, not days.

A backup set is ``obcms-db-<UTC stamp>.<pgdump|sqlite3.gz>`` + ``obcms-db-<stamp>.json`` (manifest) and,
when media is on local disk, ``obcms-media-<stamp>.tar.gz``. They are written to ``BACKUP_DIR`` (the
``backups`` storage) and copied to the ``backups_offsite`` storage (S3-compatible) when it is configured.
"""

import gzip
import hashlib
import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, storages
from django.db import DEFAULT_DB_ALIAS, connections

logger = logging.getLogger(__name__)

PREFIX = "obcms"
STAMP_FORMAT = "%Y%m%d-%H%M%S"
NAME_RE = re.compile(rf"^{PREFIX}-(?P<kind>db|media)-(?P<stamp>\d{{8}}-\d{{6}})\.(?P<ext>[a-z0-9.]+)$")
PG_TIMEOUT = int(os.environ.get("BACKUP_COMMAND_TIMEOUT", "3600"))


class BackupError(RuntimeError):
    pass


@dataclass
class BackupResult:
    stamp: str
    engine: str
    database_file: Path
    manifest_file: Path
    media_file: Path | None
    tables: dict[str, int]
    seconds: float
    offsite: list[str] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


@dataclass
class VerifyResult:
    backup: str
    engine: str
    tables_compared: int
    rows_compared: int
    mismatches: dict[str, tuple[int, int | None]]
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.mismatches


# --- helpers ------------------------------------------------------------------------------------


def _engine(alias: str = DEFAULT_DB_ALIAS) -> str:
    vendor = connections[alias].vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"backups support PostgreSQL and SQLite, not {vendor}")
    return vendor


def backup_dir() -> Path:
    path = Path(settings.BACKUP_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_params(settings_dict: dict, dbname: str | None = None) -> dict:
    """libpq keywords (for psycopg.connect) from a Django database settings dict."""
    params = {
        "dbname": dbname or settings_dict["NAME"],
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
        "host": settings_dict.get("HOST") or None,
        "port": str(settings_dict.get("PORT") or "") or None,
    }
    sslmode = (settings_dict.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        params["sslmode"] = sslmode
    return {k: v for k, v in params.items() if v is not None}


def _pg_env(settings_dict: dict, dbname: str | None = None) -> dict:
    """Environment for pg_dump/pg_restore: the password never appears on a command line."""
    params = _pg_params(settings_dict, dbname)
    names = {
        "dbname": "PGDATABASE",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "host": "PGHOST",
        "port": "PGPORT",
        "sslmode": "PGSSLMODE",
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update({names[k]: v for k, v in params.items()})
    return env


def _run(command: list[str], env: dict) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=PG_TIMEOUT, check=False)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(f"{command[0]} is not installed (install the PostgreSQL client tools)") from exc
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")


def _count_tables(cursor, tables: list[str], quote) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - names come from introspection
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _pg_tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return [row[0] for row in rows]


# --- database backup ----------------------------------------------------------------------------


def _backup_postgresql(settings_dict: dict, target: Path) -> dict[str, int]:
    import psycopg

    # autocommit=True so that our explicit BEGIN is the transaction (not one psycopg opened implicitly).
    with psycopg.connect(**_pg_params(settings_dict), autocommit=True) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        with conn.cursor() as cursor:
            counts = _count_tables(cursor, _pg_tables(cursor), _pg_quote)
        # The transaction stays open until pg_dump has finished reading the same snapshot.
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--compress=6",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ],
            _pg_env(settings_dict),
        )
        conn.execute("ROLLBACK")
    return counts


def _backup_sqlite(settings_dict: dict, target: Path) -> dict[str, int]:
    source_path = str(settings_dict["NAME"])
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        copy_path = Path(tmp) / "copy.sqlite3"
        source = sqlite3.connect(source_path, timeout=30)
        copy = sqlite3.connect(copy_path)
        try:
            source.backup(copy)  # one step: a consistent snapshot even while others write (WAL)
            counts = _count_tables(copy.cursor(), _sqlite_tables(copy), lambda n: '"' + n.replace('"', '""') + '"')
        finally:
            copy.close()
            source.close()
        with copy_path.open("rb") as raw, gzip.open(target, "wb", compresslevel=6) as packed:
            shutil.copyfileobj(raw, packed, 1 << 20)
    return counts


def _backup_media(target: Path) -> Path | None:
    default = storages["default"]
    if not isinstance(default, FileSystemStorage):
        logger.info("media is stored in %s (not local disk); its bucket keeps it", type(default).__name__)
        return None
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(target, "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname="media")
    return target


def create_backup(*, include_media: bool = True, prune: bool = True, alias: str = DEFAULT_DB_ALIAS) -> BackupResult:
    """Write a database backup (+ manifest) and a media backup; copy off-site; drop sets past retention."""
    started = time.perf_counter()
    engine = _engine(alias)
    stamp = datetime.now(UTC).strftime(STAMP_FORMAT)
    folder = backup_dir()
    ext = "pgdump" if engine == "postgresql" else "sqlite3.gz"
    db_file = folder / f"{PREFIX}-db-{stamp}.{ext}"
    settings_dict = connections[alias].settings_dict
    partial = db_file.with_name(db_file.name + ".partial")
    try:
        tables = (_backup_postgresql if engine == "postgresql" else _backup_sqlite)(settings_dict, partial)
        partial.replace(db_file)
    finally:
        partial.unlink(missing_ok=True)
    media_file = _backup_media(folder / f"{PREFIX}-media-{stamp}.tar.gz") if include_media else None
    manifest = {
        "format": 1,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "engine": engine,
        "database": {"file": db_file.name, "sha256": _sha256(db_file), "bytes": db_file.stat().st_size},
        "media": {"file": media_file.name, "sha256": _sha256(media_file)} if media_file else None,
        "tables": tables,
    }
    manifest_file = folder / f"{PREFIX}-db-{stamp}.json"
    manifest_file.write_text(json.dumps(manifest, indent=1, sort_keys=True))
    result = BackupResult(stamp, engine, db_file, manifest_file, media_file, tables, 0.0)
    result.offsite = copy_offsite([p for p in (db_file, manifest_file, media_file) if p])
    if prune:
        result.pruned = prune_backups()
    result.seconds = round(time.perf_counter() - started, 2)
    logger.info("backup %s written: %d tables, %d rows, %.1fs", stamp, len(tables), result.rows, result.seconds)
    return result


def copy_offsite(paths: list[Path]) -> list[str]:
    """Copy files to the S3-compatible ``backups_offsite`` storage when AWS_* settings configure it."""
    if "backups_offsite" not in settings.STORAGES:
        return []
    remote = storages["backups_offsite"]
    names = []
    for path in paths:
        if remote.exists(path.name):
            remote.delete(path.name)
        with path.open("rb") as handle:
            names.append(remote.save(path.name, File(handle, name=path.name)))
    return names


# --- retention ----------------------------------------------------------------------------------


def _stamp_of(name: str) -> datetime | None:
    match = NAME_RE.match(name)
    return datetime.strptime(match["stamp"], STAMP_FORMAT).replace(tzinfo=UTC) if match else None


def prune_backups(*, days: int | None = None, now: datetime | None = None) -> list[str]:
    """Delete backup files older than ``days`` (BACKUP_RETENTION_DAYS) locally and off-site.

    The newest database backup set is always kept, however old, so pruning never leaves no backup.
    """
    days = settings.BACKUP_RETENTION_DAYS if days is None else days
    cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
    removed = []
    targets = [storages["backups"]] + ([storages["backups_offsite"]] if "backups_offsite" in settings.STORAGES else [])
    for storage in targets:
        _dirs, files = storage.listdir("")
        stamps = sorted({_stamp_of(n) for n in files if _stamp_of(n) and NAME_RE.match(n)["kind"] == "db"})
        newest = stamps[-1] if stamps else None
        for name in files:
            stamp = _stamp_of(name)
            if stamp and stamp < cutoff and stamp != newest:
                storage.delete(name)
                removed.append(name)
    return removed


def list_backups() -> list[str]:
    """Database backup files in BACKUP_DIR, oldest first."""
    files = [p.name for p in backup_dir().iterdir() if NAME_RE.match(p.name) and not p.name.endswith(".json")]
    return sorted((n for n in files if NAME_RE.match(n)["kind"] == "db"), key=_stamp_of)


def resolve_backup(name: str | None) -> Path:
    if name in (None, "", "latest"):
        found = list_backups()
        if not found:
            raise BackupError(f"no database backup in {backup_dir()}")
        return backup_dir() / found[-1]
    path = Path(name)
    if not path.is_absolute() and not path.exists():
        path = backup_dir() / name
    if not path.exists():
        raise BackupError(f"backup file not found: {name}")
    return path


def read_manifest(db_file: Path) -> dict | None:
    match = NAME_RE.match(db_file.name)
    manifest = db_file.with_name(f"{PREFIX}-db-{match['stamp']}.json") if match else None
    return json.loads(manifest.read_text()) if manifest and manifest.exists() else None


# --- restore ------------------------------------------------------------------------------------


def _engine_of_file(db_file: Path) -> str:
    if db_file.name.endswith(".pgdump"):
        return "postgresql"
    if db_file.name.endswith(".sqlite3.gz"):
        return "sqlite"
    raise BackupError(f"not an OBCMS database backup: {db_file.name}")


def _check_integrity(db_file: Path, manifest: dict | None) -> None:
    if manifest and manifest["database"]["sha256"] != _sha256(db_file):
        raise BackupError(f"{db_file.name} does not match the checksum in its manifest (corrupt or altered)")


def _compare(expected: dict[str, int] | None, found: dict[str, int]) -> dict[str, tuple[int, int | None]]:
    if expected is None:
        return {}
    mismatches = {}
    for table, count in expected.items():
        if found.get(table) != count:
            mismatches[table] = (count, found.get(table))
    return mismatches


def _decompress_sqlite(db_file: Path, target: Path) -> None:
    with gzip.open(db_file, "rb") as packed, target.open("wb") as raw:
        shutil.copyfileobj(packed, raw, 1 << 20)


def verify_backup(name: str | None = None, *, alias: str = DEFAULT_DB_ALIAS) -> VerifyResult:
    """Restore drill: restore into a scratch database, count every table, compare with the manifest."""
    started = time.perf_counter()
    db_file = resolve_backup(name)
    manifest = read_manifest(db_file)
    _check_integrity(db_file, manifest)
    engine = _engine_of_file(db_file)
    if engine == "postgresql":
        found = _verify_postgresql(db_file, connections[alias].settings_dict)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            scratch = Path(tmp) / "verify.sqlite3"
            _decompress_sqlite(db_file, scratch)
            conn = sqlite3.connect(scratch)
            try:
                if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    raise BackupError(f"{db_file.name}: SQLite integrity check failed")
                found = _count_tables(conn.cursor(), _sqlite_tables(conn), lambda n: '"' + n.replace('"', '""') + '"')
            finally:
                conn.close()
    expected = manifest["tables"] if manifest else None
    return VerifyResult(
        backup=db_file.name,
        engine=engine,
        tables_compared=len(expected or found),
        rows_compared=sum((expected or found).values()),
        mismatches=_compare(expected, found),
        seconds=round(time.perf_counter() - started, 2),
    )


def _verify_postgresql(db_file: Path, settings_dict: dict) -> dict[str, int]:
    import psycopg

    scratch = f"{settings_dict['NAME']}_verify_{int(time.time())}_{os.getpid()}"[:63]
    admin = _pg_params(settings_dict, dbname="postgres")
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {_pg_quote(scratch)}")
    try:
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={scratch}", str(db_file)],
            _pg_env(settings_dict, scratch),
        )
        with psycopg.connect(**_pg_params(settings_dict, scratch)) as conn, conn.cursor() as cursor:
            return _count_tables(cursor, _pg_tables(cursor), _pg_quote)
    finally:
        with psycopg.connect(**admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {_pg_quote(scratch)} WITH (FORCE)")


def restore_backup(name: str | None = None, *, alias: str = DEFAULT_DB_ALIAS) -> VerifyResult:
    """Replace the live database with a backup (stop web, worker and beat first), then count and compare."""
    started = time.perf_counter()
    db_file = resolve_backup(name)
    manifest = read_manifest(db_file)
    _check_integrity(db_file, manifest)
    engine = _engine_of_file(db_file)
    if engine != _engine(alias):
        raise BackupError(f"{db_file.name} is a {engine} backup; this database is {_engine(alias)}")
    connection = connections[alias]
    settings_dict = connection.settings_dict
    connection.close()
    if engine == "postgresql":
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={settings_dict['NAME']}",
                str(db_file),
            ],
            _pg_env(settings_dict),
        )
        with connection.cursor() as cursor:
            found = _count_tables(cursor, _pg_tables(cursor), _pg_quote)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            scratch = Path(tmp) / "restore.sqlite3"
            _decompress_sqlite(db_file, scratch)
            source, live = sqlite3.connect(scratch), sqlite3.connect(str(settings_dict["NAME"]), timeout=30)
            try:
                source.backup(live)
            finally:
                source.close()
                live.close()
        with connection.cursor() as cursor:
            found = _count_tables(cursor, connection.introspection.table_names(cursor), connection.ops.quote_name)
    expected = manifest["tables"] if manifest else None
    return VerifyResult(
        db_file.name,
        engine,
        len(expected or found),
        sum((expected or found).values()),
        _compare(expected, found),
        round(time.perf_counter() - started, 2),
    )


def restore_media(archive: str) -> int:
    """Extract a media backup into MEDIA_ROOT; returns the number of files restored."""
    path = resolve_backup(archive) if not Path(archive).exists() else Path(archive)
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    count = 0
    with tarfile.open(path, "r:gz") as tar, tempfile.TemporaryDirectory(dir=media_root.parent) as tmp:
        tar.extractall(tmp, filter="data")
        extracted = Path(tmp) / "media"
        if extracted.exists():
            for item in extracted.rglob("*"):
                if item.is_file():
                    destination = media_root / item.relative_to(extracted)
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(item, destination)
                    count += 1
    return count
