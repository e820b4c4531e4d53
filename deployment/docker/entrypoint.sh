#!/usr/bin/env bash
# OBCMS container entrypoint. One image, one role per container:
#   web      gunicorn (gunicorn.conf.py)          worker   Celery worker
#   beat     Celery beat (DatabaseScheduler)      migrate  one-shot: apply migrations, then exit
#   manage   ./manage.py ARGS (e.g. `manage backup`, `manage restore --verify`)
#   anything else is executed as given.
# Every role first loads the settings; a missing or placeholder secret stops the container here with a
# one-line reason (exit 78) instead of a traceback in a restart loop.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../../src"

python -m operations.preflight

role="${1:-web}"
[ "$#" -gt 0 ] && shift
case "$role" in
  web)
    exec gunicorn --config ../gunicorn.conf.py obc_management.wsgi:application "$@"
    ;;
  worker)
    exec celery -A obc_management worker --loglevel "${LOG_LEVEL:-INFO}" \
      --concurrency "${CELERY_CONCURRENCY:-2}" --max-tasks-per-child "${CELERY_MAX_TASKS_PER_CHILD:-200}" "$@"
    ;;
  beat)
    exec celery -A obc_management beat --loglevel "${LOG_LEVEL:-INFO}" \
      --scheduler django_celery_beat.schedulers:DatabaseScheduler --pidfile= "$@"
    ;;
  migrate)
    python manage.py check --deploy
    python manage.py migrate --noinput "$@"
    echo "migrations applied"
    ;;
  manage)
    exec python manage.py "$@"
    ;;
  *)
    exec "$role" "$@"
    ;;
esac
