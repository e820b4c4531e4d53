"""Compare two databases model by model: row counts and a sample of rows by natural key.

Used to prove a SQLite -> PostgreSQL move (``dumpdata --natural-foreign --natural-primary`` then
``loaddata``) kept every row. Rows are matched by natural key where the model has one (primary keys are
renumbered by --natural-primary) and by primary key otherwise; foreign keys and many-to-many values are
compared as natural keys.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.core import serializers
from django.db import connections

# What the deployment plan's dumpdata leaves out: not expected to match.
PLAN_EXCLUDES = ("contenttypes", "auth.permission", "sessions.session", "admin.logentry")


@dataclass
class Comparison:
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)
    rows_sampled: int = 0
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences


def add_database(alias: str, url: str) -> None:
    """Register a database alias at run time from a DATABASE_URL-style URL."""
    import environ

    config = environ.Env.db_url_config(url)
    configured = connections.configure_settings({"default": dict(connections.settings["default"]), alias: config})
    connections.settings[alias] = configured[alias]


def _excluded(model, excludes) -> bool:
    return model._meta.app_label in excludes or model._meta.label_lower in excludes


def _normalise(row: dict) -> dict:
    """Fields of a serialised row; many-to-many lists sorted (their order is not data)."""
    fields = dict(row["fields"])
    for key, value in fields.items():
        if isinstance(value, list) and value and isinstance(value[0], list | str | int):
            fields[key] = sorted(value, key=repr)
    return fields


# Fields that legitimately change when rows are loaded (a "schedule changed" marker beat bumps on save).
VOLATILE_FIELDS = {"django_celery_beat.periodictasks": {"last_update"}}
# Marks audit entries about objects deleted before a move (see the remap_audit_log command).
DELETED_MARK = "deleted-before-move:"


def _audited_object(entry, using):
    """What an auditlog entry points at, as a natural key when the model has one (ids may be renumbered)."""
    if entry.object_pk.startswith(DELETED_MARK):
        return ["deleted", entry.object_pk.removeprefix(DELETED_MARK)]
    model = entry.content_type.model_class()
    if model is not None and hasattr(model, "natural_key"):
        obj = model._base_manager.using(using).filter(pk=entry.object_pk).first()
        if obj is None:
            return ["deleted", entry.object_pk]
        return [model._meta.label_lower, *obj.natural_key()]
    return ["pk", entry.object_pk]


def _same_instant(value):
    """dumpdata's JSON keeps datetimes to the millisecond (DjangoJSONEncoder): compare at that precision."""
    return value.replace(microsecond=value.microsecond // 1000 * 1000) if isinstance(value, datetime) else value


def _fields(obj, using) -> dict:
    row = serializers.serialize("python", [obj], use_natural_foreign_keys=True, use_natural_primary_keys=True)[0]
    fields = {key: _same_instant(value) for key, value in _normalise(row).items()}
    for volatile in VOLATILE_FIELDS.get(obj._meta.label_lower, ()):
        fields.pop(volatile, None)
    if obj._meta.label_lower == "auditlog.logentry":
        fields["object_pk"] = _audited_object(obj, using)
        fields.pop("object_id", None)
    return fields


def compare(source: str, target: str, *, sample: int = 25, excludes=PLAN_EXCLUDES, seed: int = 7) -> Comparison:
    result = Comparison()
    rng = random.Random(seed)  # noqa: S311 - reproducible sampling, not security
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed or _excluded(model, excludes):
            continue
        label = model._meta.label_lower
        source_qs, target_qs = model._base_manager.using(source), model._base_manager.using(target)
        counts = (source_qs.count(), target_qs.count())
        result.counts[label] = counts
        if counts[0] != counts[1]:
            result.differences.append(f"{label}: {counts[0]} rows in {source}, {counts[1]} in {target}")
            continue
        pks = list(source_qs.values_list("pk", flat=True))
        chosen = rng.sample(pks, min(sample, len(pks)))
        has_natural_key = hasattr(model, "natural_key") and hasattr(model._default_manager, "get_by_natural_key")
        for obj in source_qs.filter(pk__in=chosen):
            if has_natural_key:
                twin = model._default_manager.db_manager(target).get_by_natural_key(*obj.natural_key())
            else:
                twin = target_qs.filter(pk=obj.pk).first()
            if twin is None:
                result.differences.append(f"{label} pk={obj.pk}: missing in {target}")
                continue
            left, right = _fields(obj, source), _fields(twin, target)
            if left != right:
                changed = sorted(k for k in left if left[k] != right.get(k))
                result.differences.append(f"{label} {obj.pk}: {[(k, left[k], right.get(k)) for k in changed]}")
            result.rows_sampled += 1
    return result
