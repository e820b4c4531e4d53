"""Shared view plumbing: one authorisation choke point per model and action."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

from common.access import permission_allows


def require_permission(user, model, action: str) -> None:
    """403 unless the user's role may ``action`` the model (areas are applied by ``for_user``)."""
    if not permission_allows(user, model, action):
        raise PermissionDenied


class ModelPermissionMixin(LoginRequiredMixin):
    """Anonymous users go to the sign-in page; signed-in users without the role get 403."""

    permission_model = None
    permission_action = "view"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_permission(request.user, self.permission_model, self.permission_action)
        return super().dispatch(request, *args, **kwargs)


class TablePageMixin:
    """django-tables2 pagination that stays cheap: a fixed page size and no per-row queries."""

    paginate_by = 25

    def get_table_pagination(self, table):
        return {"per_page": self.paginate_by}
