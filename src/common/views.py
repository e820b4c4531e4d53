from django.contrib.auth.decorators import login_required
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


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
