"""The scoped admin: the base class of every domain model's admin.

A staff user who is not a superuser sees, opens and picks only what ``for_user`` gives them: the
changelist and the object pages read through ``Model.objects.for_user(user, action)``, and every
foreign-key and many-to-many field offers only the related records of the user's areas. Domain
records are written by services (validation, area rule, roll-ups, versions), so the admin of a
domain model is read-only unless the app overrides ``save_model`` with a service call.
"""

from __future__ import annotations

from django.contrib import admin


def _scoped(queryset, user, action):
    return queryset.for_user(user, action) if hasattr(queryset, "for_user") else queryset


class ScopedModelAdmin(admin.ModelAdmin):
    show_full_result_count = False
    #: Domain records are written through their services, not the admin.
    read_only = True

    def get_queryset(self, request):
        return _scoped(super().get_queryset(request), request.user, "view")

    def _related(self, db_field, request, kwargs):
        queryset = kwargs.get("queryset")
        if queryset is None:
            queryset = db_field.remote_field.model._default_manager.all()
        kwargs["queryset"] = _scoped(queryset, request.user, "view")
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(db_field, request, **self._related(db_field, request, kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(db_field, request, **self._related(db_field, request, kwargs))

    def _allowed(self, request, obj, action) -> bool:
        if obj is None:
            return True
        manager = type(obj)._default_manager
        if not hasattr(manager, "for_user"):
            return True
        return manager.for_user(request.user, action).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._allowed(request, obj, "view")

    def has_add_permission(self, request):
        return not self.read_only and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        if self.read_only:
            return False
        return super().has_change_permission(request, obj) and self._allowed(request, obj, "change")

    def has_delete_permission(self, request, obj=None):
        if self.read_only:
            return False
        return super().has_delete_permission(request, obj) and self._allowed(request, obj, "delete")
