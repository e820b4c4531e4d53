"""Sign-in lock-out policy, plugged into django-axes through its settings.

* **By username and by address, separately** (``AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]``):
  guesses spread over many addresses still lock the username, and one address (a whole office behind a
  proxy) is locked only after ``AXES_ADDRESS_FAILURE_LIMIT`` failures over all usernames, far more than
  the ``AXES_FAILURE_LIMIT`` one username may have. axes compares one failure count with one limit, so
  ``failure_limit`` (``AXES_FAILURE_LIMIT`` is callable) returns the limit that applies to the counts.
* **Growing delays** (``AXES_COOLOFF_TIME`` is callable): the lock lasts ``AXES_COOLOFF_MINUTES``, doubled
  for every further ``AXES_FAILURE_LIMIT`` failures of that username in the last day (since its last
  successful sign-in), up to a day.
* **Client address**: ``REMOTE_ADDR`` unless ``TRUSTED_PROXY_COUNT`` says how many proxies of ours append
  to ``X-Forwarded-For``; then the address the outermost of them saw. A client cannot spoof it by sending
  its own header, because our proxies append to it.
* A successful sign-in clears that username's failures only, never those of the address
  (``OfficeAxesHandler``): signing in to one's own account must not wipe the guesses made at another.
"""

from dataclasses import dataclass
from datetime import timedelta

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone

MAX_COOL_OFF = timedelta(hours=24)
GROWTH_WINDOW = timedelta(hours=24)


def client_ip(request) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or the one our trusted proxies recorded (``TRUSTED_PROXY_COUNT``)."""
    trusted = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR")
    if trusted <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < trusted:
        return remote
    return forwarded[-trusted]


def _username(request, credentials=None) -> str | None:
    username = get_client_username(request, credentials)
    if username is None:
        data = getattr(request, "data", None)  # a DRF request (token endpoint) carries JSON
        if hasattr(data, "get"):
            username = data.get(settings.AXES_USERNAME_FORM_FIELD)
    return username or None


def cool_off(request) -> timedelta:
    """How long a lock lasts for the username in ``request``: grows with repeated failures."""
    base = timedelta(minutes=settings.AXES_COOLOFF_MINUTES)
    username = _username(request) if request is not None else None
    if not username:
        return base
    since = timezone.now() - GROWTH_WINDOW
    last_success = AccessLog.objects.filter(username=username, attempt_time__gte=since).order_by("-attempt_time")
    last_success = last_success.values_list("attempt_time", flat=True).first()
    failures = AccessFailureLog.objects.filter(username=username, attempt_time__gte=last_success or since).count()
    doublings = max(0, failures // settings.AXES_USERNAME_FAILURE_LIMIT - 1)
    return min(base * (2 ** min(doublings, 16)), MAX_COOL_OFF)


@dataclass(frozen=True)
class FailureCounts:
    username: int
    address: int

    @property
    def username_attempts_left(self) -> int:
        return max(0, settings.AXES_USERNAME_FAILURE_LIMIT - self.username)

    @property
    def locked(self) -> bool:
        return (
            self.username >= settings.AXES_USERNAME_FAILURE_LIMIT or self.address >= settings.AXES_ADDRESS_FAILURE_LIMIT
        )


def _sum(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def failure_counts(request, credentials=None) -> FailureCounts:
    """Recent failures of the username and of the address in ``request`` (within the current cool-off)."""
    if not hasattr(request, "axes_attempt_time"):
        request.axes_attempt_time = timezone.now()
    recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
    username = _username(request, credentials)
    address = getattr(request, "axes_ip_address", None) or client_ip(request)
    return FailureCounts(
        username=_sum(recent.filter(username=username)) if username else 0,
        address=_sum(recent.filter(ip_address=address)) if address else 0,
    )


def failure_limit(request, credentials=None) -> int:
    """The limit axes compares with max(username failures, address failures): the one that applies."""
    counts = failure_counts(request, credentials)
    if counts.username >= settings.AXES_USERNAME_FAILURE_LIMIT:
        return settings.AXES_USERNAME_FAILURE_LIMIT
    if counts.address >= settings.AXES_ADDRESS_FAILURE_LIMIT:
        return settings.AXES_ADDRESS_FAILURE_LIMIT
    return max(counts.username, counts.address) + 1


def lockout_response(request, original_response=None, credentials=None):
    counts = failure_counts(request, credentials)
    minutes = int(get_cool_off(request).total_seconds() // 60)
    context = {
        "by_username": counts.username >= settings.AXES_USERNAME_FAILURE_LIMIT,
        "cool_off_minutes": minutes,
        "cool_off_hours": round(minutes / 60, 1),
    }
    return render(request, "registration/locked.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


class OfficeAxesHandler(AxesDatabaseHandler):
    def reset_user_attempts(self, request, credentials=None) -> int:
        """After a successful sign-in, clear that username's failures (from any address) only."""
        username = _username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count
