"""The one personal-data rule of OBCMS (Data Privacy Act of 2012, RA 10173).

Who may see personal data (names, contacts, ages of leaders, participants, focal persons) is decided
here and nowhere else, and every time personal data leaves the system (a page or API answer that
lists it, a CSV/Excel/PDF download, a background job's file) it is logged here.

The rule (``can_view``): the user is active and their role grants ``common.view_personal_data``;
for a model registered whole (every row is personal data) the role also has the model's ``view``
permission; and when the personal data belongs to a record (``obj``: the community of a leader,
the assessment of a participant, a coverage row with focal persons) that record is within the
user's areas (``type(obj).objects.for_user(user, "view")``). Deny by default: a model that was
never registered is refused with ``ImproperlyConfigured``, so a new app cannot forget to.

A new app (e.g. coordination's contacts and focal persons):

1. registers its personal data in ``AppConfig.ready()``::

       from common import personal_data
       personal_data.register(Contact, description="Contacts of partner organizations")
       personal_data.register(Organization, fields=("focal_person", "focal_phone"),
                              description="Focal persons of organizations")

   A model registered whole is also removed from the permissions of roles without personal-data
   access (``common.roles.PERSONAL_DATA_MODELS``).
2. asks ``can_view(user, Contact, obj=organization)`` before showing or writing personal data
   (``require(...)`` raises ``PermissionDenied``; ``visible(user, queryset)`` narrows a queryset);
3. calls ``log_export(...)`` once per output that carries personal data, with the number of rows;
   for the API, mixes ``PersonalDataAPIMixin`` into the viewset.

See docs/personal-data.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models

from common.access import PERSONAL_DATA_PERMISSION, permission_allows

PERMISSION = PERSONAL_DATA_PERMISSION


@dataclass(frozen=True)
class Registration:
    label: str
    description: str
    #: Personal fields of a model whose rows are otherwise not personal; empty: the whole model.
    fields: tuple[str, ...] = ()

    @property
    def whole_model(self) -> bool:
        return not self.fields


_registry: dict[str, Registration] = {}


def _label(model) -> str:
    if isinstance(model, str):
        return model.lower()
    return model._meta.label_lower


def register(model, *, description: str, fields: tuple[str, ...] | list[str] = ()) -> Registration:
    """Declare ``model`` (or some of its ``fields``) personal data. Idempotent; call from ``ready()``."""
    from common.roles import PERSONAL_DATA_MODELS

    registration = Registration(_label(model), description, tuple(fields))
    _registry[registration.label] = registration
    if registration.whole_model:
        PERSONAL_DATA_MODELS.add(registration.label)
    return registration


def registrations() -> dict[str, Registration]:
    return dict(_registry)


def registration(model) -> Registration:
    try:
        return _registry[_label(model)]
    except KeyError:
        raise ImproperlyConfigured(
            f"{_label(model)} is not registered as personal data; call common.personal_data.register()."
        ) from None


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_view(user, model=None, *, obj: models.Model | None = None) -> bool:
    """May ``user`` see the personal data of ``model`` (belonging to ``obj``)? See the module doc."""
    if not (_active(user) and user.has_perm(PERMISSION)):
        return False
    if model is not None:
        reg = registration(model)
        if reg.whole_model and not isinstance(model, str) and not permission_allows(user, model, "view"):
            return False
    if obj is not None:
        manager = type(obj)._default_manager
        if not manager.for_user(user, "view").filter(pk=obj.pk).exists():
            return False
    return True


def require(user, model=None, *, obj: models.Model | None = None) -> None:
    """``PermissionDenied`` unless ``can_view(user, model, obj=obj)``."""
    if not can_view(user, model, obj=obj):
        raise PermissionDenied("Your role or areas do not give you access to this personal data.")


def visible(user, queryset: models.QuerySet) -> models.QuerySet:
    """``queryset`` through ``for_user`` when the user may see the model's personal data; empty otherwise."""
    if not can_view(user, queryset.model):
        return queryset.none()
    return queryset.for_user(user, "view")


def log_export(
    *,
    user,
    model,
    rows: int,
    channel: str,
    file_format: str = "",
    description: str = "",
    purpose: str = "",
    filters: str = "",
    target: models.Model | None = None,
    job=None,
):
    """Record that ``rows`` rows of ``model``'s personal data left the system for ``user``.

    ``channel`` is one of ``PersonalDataExport.Channel`` ("page", "api", "download", "job");
    ``target`` is the record the output is about (an assessment, a community). Returns the entry.
    """
    from django.contrib.contenttypes.models import ContentType

    from common.models import PersonalDataExport

    reg = registration(model)
    if channel not in PersonalDataExport.Channel.values:
        raise ValueError(f"Unknown channel {channel!r}.")
    return PersonalDataExport.objects.create(
        user=user if _active(user) else None,
        username=getattr(user, "username", "") or "",
        what=reg.label,
        description=(description or reg.description)[:300],
        channel=channel,
        file_format=file_format,
        row_count=max(0, int(rows)),
        purpose=(purpose or "").strip()[:300],
        filters=(filters or "")[:500],
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        job=job,
    )


class PersonalDataAPIMixin:
    """For DRF viewsets whose answers may carry personal data: logs each successful read that does.

    Set ``personal_data_model`` and override ``personal_data_rows(data)`` to count the personal rows
    in the serialized answer (default: one per item of a list, one for a detail).
    """

    personal_data_model = None
    personal_data_actions = ("list", "retrieve")

    def personal_data_rows(self, data) -> int:
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            return len(data["results"])
        return len(data) if isinstance(data, list) else 1

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if (
            request.method == "GET"
            and getattr(self, "action", None) in self.personal_data_actions
            and 200 <= response.status_code < 300
            and can_view(request.user, self.personal_data_model)
        ):
            rows = self.personal_data_rows(response.data)
            if rows:
                log_export(
                    user=request.user,
                    model=self.personal_data_model,
                    rows=rows,
                    channel="api",
                    file_format="json",
                    filters=request.META.get("QUERY_STRING", ""),
                    purpose=request.query_params.get("purpose", ""),
                )
        return response
