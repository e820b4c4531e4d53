"""/api/v1/ai/drafts/: the caller's own drafts (for records they can open), asking for one, and
accepting or rejecting it (action items one by one, by index). Refusals use the one error body."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ai_assistant.drafting import services
from ai_assistant.models.drafts import Draft
from common.appkit.api import StaleErrorSerializer

from . import drafting_serializers as s

INDEX = OpenApiParameter("index", int, OpenApiParameter.PATH, description="Position of the item in `items` (from 0).")


class DraftViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Drafts are private: another user's draft, or one whose record left your areas, is 404."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.DraftSerializer
    queryset = Draft.objects.none()

    def get_queryset(self):
        return Draft.objects.for_user(self.request.user)

    def _answer(self, pk, code=status.HTTP_200_OK):
        return Response(s.DraftSerializer(Draft.objects.get(pk=pk)).data, status=code)

    @extend_schema(request=s.DraftCreateSerializer, responses={201: s.DraftSerializer})
    def create(self, request):
        """Ask for a draft. Assessment summaries are written by a background job: poll the draft until
        ``ready`` is true. The others come back written."""
        data = s.DraftCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kind, record = data.validated_data["kind"], data.validated_data["record"]
        target = services.visible_target(request.user, kind, record)
        if target is None:
            raise ValidationError({"record": ["No such record in your areas."]})
        draft = services.request_draft(user=request.user, kind=kind, target=target)
        return self._answer(draft.pk, status.HTTP_201_CREATED)

    @extend_schema(request=s.DraftAcceptSerializer, responses={200: s.DraftSerializer, 412: StaleErrorSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Write the (corrected) text into the record; needs the change right on the record."""
        draft = self.get_object()
        data = s.DraftAcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        services.accept_draft(user=request.user, draft=draft, text=v.get("text"),
                              expected_revision=v.get("revision"), reason=v.get("reason", ""))  # fmt: skip
        return self._answer(draft.pk)

    @extend_schema(request=None, responses=s.DraftSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Discard the draft (and any items still pending): nothing is written."""
        draft = self.get_object()
        services.reject_draft(user=request.user, draft=draft)
        return self._answer(draft.pk)

    @extend_schema(request=s.DraftItemAcceptSerializer, responses={201: s.DraftItemAcceptedSerializer},
                   parameters=[INDEX])  # fmt: skip
    @action(detail=True, methods=["post"], url_path=r"items/(?P<index>[0-9]+)/accept")
    def accept_item(self, request, pk=None, index=None):
        """Create ONE action item from proposed item ``index`` (fields given here override the proposal)."""
        draft = self.get_object()
        data = s.DraftItemAcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = services.accept_item(user=request.user, draft=draft, index=int(index), **data.validated_data)
        body = {"draft": Draft.objects.get(pk=draft.pk), "action_item": created.pk}
        return Response(s.DraftItemAcceptedSerializer(body).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.DraftSerializer, parameters=[INDEX])
    @action(detail=True, methods=["post"], url_path=r"items/(?P<index>[0-9]+)/reject")
    def reject_item(self, request, pk=None, index=None):
        """Discard proposed item ``index``: no action item is created."""
        draft = self.get_object()
        services.reject_item(user=request.user, draft=draft, index=int(index))
        return self._answer(draft.pk)
