"""API plumbing shared by every app.

* ``ScopedModelPermission`` + ``ScopedViewSetMixin`` — the role must allow the HTTP method's action
  on ``permission_model``; querysets come from ``for_user`` with that action.
* ETag / If-Match — ``ScopedViewSetMixin`` answers a detail ``GET`` with ``ETag: "<revision>"`` for
  ``VersionedModel`` records; ``PUT``/``PATCH`` must send ``If-Match`` with that value (``W/"3"``,
  ``"3"`` and ``3`` are accepted). A missing ``If-Match`` is refused with **428 Precondition
  Required** (a client that never read the record cannot overwrite it); a stale one with **412
  Precondition Failed** naming who changed what. ``If-Match: *`` opts out of the check explicitly.
* ``ScopedRelatedFieldsMixin`` — serializer related fields limited to ``for_user`` of the caller.
* ``exception_handler`` — one error body for every 4xx::

      {"detail": "<one sentence>", "code": "<machine code>", "errors": {"<field>": ["<message>"]}}

  Django ``ValidationError`` from a service → 400, ``PermissionDenied`` → 403,
  ``StaleRecordError`` → 412 (plus ``current_revision``, ``changed_by``, ``changed_at`` and
  ``changed_fields`` with their current values).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.relations import ManyRelatedField
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from common.access import permission_allows
from common.models import VersionedModel

from .concurrency import StaleRecordError, parse_revision
from .errors import error_dict
from .forms import scoped_queryset

METHOD_ACTIONS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = (
        'Send the If-Match header with the ETag of the record you read (e.g. If-Match: "3"), so that '
        "a change someone saved since is not overwritten."
    )
    default_code = "precondition_required"


class ScopedModelPermission(permissions.BasePermission):
    """The role must allow the action on ``view.permission_model``; areas come from ``get_queryset``."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        return permission_allows(request.user, view.permission_model, view.required_action())


class VersionedViewSetMixin:
    """ETag on detail reads and writes; ``If-Match`` required on PUT/PATCH (see the module doc).

    ``perform_update`` calls the app's service with ``expected_revision=self.expected_revision()``
    and hands the saved record to ``self.versioned_result(serializer, record)``.
    """

    def expected_revision(self):
        """The revision named by ``If-Match`` (None for ``*``); 428 when the header is missing."""
        header = self.request.headers.get("If-Match", "").strip()
        if not header:
            raise PreconditionRequired()
        if header == "*":
            return None
        try:
            return parse_revision(header.split(",")[0])
        except ValueError:
            raise exceptions.ValidationError({"If-Match": ['Give the ETag you read, e.g. "3".']}) from None

    def get_object(self):
        obj = super().get_object()
        self._etag_instance = obj
        return obj

    def versioned_result(self, serializer, instance):
        """Point the serializer (and the ETag) at the saved record the service returned."""
        serializer.instance = instance
        self._etag_instance = instance

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        instance = getattr(self, "_etag_instance", None)
        if instance is not None and response.status_code < 300 and isinstance(instance, VersionedModel):
            response["ETag"] = instance.etag
        return response


class ScopedViewSetMixin(VersionedViewSetMixin):
    permission_classes = [ScopedModelPermission]
    permission_model = None
    #: Extra actions that need something else than the HTTP method's action.
    action_overrides: dict[str, str] = {}

    def required_action(self) -> str:
        return self.action_overrides.get(self.action, METHOD_ACTIONS.get(self.request.method, "view"))

    def scoped(self, manager):
        return manager.for_user(self.request.user, self.required_action())

    def scoped_object(self, model, pk, action: str = "view"):
        """A related record named in the request (e.g. ``{"session": 4}``), if the caller may
        ``action`` it; 404 otherwise, so records outside the caller's areas are never confirmed."""
        obj = model.objects.for_user(self.request.user, action).filter(pk=pk).first() if pk not in (None, "") else None
        if obj is None:
            raise exceptions.NotFound(f"{model._meta.verbose_name.capitalize()} {pk} not found.")
        return obj


class ScopedRelatedFieldsMixin:
    """Serializer related fields limited to ``for_user`` of the caller.

    ``scoped_fields = {"community": (BarangayOBC, "view")}``: a value outside the caller's areas is
    answered like a value that does not exist ("Invalid pk"), so nothing leaks.
    """

    scoped_fields: dict = {}

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for name, (source, action) in self.scoped_fields.items():
            field = fields.get(name)
            if field is None or field.read_only:
                continue
            target = field.child_relation if isinstance(field, ManyRelatedField) else field
            target.queryset = scoped_queryset(source, user, action)
        return fields


class ErrorSerializer(serializers.Serializer):
    """The one error body of the API (for the OpenAPI schema)."""

    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class StaleErrorSerializer(ErrorSerializer):
    current_revision = serializers.IntegerField()
    expected_revision = serializers.IntegerField()
    changed_by = serializers.CharField()
    changed_at = serializers.DateTimeField(allow_null=True)
    changed_fields = serializers.DictField(child=serializers.CharField())


def _flatten(errors) -> dict[str, list[str]]:
    if isinstance(errors, dict):
        out = {}
        for name, value in errors.items():
            if isinstance(value, dict):
                for sub, messages in _flatten(value).items():
                    out[f"{name}.{sub}"] = messages
            elif isinstance(value, list):
                out[name] = [str(v) for v in value if not isinstance(v, dict | list)] or [str(value)]
            else:
                out[name] = [str(value)]
        return out
    if isinstance(errors, list):
        return {"non_field_errors": [str(e) for e in errors]}
    return {"non_field_errors": [str(errors)]}


def exception_handler(exc, context):
    """DRF's handler, with service errors translated and every error body in one shape."""
    if isinstance(exc, StaleRecordError):
        return Response({**exc.as_dict(), "errors": {}}, status=status.HTTP_412_PRECONDITION_FAILED)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(error_dict(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(data)
        first = next(iter(errors.values()), [""])
        body = {"detail": first[0] if len(errors) == 1 and first else "The request has errors.", "code": "invalid"}
        body["errors"] = errors
    else:
        detail = data.get("detail", "") if isinstance(data, dict) else data
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        body = dict(data) if isinstance(data, dict) else {}
        body.update({"detail": str(detail), "code": str(body.get("code") or code), "errors": {}})
    response.data = body
    return response
