"""Serializer fields that take exactly the JSON types the OpenAPI schema names.

DRF is lenient by default: ``CharField`` takes ``0`` as ``"0"``, ``IntegerField`` takes ``"5"``,
``BooleanField`` takes ``"yes"`` and ``1``. The schema promises a string, an integer, a boolean: a
client that sends another type gets a 400 instead of a silent conversion. Every API serializer of
every app uses :class:`ContractModelSerializer` (and these fields for fields it declares itself).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import models
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers


class StrictCharField(serializers.CharField):
    default_error_messages = {"invalid": "Give text (a JSON string)."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    default_error_messages = {"invalid": "Give a whole number (a JSON number)."}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float) or (isinstance(data, float) and data % 1):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictFloatField(serializers.FloatField):
    default_error_messages = {"invalid": "Give a number (a JSON number)."}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    default_error_messages = {"invalid": "Give true or false (a JSON boolean)."}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class StrictManyRelatedField(serializers.ManyRelatedField):
    """A list of references: a JSON object is refused (DRF would take its keys)."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            self.fail("not_a_list", input_type=type(data).__name__)
        return super().to_internal_value(data)


class _StrictMany:
    @classmethod
    def many_init(cls, *args, **kwargs):
        field = super().many_init(*args, **kwargs)
        field.__class__ = StrictManyRelatedField  # DRF builds a plain ManyRelatedField; same state, one check more
        return field


class StrictPrimaryKeyRelatedField(_StrictMany, serializers.PrimaryKeyRelatedField):
    """A record id: a JSON integer (DRF would also take ``"5"``)."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class StrictSlugRelatedField(_StrictMany, serializers.SlugRelatedField):
    """A record named by a code: a JSON string (SQLite would match ``990101002`` to ``"0990101002"``)."""

    default_error_messages = {
        "invalid": "Give the code as text (a JSON string).",
        "blank": "Give a code, or null where the field may be empty.",
    }

    def run_validation(self, data=serializers.empty):
        # DRF turns "" into null for related fields; the schema says a code is never empty.
        if data == "":
            self.fail("blank")
        return super().run_validation(data)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class ContractDecimalField(serializers.DecimalField):
    """A decimal: answered as a string (``"1500.00"``), taken as that string or as a JSON number."""


class ContractDecimalFieldExtension(OpenApiSerializerFieldExtension):
    """The schema says what :class:`ContractDecimalField` takes: the string, or a number."""

    target_class = ContractDecimalField

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if direction != "request":
            return schema
        number = {"type": "number"}
        for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if key in schema:
                number[key] = schema.pop(key)
        shared = {key: schema.pop(key) for key in ("description", "nullable", "readOnly", "writeOnly") if key in schema}
        return {"anyOf": [schema, number], **shared}


class ContractModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose generated fields take only the JSON types the schema names."""

    serializer_related_field = StrictPrimaryKeyRelatedField

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.IntegerField: StrictIntegerField,
        models.BigIntegerField: StrictIntegerField,
        models.SmallIntegerField: StrictIntegerField,
        models.PositiveIntegerField: StrictIntegerField,
        models.PositiveSmallIntegerField: StrictIntegerField,
        models.PositiveBigIntegerField: StrictIntegerField,
        models.FloatField: StrictFloatField,
        models.BooleanField: StrictBooleanField,
        models.DecimalField: ContractDecimalField,
    }
