"""Shared view plumbing: the list page base (coordination's, with the policies template) and the
role check of ``common.appkit.views``."""

from __future__ import annotations

from common.appkit.views import require_permission
from coordination.views.base import ScopedListView as _ListView

__all__ = ["ScopedListView", "require_permission"]


class ScopedListView(_ListView):
    """A list page: role check, ``for_user`` queryset, FilterSet, table, 25 rows a page."""

    template_name = "policies/list.html"
