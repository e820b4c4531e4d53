"""Health endpoints answer before host validation, SSL redirect and sessions.

A container health check calls http://localhost:8000/health/ with whatever Host header its tool
sends and without TLS; neither ALLOWED_HOSTS nor SECURE_SSL_REDIRECT may decide the answer.
"""

from common import health

HEALTH_VIEWS = {"/health/": health.alive, "/ready/": health.ready}


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = HEALTH_VIEWS.get(request.path_info)
        if view is not None and request.method in ("GET", "HEAD"):
            return view(request)
        return self.get_response(request)
