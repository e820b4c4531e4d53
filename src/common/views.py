from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

from common.selectors import coverage_summary


@login_required
def home(request):
    from coordination.views.overview import home_panel

    context = {"coverage": coverage_summary(), "coordination": home_panel(request.user)}
    return render(request, "common/home.html", context)


def favicon(request):
    """/favicon.ico, asked for by browsers and bots whatever the page says: the static file (whitenoise)."""
    return redirect(static("favicon.ico"), permanent=True)


def api_error(detail: str, code: str, status: int) -> JsonResponse:
    """An error answered outside DRF, in the API's one error body (common/appkit/api.ErrorSerializer)."""
    return JsonResponse({"detail": detail, "code": code, "errors": {}}, status=status)


def _api(request) -> bool:
    """Under /api/ the answer is JSON in the API's one error shape (common/api/schema.py), not a page."""
    return request.path.startswith("/api/")


def permission_denied(request, exception=None):
    if _api(request):
        return api_error("You do not have permission to perform this action.", "permission_denied", 403)
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    if _api(request):
        return api_error("Not found.", "not_found", 404)
    return render(request, "404.html", status=404)


def server_error(request):
    if _api(request):
        return api_error("Server error. It was logged.", "server_error", 500)
    return render(request, "500.html", status=500)
