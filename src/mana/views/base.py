"""Shared view helpers: scoped object lookup and service errors onto forms."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404

from common.access import permission_allows

PAGE_SIZE = 25


def scoped(queryset, request, pk, action="view"):
    """The object if the user may ``action`` it (role, area, team); 404 otherwise (no existence leak)."""
    qs = queryset.for_user(request.user, action)
    if hasattr(qs, "alive") and action != "restore":
        qs = qs.alive()
    return get_object_or_404(qs, pk=pk)


def require_view(request, model):
    if not permission_allows(request.user, model, "view"):
        raise PermissionDenied


def errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def run_service(request, fn, success: str | None = None, **kwargs):
    """Call a service for a button (no form): messages for success and refusal. Returns the result or None."""
    try:
        result = fn(user=request.user, **kwargs)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return None
    if success:
        messages.success(request, success)
    return result


def paginate(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def people_shown(request, assessment, *, rows: int, description: str) -> bool:
    """The personal-data rule on a MANA page: True when the user may see participants' names for
    ``assessment``; a page that then shows ``rows`` names is logged."""
    from common import personal_data
    from mana.models import Participant

    allowed = personal_data.can_view(request.user, Participant, obj=assessment)
    if allowed and rows:
        personal_data.log_export(user=request.user, model=Participant, rows=rows, channel="page",
                                 file_format="html", description=description, target=assessment)  # fmt: skip
    return allowed
