"""Rate limits on password-reset e-mails, per client address and per e-mail address typed.

Counted in the cache for an hour, whether or not an account has that e-mail address, so the answer
never tells an outsider which addresses have accounts.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600
REFUSAL = (
    "Too many password-reset requests from your network or for this e-mail address. "
    "Wait an hour and try again, or ask a system administrator to reset your password."
)


def _hit(key: str) -> int:
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        return 1


def register_reset_request(address: str | None, email: str) -> str | None:
    """Count one request; return the refusal message when a limit is passed, else None."""
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    over_address = _hit(f"signin:reset:address:{address or 'unknown'}") > settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
    over_account = _hit(f"signin:reset:account:{digest}") > settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT
    return REFUSAL if over_address or over_account else None
