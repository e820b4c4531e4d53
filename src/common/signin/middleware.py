"""Idle sessions: a signed-in session expires ``SESSION_IDLE_HOURS`` after its last request.

Django stores a session's expiry when the session is saved. Saving on every request
(``SESSION_SAVE_EVERY_REQUEST``) would write the session row on every page; this middleware touches
the session at most once every ``TOUCH_SECONDS``, so the expiry slides with use at a negligible cost.
"""

import time

TOUCH_KEY = "_idle_touched"
TOUCH_SECONDS = 300


class IdleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            if now - request.session.get(TOUCH_KEY, 0) >= TOUCH_SECONDS:
                request.session[TOUCH_KEY] = now
        return self.get_response(request)
