"""Shared view plumbing: one authorisation choke point, list pages, forms saved through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from common.access import permission_allows
from common.appkit.errors import apply_to_form


def require_permission(user, model, action: str) -> None:
    """403 unless the user's role may ``action`` the model (areas are applied by ``for_user``)."""
    if not permission_allows(user, model, action):
        raise PermissionDenied


class ScopedListView(LoginRequiredMixin, SingleTableMixin, FilterView):
    """A list page: role check, ``for_user`` queryset, FilterSet, table, 25 rows a page."""

    model = None
    template_name = "policies/list.html"
    title = ""
    per_page = 25

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_permission(request.user, self.model, "view")
        return super().dispatch(request, *args, **kwargs)

    def get_table_pagination(self, table):
        return {"per_page": self.per_page}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        return context


def save_form(request, form, save, *, success: str, template: str, context: dict):
    """Validate the form, call ``save(form)`` (a service), redirect on success; otherwise re-render
    with the service's messages on the fields (nothing typed is lost)."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form)
        except ValidationError as error:
            apply_to_form(form, error)
        else:
            messages.success(request, success.format(obj=obj))
            return redirect(obj)
    status = 400 if form.is_bound else 200
    return render(request, template, {"form": form, **context}, status=status)
