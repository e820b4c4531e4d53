"""Shared view plumbing: one authorisation choke point, list pages, forms saved through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from common.access import permission_allows
from common.appkit.views import require_permission


class ScopedListView(LoginRequiredMixin, SingleTableMixin, FilterView):
    """A list page: role check, ``for_user`` queryset, FilterSet, table, 25 rows a page."""

    model = None
    template_name = "coordination/list.html"
    title = ""
    export_kind = ""
    add_url_name = ""
    #: The "Deleted records" page (to roles that may delete).
    deleted_url_name = ""
    #: The ``common.imports`` kind offered as "Import" (to roles that may add).
    import_kind = ""
    per_page = 25

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_permission(request.user, self.model, "view")
        return super().dispatch(request, *args, **kwargs)

    def get_table_pagination(self, table):
        return {"per_page": self.per_page}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title,
            export_kind=self.export_kind,
            add_url_name=self.add_url_name if permission_allows(self.request.user, self.model, "add") else "",
            import_kind=self.import_kind if permission_allows(self.request.user, self.model, "add") else "",
            deleted_url_name=self.deleted_url_name
            if permission_allows(self.request.user, self.model, "delete")
            else "",
        )
        return context


def service_action(request, call, *, success: str, redirect_to):
    """Run a service for a POST action; its refusal becomes an error message."""
    try:
        call()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(redirect_to)
