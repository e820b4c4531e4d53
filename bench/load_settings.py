"""Settings for bench/load.py: production settings (DEBUG=False), but cookies without the Secure flag,
because the load run speaks plain HTTP on loopback (in production Coolify's proxy terminates TLS)."""

from obc_management.settings import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
