"""Sessions and responses across assessments, and the "New response" entry point.

Every list reads through ``for_user`` (role, area, facilitator team), is paginated and filtered
with the same FilterSets as the per-assessment pages."""

from django.db.models import Count, Q
from django.shortcuts import render

from common.access import can_view_personal_data, permission_allows
from common.appkit.views import paginate, permission_required, querystring_without_page
from mana.filters import ResponseFilter, SessionFilter
from mana.models import Response, Session


def _sessions(user, action="view"):
    return (
        Session.objects.for_user(user, action)
        .filter(assessment__deleted_at__isnull=True)
        .select_related("assessment", "version__instrument")
        .annotate(response_count=Count("responses", filter=Q(responses__deleted_at__isnull=True)))
    )


@permission_required(Session, "view")
def session_list(request):
    filterset = SessionFilter(request.GET, queryset=_sessions(request.user), request=request)
    return render(
        request,
        "mana/session_list.html",
        {
            "filter": filterset,
            "page": paginate(request, filterset.qs.order_by("-scheduled_at", "-pk")),
            "querystring": querystring_without_page(request),
            "can_respond": permission_allows(request.user, Response, "add"),
        },
    )


@permission_required(Response, "view")
def response_index(request):
    queryset = (
        Response.objects.for_user(request.user, "view")
        .alive()
        .filter(assessment__deleted_at__isnull=True)
        .select_related("participant", "session", "assessment", "version__instrument")
        .order_by("-updated_at", "-pk")
    )
    filterset = ResponseFilter(request.GET, queryset=queryset, request=request)
    chosen = request.GET.get("assessment", "")
    if chosen.isdigit():  # offer that assessment's sessions only
        sessions = filterset.filters["session"].get_queryset(request)
        filterset.filters["session"].queryset = sessions.filter(assessment_id=int(chosen))
    return render(
        request,
        "mana/response_index.html",
        {
            "filter": filterset,
            "page": paginate(request, filterset.qs),
            "querystring": querystring_without_page(request),
            "personal_data": can_view_personal_data(request.user),
            "can_respond": permission_allows(request.user, Response, "add"),
            "show_context": True,
        },
    )


@permission_required(Response, "add")
def response_new(request):
    """Pick the open session a new response belongs to (sessions the user may add responses to)."""
    open_sessions = (
        _sessions(request.user, "change")
        .filter(status=Session.Status.OPEN)
        .order_by("assessment__title", "title", "pk")
    )
    return render(request, "mana/response_new.html", {"page": paginate(request, open_sessions)})
