#!/usr/bin/env bash
# Full-stack smoke test: the production processes on loopback, the plan's smoke checklist against them.
#
#   deployment/scripts/smoke_test.sh            (called by .ci/run; ~1-2 minutes; needs PostgreSQL on
#                                                127.0.0.1:5432, redis-server and pg_dump installed)
#
# What runs, as in the image (same entrypoint, same settings, DEBUG=False):
#   collectstatic with build-only settings -> entrypoint `migrate` -> createsuperuser ->
#   entrypoint `web` (gunicorn + gunicorn.conf.py on a free loopback port, or $SMOKE_PORT), `worker`,
#   `beat`, a dedicated PostgreSQL database and a dedicated redis-server on a free port (broker DB 10,
#   cache DB 11),
#   so the Redis outage test disturbs nobody else.
# Checks: health/ready, HTTPS redirect, security headers, whitenoise static files, sign-in with CSRF,
# JWT API, a task on the worker (ping), beat dispatching a schedule to the worker, the nightly backup
# task on the worker + restore drill, Redis down (pages serve, /ready/ reports) and back (jobs resume),
# a placeholder secret refusing to start. Everything it starts is stopped on exit (trap).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VENV_BIN="${VENV_BIN:-$ROOT/.venv/bin}"
PY="$VENV_BIN/python"
ENTRY="$ROOT/deployment/docker/entrypoint.sh"
free_port() {  # a loopback port nobody listens on (other developers and CI jobs share this machine)
  "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
PORT="${SMOKE_PORT:-$(free_port)}"
REDIS_PORT="${SMOKE_REDIS_PORT:-$(free_port)}"
PG_BASE="${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432}"
PGDB="obcms_smoke_$$"
WORK="$(mktemp -d)"
BASE="http://127.0.0.1:$PORT"
T0=$(date +%s)
say() { printf '\n[smoke %3ss] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }
PIDS=()

start() {  # start NAME CMD... : in its own process group, output to $WORK/NAME.log
  local name="$1"; shift
  setsid "$@" >"$WORK/$name.log" 2>&1 &
  PIDS+=("$!")
  echo "$!" >"$WORK/$name.pid"
}

stop_pid() {  # TERM the process group, KILL after 20 s
  local pid="$1"
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL -- "-$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  if [ "$rc" -ne 0 ]; then
    for log in "$WORK"/*.log; do [ -f "$log" ] && { echo "--- $(basename "$log") (last 40 lines)"; tail -n 40 "$log"; }; done
  fi
  psql "$PG_BASE/postgres" -qc "DROP DATABASE IF EXISTS $PGDB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for() {  # wait_for SECONDS DESCRIPTION CMD...
  local seconds="$1" what="$2"; shift 2
  local deadline=$(( $(date +%s) + seconds ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "timed out after ${seconds}s waiting for $what"; return 1; }
    sleep 0.5
  done
}

redis_start() { start "redis-$1" redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no; }

say "services: a dedicated redis-server on 127.0.0.1:$REDIS_PORT and PostgreSQL database $PGDB"
command -v redis-server >/dev/null && command -v pg_dump >/dev/null
redis_start 1
wait_for 20 "redis" redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping
psql "$PG_BASE/postgres" -qc "CREATE DATABASE $PGDB"

export PATH="$VENV_BIN:$PATH"
export DJANGO_SETTINGS_MODULE=obc_management.settings
export DEBUG=False
SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(64))')"
export SECRET_KEY
export ALLOWED_HOSTS="127.0.0.1,localhost"
export DATABASE_URL="$PG_BASE/$PGDB"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/10"
export CELERY_BROKER_URL="redis://127.0.0.1:$REDIS_PORT/10"
export CACHE_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/11"
export DATA_DIR="$WORK/data" MEDIA_ROOT="$WORK/data/media" BACKUP_DIR="$WORK/backups" STATIC_ROOT="$WORK/static"
export GUNICORN_BIND="127.0.0.1:$PORT" WEB_CONCURRENCY=2 CELERY_CONCURRENCY=1
export LOG_LEVEL=INFO
unset AWS_STORAGE_BUCKET_NAME BACKUP_BUCKET_NAME CELERY_TASK_ALWAYS_EAGER LOG_FILE || true
ADMIN_USER=smoke-admin
ADMIN_PASSWORD="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(18))')"

say "build step: collectstatic with build-only settings (as the Dockerfile does)"
(cd "$ROOT/src" && env -u DATABASE_URL -u REDIS_URL \
  SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(64))')" ALLOWED_HOSTS=build.invalid \
  DATA_DIR="$WORK/build-data" timeout 120 "$PY" manage.py collectstatic --noinput -v 0)
echo "$(find "$STATIC_ROOT" -type f | wc -l) files, manifest: $(test -f "$STATIC_ROOT/staticfiles.json" && echo yes)"

say "fault: a placeholder SECRET_KEY stops the container before anything runs"
set +e
out="$(SECRET_KEY=changeme timeout 60 bash "$ENTRY" web 2>&1)"; rc=$?
set -e
echo "exit $rc: $out"
[ "$rc" -eq 78 ] && [[ "$out" == "OBCMS cannot start: SECRET_KEY is missing or a placeholder"* ]]

say "migrate job (entrypoint migrate), superuser, a region of the hierarchy"
timeout 300 bash "$ENTRY" migrate 2>&1 | tail -n 3
DJANGO_SUPERUSER_USERNAME="$ADMIN_USER" DJANGO_SUPERUSER_PASSWORD="$ADMIN_PASSWORD" DJANGO_SUPERUSER_EMAIL=admin@example.org \
  timeout 60 bash "$ENTRY" manage createsuperuser --noinput
timeout 120 bash "$ENTRY" manage populate_administrative_hierarchy --regions IX | tail -n 1

say "start web (gunicorn), worker and beat"
start web bash "$ENTRY" web
start worker bash "$ENTRY" worker
start beat bash "$ENTRY" beat
wait_for 60 "gunicorn listening on $BASE" grep -q "Listening at: $BASE" "$WORK/web.log"
wait_for 30 "/health/ on $BASE" "$PY" -c "import urllib.request; urllib.request.urlopen('$BASE/health/', timeout=2)"
wait_for 60 "the Celery worker" grep -q "ready" "$WORK/worker.log"
head -n 3 "$WORK/web.log"

say "HTTP checks (health, ready, redirect, headers, static, sign-in, JWT API)"
timeout 120 "$PY" "$ROOT/deployment/scripts/smoke_checks.py" "$BASE" main --username "$ADMIN_USER" --password "$ADMIN_PASSWORD"

say "a task runs on the worker (operations.ping through Redis)"
timeout 60 bash "$ENTRY" manage celery_ping --timeout 30

say "beat: schedule synced to the database, and a schedule dispatched by beat runs on the worker"
timeout 60 bash "$ENTRY" manage shell -c "
from django_celery_beat.models import PeriodicTask, IntervalSchedule
names = set(PeriodicTask.objects.values_list('name', flat=True))
assert {'nightly-backup', 'clear-expired-sessions-and-tokens'} <= names, names
every, _ = IntervalSchedule.objects.get_or_create(every=2, period=IntervalSchedule.SECONDS)
PeriodicTask.objects.create(name='smoke-beat-ping', task='operations.ping', interval=every, args='[\"smoke-beat\"]')
print('beat schedule in the database:', sorted(names))
"
wait_for 45 "beat to dispatch smoke-beat-ping to the worker" \
  bash "$ENTRY" manage shell -c "from django.core.cache import cache; assert cache.get('operations:ping:smoke-beat')"
echo "beat -> broker -> worker: $(bash "$ENTRY" manage shell -c "from django.core.cache import cache; print(cache.get('operations:ping:smoke-beat'))" 2>/dev/null | tail -n 1)"

say "nightly backup task on the worker, then the restore drill"
timeout 60 bash "$ENTRY" manage shell -c "from operations.tasks import nightly_backup; nightly_backup.delay()"
wait_for 90 "the backup manifest" bash -c "ls '$BACKUP_DIR'/obcms-db-*.json"
ls -l "$BACKUP_DIR"
timeout 300 bash "$ENTRY" manage restore --verify 2>&1 | grep -v " INFO "

say "communities: the Add Barangay OBC form, the API with a JWT, an export job on the worker"
timeout 180 "$PY" "$ROOT/deployment/scripts/smoke_checks.py" "$BASE" communities --username "$ADMIN_USER" --password "$ADMIN_PASSWORD"
grep -c "Task common.run_job\[.*\] succeeded" "$WORK/worker.log" | sed "s/^/export jobs that succeeded on the worker: /" || true

say "fault: Redis down -> pages still serve, /ready/ reports it"
stop_pid "$(cat "$WORK/redis-1.pid")"
timeout 120 "$PY" "$ROOT/deployment/scripts/smoke_checks.py" "$BASE" redis-down --username "$ADMIN_USER" --password "$ADMIN_PASSWORD"

say "Redis back -> /ready/ green, the worker reconnects and jobs run again"
redis_start 2
wait_for 20 "redis" redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping
timeout 60 "$PY" "$ROOT/deployment/scripts/smoke_checks.py" "$BASE" redis-back
timeout 120 bash "$ENTRY" manage celery_ping --timeout 90

say "request ids and logs"
grep -m 2 'rid=' "$WORK/web.log" || true
grep -c "Task operations.ping" "$WORK/worker.log" | sed 's/^/ping tasks run on the worker: /'

say "graceful stop of web, worker and beat"
for name in web worker beat; do
  pid="$(cat "$WORK/$name.pid")"
  started=$(date +%s); stop_pid "$pid"; echo "$name stopped in $(( $(date +%s) - started ))s"
done
say "smoke test passed"
