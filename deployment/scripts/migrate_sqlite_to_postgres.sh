#!/usr/bin/env bash
# Move an OBCMS SQLite database to PostgreSQL exactly as the deployment plan does it (dumpdata with
# natural keys -> loaddata), then prove nothing was lost.
#
#   deployment/scripts/migrate_sqlite_to_postgres.sh SQLITE_FILE POSTGRES_URL   # a real move
#   deployment/scripts/migrate_sqlite_to_postgres.sh --ci                       # CI proof on sample data
#
# POSTGRES_URL must name an empty (freshly created) database. Steps:
#   1. bring the SQLite database to the current migrations
#   2. dumpdata --natural-foreign --natural-primary, excluding contenttypes, auth.Permission, sessions
#      and admin.logentry (the plan's command): those are rebuilt by migrate on the target
#   3. migrate the empty PostgreSQL database (creates content types, permissions and roles)
#   4. loaddata the dump
#   5. remap audit-log object ids (natural primary keys renumber rows whose ids had gaps)
#   6. compare every model's row count and a sample of rows field by field (non-zero exit on difference)
# --ci builds the SQLite source itself (hierarchy for REGIONS, default "IX XII", plus sample users,
# audit entries, JWT tokens and beat rows), uses a throw-away PostgreSQL database and drops it after.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
MANAGE=("$PY" "$ROOT/src/manage.py")
T0=$(date +%s)
say() { printf '[migrate-to-postgres %3ss] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }

CI_MODE=0
if [ "${1:-}" = "--ci" ]; then
  CI_MODE=1
  WORK="$(mktemp -d)"
  PG_BASE="${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432}"
  PGDB="obcms_migrate_ci_$$"
  SQLITE_FILE="$WORK/source.sqlite3"
  POSTGRES_URL="$PG_BASE/$PGDB"
  cleanup() { psql "$PG_BASE/postgres" -qc "DROP DATABASE IF EXISTS $PGDB WITH (FORCE)" >/dev/null 2>&1 || true; rm -rf "$WORK"; }
  trap cleanup EXIT
  psql "$PG_BASE/postgres" -qc "CREATE DATABASE $PGDB"
else
  [ "$#" -eq 2 ] || { sed -n 2,20p "$0"; exit 2; }
  SQLITE_FILE="$(readlink -f "$1")"; POSTGRES_URL="$2"
  WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
fi
SQLITE_URL="sqlite:///$SQLITE_FILE"
DUMP="$WORK/data_export.json"
export DJANGO_SETTINGS_MODULE=obc_management.settings DEBUG=True
unset REDIS_URL

source_db() { env DATABASE_URL="$SQLITE_URL" "$@"; }
target_db() { env DATABASE_URL="$POSTGRES_URL" "$@"; }

if [ "$CI_MODE" = 1 ]; then
  say "building the SQLite source: migrate, hierarchy for regions ${REGIONS:-IX XII}, sample records"
  source_db "${MANAGE[@]}" migrate --noinput -v 0
  # shellcheck disable=SC2086
  source_db "${MANAGE[@]}" populate_administrative_hierarchy --regions ${REGIONS:-IX XII} | tail -n 3
  (cd "$ROOT/src" && source_db "$PY" "$ROOT/deployment/scripts/seed_sample_data.py")
fi

say "1. migrate the SQLite source"
source_db "${MANAGE[@]}" migrate --noinput -v 0
say "2. dumpdata (natural keys, the plan's excludes)"
source_db "${MANAGE[@]}" dumpdata --natural-foreign --natural-primary \
  --exclude contenttypes --exclude auth.Permission \
  --exclude sessions.session --exclude admin.logentry \
  --output "$DUMP"
say "   $(du -h "$DUMP" | cut -f1) written"
say "3. migrate the empty PostgreSQL target"
target_db "${MANAGE[@]}" migrate --noinput -v 0
say "4. loaddata"
target_db "${MANAGE[@]}" loaddata "$DUMP"
say "5. remap audit-log object ids to the target's primary keys"
target_db "${MANAGE[@]}" remap_audit_log "$SQLITE_URL"
say "6. compare source and target"
source_db "${MANAGE[@]}" compare_databases "$POSTGRES_URL" --sample "${SAMPLE:-40}"
say "done: SQLite -> PostgreSQL move verified"
