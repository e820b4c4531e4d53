"""Shared view plumbing: one authorisation choke point, list pages, forms saved through services."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from common.appkit.views import require_permission


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
