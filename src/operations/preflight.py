"""Container start-up check: load the settings and say plainly why they are refused.

``python -m operations.preflight`` exits 0 when the settings load, and 78 (EX_CONFIG) with a one-line
"OBCMS cannot start: ..." message (no traceback) when they do not, e.g. a missing or placeholder
SECRET_KEY with DEBUG=False. The image's entrypoint runs it before gunicorn, Celery or migrate.
"""

import os
import sys

EX_CONFIG = 78


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "obc_management.settings")
    try:
        import django

        django.setup()
    except Exception as exc:  # every reason not to start is reported the same way
        print(f"OBCMS cannot start: {exc}", file=sys.stderr)
        return EX_CONFIG
    from django.conf import settings

    if not settings.DEBUG and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        print(
            "OBCMS warning: DEBUG=False without DATABASE_URL uses SQLite; set DATABASE_URL for PostgreSQL.",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
