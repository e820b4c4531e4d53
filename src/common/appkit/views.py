"""View plumbing shared by every app: one authorisation choke point, scoped lookups, service calls.

* ``permission_required(Model, action)`` — decorator for function views: anonymous users go to the
  sign-in page, signed-in users without the role get the 403 page. Areas are applied by
  ``for_user`` in the lookup (``get_scoped_or_404(queryset, request, pk, action)``), which answers
  404 outside them.
* ``ModelPermissionMixin`` — the same for class-based views.
* ``save_form(form, service, **kwargs)`` — call a write service for a valid form; a refusal
  (``ValidationError``/``StaleRecordError``) lands on the form and ``None`` comes back.
* ``run_action(request, service, success=..., **kwargs)`` — a button without a form; refusals
  become messages.
* ``form_page(request, form, save, success=..., template=..., context=...)`` — a whole add/edit
  page: ``save()`` runs through ``save_form`` on a valid POST, then redirect; otherwise the form again
  (400 with the service's messages).
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from common.access import permission_allows

from .errors import FORM_ERRORS, add_messages, apply_to_form


def require_permission(user, model, action: str) -> None:
    """403 unless the user's role may ``action`` the model (areas are applied by ``for_user``)."""
    if not permission_allows(user, model, action):
        raise PermissionDenied


def permission_required(model, action: str = "view"):
    """Decorator: sign-in required, then the role's permission on ``model`` for ``action``."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            require_permission(request.user, model, action)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


class ModelPermissionMixin(LoginRequiredMixin):
    """Anonymous users go to the sign-in page; signed-in users without the role get 403."""

    permission_model = None
    permission_action = "view"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_permission(request.user, self.permission_model, self.permission_action)
        return super().dispatch(request, *args, **kwargs)


def get_scoped_or_404(queryset, request, pk, action: str = "view", *, alive: bool = True):
    """The object if the signed-in user may ``action`` it (role, area, team); 404 otherwise (no
    existence leak). ``queryset`` is a model's manager or a queryset with ``for_user``; soft-deleted
    rows are left out unless ``alive=False``."""
    qs = queryset.for_user(request.user, action)
    if alive and hasattr(qs, "alive"):
        qs = qs.alive()
    return get_object_or_404(qs, pk=pk)


def save_form(form, service, /, **kwargs):
    """Call ``service(**kwargs)``; on a refusal put its messages on ``form`` and return None."""
    try:
        return service(**kwargs)
    except FORM_ERRORS as error:
        apply_to_form(form, error)
        return None


def run_action(request, service, /, success: str | None = None, **kwargs):
    """Call a service for a button (no form): messages for success and refusal. Returns the result or None."""
    try:
        result = service(user=request.user, **kwargs)
    except FORM_ERRORS as error:
        add_messages(request, error)
        return None
    if success:
        messages.success(request, success)
    return result


def paginate(request, queryset, size: int = 25):
    """A page of ``queryset`` for ``?page=`` (out-of-range pages give the last page)."""
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def querystring_without_page(request) -> str:
    """The current filters as a query string, for pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def form_status(form) -> int:
    """400 for a posted form shown again with errors, 200 otherwise."""
    return 400 if form.is_bound else 200


class TablePageMixin:
    """django-tables2 pagination with a fixed page size. (Not ``paginate_by``: that would make the
    ListView paginate, and count, a second time.)"""

    per_page = 25

    def get_table_pagination(self, table):
        return {"per_page": self.per_page}


def form_page(request, form, save, /, *, success: str, template: str, context: dict | None = None):
    """An add/edit page in one call: on a valid POST, ``save(form)`` (a closure calling the service)
    runs through ``save_form`` — refusals land on the form, a stale save keeps what was typed — and
    the page redirects to the saved object with ``success`` (``{obj}`` is the object); otherwise
    the form is shown (again, with status 400 when posted)."""
    if request.method == "POST" and form.is_valid():
        obj = save_form(form, lambda: save(form))
        if obj is not None:
            messages.success(request, success.format(obj=obj))
            return redirect(obj)
    return render(request, template, {"form": form, **(context or {})}, status=form_status(form))
