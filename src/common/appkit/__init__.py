"""One way to write an app: the shared write plumbing every OBCMS app uses.

* ``concurrency`` — versions, ``StaleRecordError``, lock-check-save helpers (no lost updates);
* ``errors`` — service errors onto forms, into messages and into the API's one error body;
* ``forms`` — ``VersionedFormMixin`` (hidden version field, stale message), ``ScopedFieldsMixin``;
* ``views`` — ``permission_required`` decorator, ``ModelPermissionMixin``, ``get_scoped_or_404``,
  ``save_form`` and ``run_action``;
* ``api`` — ``ScopedModelPermission``, ``ScopedViewSetMixin`` (role × area, ETag/If-Match),
  ``ScopedRelatedFieldsMixin`` for serializers, and the exception handler;
* ``admin`` — ``ScopedModelAdmin``, the base class of every domain model's admin.

``docs/architecture.md`` ("How to write an app") shows them together.
"""
