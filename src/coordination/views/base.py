"""Shared view plumbing: one authorisation choke point, list pages, forms saved through services."""

from __future__ import annotations

from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from common.access import permission_allows
from common.appkit.views import ModelPermissionMixin, TablePageMixin, require_permission

__all__ = ["ScopedListView", "require_permission"]


class ScopedListView(ModelPermissionMixin, TablePageMixin, SingleTableMixin, FilterView):
    """A list page (coordination and policies): the role's view permission (``ModelPermissionMixin``),
    a ``for_user`` queryset, FilterSet, table, 25 rows a page (``TablePageMixin``), and the add /
    import / export / deleted-records links the user's role allows."""

    model = None
    template_name = "coordination/list.html"
    title = ""
    export_kind = ""
    add_url_name = ""
    #: The "Deleted records" page (to roles that may delete).
    deleted_url_name = ""
    #: The ``common.imports`` kind offered as "Import" (to roles that may add).
    import_kind = ""

    @property
    def permission_model(self):
        return self.model

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
