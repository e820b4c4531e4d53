"""The OpenAPI schema tells the truth about versioned writes (``DEFAULT_SCHEMA_CLASS``).

For every viewset with ``VersionedViewSetMixin`` whose model is a ``VersionedModel``: ``PUT``/``PATCH``
require the ``If-Match`` header and may answer 412 (``StaleErrorSerializer``) or 428
(``ErrorSerializer``); detail reads and writes answer an ``ETag`` header. New apps get this by using
the mixin; nothing to annotate by hand.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from common.api.schema import ContractAutoSchema
from common.models import VersionedModel

from .api import ErrorSerializer, StaleErrorSerializer, VersionedViewSetMixin

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag of the record as read (e.g. "3"); `*` skips the check. Missing: 428; stale: 412.',
)
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200],
    description="The record's revision, to send back as If-Match.",
)


class VersionedAutoSchema(ContractAutoSchema):
    """The contract's error answers (common/api/schema.py) plus the versioned-write details."""

    def _is_versioned(self) -> bool:
        if not isinstance(self.view, VersionedViewSetMixin):
            return False
        try:
            model = self.view.get_queryset().model
        except (AttributeError, AssertionError, TypeError):  # a view without a queryset is not versioned
            return False
        return issubclass(model, VersionedModel)

    def _is_versioned_write(self) -> bool:
        return self.method in ("PUT", "PATCH") and self._is_versioned()

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self._is_versioned_write():
            parameters.append(IF_MATCH)
        if getattr(self.view, "action", None) in ("retrieve", "update", "partial_update") and self._is_versioned():
            parameters.append(ETAG)
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self._is_versioned_write() and direction == "response":
            # The stale answer names who changed what (replacing the contract's generic 412 body).
            responses["412"] = self._get_response_for_code(StaleErrorSerializer, "412", direction=direction)
            responses["428"] = self._get_response_for_code(ErrorSerializer, "428", direction=direction)
        return responses
