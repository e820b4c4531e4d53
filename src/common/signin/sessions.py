"""End a user's sessions and refresh tokens: one service for every path that must do it.

Called when a password is changed or reset, when a user is deactivated and when a user signs out
(web or API). Web sessions are found by decoding the unexpired rows of the session table (idle
sessions expire after ``SESSION_IDLE_HOURS`` and ``clearsessions`` runs nightly, so the table stays
small); refresh tokens are blacklisted through simplejwt's outstanding-token list.
"""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken


def end_sessions(user, *, keep_session_key: str | None = None) -> int:
    """Delete every unexpired web session of ``user`` except ``keep_session_key``; return how many."""
    doomed = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key == keep_session_key:
            continue
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk):
            doomed.append(session.session_key)
    if doomed:
        Session.objects.filter(session_key__in=doomed).delete()
    return len(doomed)


def revoke_refresh_tokens(user) -> int:
    """Blacklist every outstanding, unexpired refresh token of ``user``; return how many."""
    tokens = OutstandingToken.objects.filter(user=user, expires_at__gt=timezone.now(), blacklistedtoken__isnull=True)
    created = BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in tokens], ignore_conflicts=True
    )
    return len(created)


def end_all_sign_ins(user, *, keep_session_key: str | None = None) -> dict:
    """Sign ``user`` out everywhere (but the session named, if any): web sessions and refresh tokens."""
    return {
        "sessions": end_sessions(user, keep_session_key=keep_session_key),
        "refresh_tokens": revoke_refresh_tokens(user),
    }
