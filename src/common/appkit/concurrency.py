"""No lost updates: optimistic concurrency with a version column checked in the service.

Every editable record subclasses ``common.models.VersionedModel``. An edit service does::

    @transaction.atomic
    def update_thing(*, user, thing, expected_revision=None, **fields):
        thing = lock_for_edit(thing, expected_revision=expected_revision)   # SELECT … FOR UPDATE
        changed = apply_changes(thing, fields)                             # only what differs
        thing.full_clean()
        save_changes(thing, changed, user=user)                            # UPDATE … SET changed, revision+1
        return thing

``lock_for_edit`` re-reads the row under a lock (so the service never writes values read before
the lock) and raises :class:`StaleRecordError` when the version the user read is not the current
one. The error carries who changed the record, when, and which fields with their current values
(from the audit log), for the form message and the API's 412 body.

``expected_revision=None`` means "no check" (internal callers: imports, commands). Pages always
send the revision (hidden field ``revision``); the API requires ``If-Match`` on PUT/PATCH
(``common.appkit.api.VersionedViewSetMixin``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format


@dataclass
class FieldChange:
    name: str
    label: str
    value: str  # the current (stored) value, as text for people


@dataclass
class StaleRecordError(Exception):
    """The record changed since the user read it; nothing was saved."""

    model_label: str
    pk: object
    expected_revision: int
    current_revision: int
    changed_by: str = ""
    changed_at: object = None
    changes: list[FieldChange] = field(default_factory=list)

    def __post_init__(self):
        super().__init__(self.message)

    @property
    def summary(self) -> str:
        """The "changed by X at T since you opened it" sentence, without the fields (forms list them apart)."""
        who = self.changed_by or "another user"
        when = f" at {date_format(timezone.localtime(self.changed_at), 'j M Y, H:i')}" if self.changed_at else ""
        return f"This {self.model_label} was changed by {who}{when} since you opened it. Nothing was saved."

    @property
    def message(self) -> str:
        text = self.summary
        if self.changes:
            text += " Changed: " + "; ".join(f"{c.label} (now: {c.value or '—'})" for c in self.changes) + "."
        return text

    def as_dict(self) -> dict:
        return {
            "detail": self.message,
            "code": "stale_record",
            "current_revision": self.current_revision,
            "expected_revision": self.expected_revision,
            "changed_by": self.changed_by,
            "changed_at": self.changed_at.isoformat() if self.changed_at else None,
            "changed_fields": {c.name: c.value for c in self.changes},
        }


def parse_revision(value) -> int | None:
    """A version from a form field or an ``If-Match`` header (``"3"``, ``W/"3"``, ``3``); None if absent."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    if text.startswith("W/"):
        text = text[2:]
    text = text.strip('"')
    try:
        number = int(text)
    except ValueError:
        raise ValueError(f"Not a record version: {value!r}.") from None
    if number < 1:
        raise ValueError(f"Not a record version: {value!r}.")
    return number


def lock_for_edit(instance: models.Model, *, expected_revision=None, queryset=None) -> models.Model:
    """Re-read ``instance`` in place under a row lock; raise :class:`StaleRecordError` if its version
    moved on (or ``ValidationError`` if it was deleted).

    Call inside ``transaction.atomic``. Whatever the caller had in the instance is replaced by the
    stored row: apply the user's changes after this call, never values read before the lock.
    """
    queryset = queryset if queryset is not None else type(instance)._base_manager.all()
    try:
        instance.refresh_from_db(from_queryset=queryset.select_for_update())
    except instance.DoesNotExist:
        raise ValidationError(
            f"This {instance._meta.verbose_name} was deleted since you opened it; nothing was saved."
        ) from None
    check_revision(instance, expected_revision)
    return instance


def check_revision(current: models.Model, expected_revision) -> None:
    expected = parse_revision(expected_revision)
    if expected is None or expected == current.revision:
        return
    raise stale_error(current, expected)


def apply_changes(instance: models.Model, fields: dict, *, allowed: Iterable[str] | None = None) -> list[str]:
    """Set the fields whose value differs; return their names (what ``save_changes`` writes)."""
    allowed = set(allowed) if allowed is not None else None
    changed = []
    for name, value in fields.items():
        if allowed is not None and name not in allowed:
            raise TypeError(f"{type(instance).__name__} has no editable field {name!r}.")
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def save_changes(instance: models.Model, fields: Iterable[str], *, user=None, bump: bool = True) -> None:
    """Save only ``fields`` (plus the audit columns), incrementing the version when anything changed."""
    names = set(fields)
    concrete = {f.name for f in instance._meta.concrete_fields}
    if user is not None and "updated_by" in concrete:
        instance.updated_by = user
        names.add("updated_by")
    if "updated_at" in concrete:
        names.add("updated_at")
    if bump and "revision" in concrete:
        instance.revision = (instance.revision or 0) + 1
        names.add("revision")
    if user is None:
        instance.save(update_fields=sorted(names))
        return
    from auditlog.context import set_actor

    with set_actor(user):  # the audit log names the service's user (commands and tasks have no request)
        instance.save(update_fields=sorted(names))


def stale_error(current: models.Model, expected: int) -> StaleRecordError:
    changed_by, changed_at, names = _history_since(current, expected)
    if not changed_by:
        actor = getattr(current, "updated_by", None)
        changed_by = _person(actor) if actor else ""
    changed_at = changed_at or getattr(current, "updated_at", None)
    return StaleRecordError(
        model_label=str(current._meta.verbose_name),
        pk=current.pk,
        expected_revision=expected,
        current_revision=current.revision,
        changed_by=changed_by,
        changed_at=changed_at,
        changes=[_describe(current, name) for name in names],
    )


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


IGNORED = {"revision", "updated_at", "updated_by", "created_at", "created_by"}


def _history_since(current, expected: int) -> tuple[str, object, list[str]]:
    """Who last changed the record, when, and the fields changed after version ``expected``,
    read from the audit log (django-auditlog records every save of a registered model)."""
    from auditlog.models import LogEntry

    names: list[str] = []
    actor, at = "", None
    entries = LogEntry.objects.get_for_object(current).select_related("actor").order_by("-timestamp", "-pk")[:50]
    for entry in entries:
        changes = entry.changes_dict or {}
        version = changes.get("revision")
        if version is None:
            continue  # a save that did not go through save_changes (e.g. a roll-up)
        if not actor:
            actor, at = _person(entry.actor), entry.timestamp
        for name in changes:
            if name not in IGNORED and name not in names:
                names.append(name)
        try:
            if int(version[0]) <= expected:
                break
        except (TypeError, ValueError, IndexError):
            break
    # The record's own fields (a reverse relation can share a name with a key in an older audit entry).
    fields = {f.name for f in current._meta.get_fields() if not (f.auto_created and not f.concrete)}
    return actor, at, [n for n in names if n in fields]


def _describe(instance, name: str) -> FieldChange:
    model_field = instance._meta.get_field(name)
    label = str(getattr(model_field, "verbose_name", name))
    if model_field.many_to_many:
        value = ", ".join(str(o) for o in getattr(instance, name).all()[:20])
    elif model_field.choices and not isinstance(getattr(instance, name), list):
        value = str(getattr(instance, f"get_{name}_display")())
    else:
        raw = getattr(instance, name)
        value = "" if raw is None else ", ".join(map(str, raw)) if isinstance(raw, list) else str(raw)
    return FieldChange(name=name, label=label[:1].upper() + label[1:], value=value[:200])


def require_in_scope(manager, user, instance, action: str, message: str = "") -> None:
    """The area rule, re-checked on the saved object inside the service's transaction: the record as
    written must still be one ``for_user(user, action)`` returns (or the whole write rolls back)."""
    if not manager.for_user(user, action).filter(pk=instance.pk).exists():
        raise PermissionDenied(message or f"This {instance._meta.verbose_name} would be outside your areas or role.")


def require_visible(manager, user, objects, *, field: str, action: str = "view", label: str = "") -> list:
    """Every related record named in an input must be one ``for_user(user, action)`` returns.

    Returns the objects; raises ``ValidationError`` on ``field`` naming the count refused (not the
    records: their names may be what the user may not see)."""
    objects = [o for o in objects if o is not None]
    if not objects:
        return objects
    pks = {o.pk for o in objects}
    visible = set(manager.for_user(user, action).filter(pk__in=pks).values_list("pk", flat=True))
    refused = pks - visible
    if refused:
        what = label or manager.model._meta.verbose_name_plural
        raise ValidationError({field: f"{len(refused)} of the chosen {what} are outside your areas or access."})
    return objects
