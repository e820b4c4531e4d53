"""The OpenAPI schema as a contract: one error shape, documented on every operation.

Every app's API reuses this module (it is the project's ``DEFAULT_SCHEMA_CLASS``):

* ``ErrorSerializer`` (common/appkit/api.py) is the body of every 4xx answer: ``detail`` (one message),
  ``code`` and ``errors`` (one list of messages per field, ``non_field_errors`` for the rest); the
  exception handler in common/appkit/api.py gives every error that shape.
* :class:`ContractAutoSchema` adds the error answers an operation can give, from what the operation
  is, so no view has to list them by hand:

  ========  ==============================================================================
  400       always (validation, business rules; control characters in the address)
  401       always (no or an expired token / session)
  403       the view checks permissions (role or area)
  404       a path parameter names a record, or the list is paginated (``?page`` past the end)
  409, 412  ``PUT``/``PATCH``/``DELETE`` on one record (the record changed since it was read;
            ``If-Match`` did not match its ``ETag``)
  415       the operation takes a body (JSON only)
  429       always (throttling)
  ========  ==============================================================================

A view that answers something else documents it with ``extend_schema(responses={...})``;
what it lists there wins over these defaults.
"""

from __future__ import annotations

import uritemplate
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from common.appkit.api import ErrorSerializer

ERROR_DESCRIPTIONS = {
    "400": "The request is not valid: `detail`, or one list of messages per field (`non_field_errors` "
    "for messages about the whole request). Control characters in the address are refused too.",
    "401": "Not signed in, or the token expired.",
    "403": "Your role or your areas do not allow this.",
    "404": "No such record in your areas (or no such page of the list).",
    "409": "The record changed since you read it: read it again and re-apply your change.",
    "412": "`If-Match` does not match the record's current `ETag`.",
    "415": "The body is not JSON (`Content-Type: application/json`).",
    "429": "Too many requests: wait and try again.",
}


class ContractAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema plus the error answers of :data:`ERROR_DESCRIPTIONS`."""

    def error_statuses(self) -> list[str]:
        method = self.method
        has_path_params = bool(uritemplate.variables(self.path))
        paginated = bool(self._get_pagination_parameters())
        # 400 everywhere: besides validation, control characters anywhere in the address are refused.
        statuses = ["400", "401", "429"]
        if getattr(self.view, "permission_classes", None):
            statuses.append("403")
        if method in ("POST", "PUT", "PATCH"):
            statuses.append("415")
        if has_path_params or paginated:
            statuses.append("404")
        if method in ("PUT", "PATCH", "DELETE") and has_path_params:
            statuses += ["409", "412"]
        return statuses

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for status in self.error_statuses():
            if status not in responses:
                responses[status] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[status]), status
                )
        return responses


def empty_query_value_means_not_given(result, generator, request, public):
    """drf-spectacular post-processing hook: in a query string an empty value means "not given".

    The FilterSets are shared with the pages, whose filter forms send ``?group=&region=`` for "any";
    django-filter, DRF's pagination and the location API all read an empty value as absent. The schema
    says so: every optional query parameter also accepts ``""``.
    """
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("in") != "query" or parameter.get("required"):
                    continue
                schema = parameter.get("schema", {})
                if "enum" in schema:
                    if "" not in schema["enum"]:
                        schema["enum"] = ["", *schema["enum"]]
                elif schema.get("type") in ("integer", "number", "boolean") or "format" in schema:
                    parameter["schema"] = {"anyOf": [schema, {"type": "string", "enum": [""]}]}
    return result
