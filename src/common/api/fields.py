"""Serializer fields that take exactly the JSON types the OpenAPI schema names.

DRF is lenient by default: ``CharField`` takes ``0`` as ``"0"``, ``IntegerField`` takes ``"5"``,
``BooleanField`` takes ``"yes"`` and ``1``. The schema promises a string, an integer, a boolean: a
client that sends another type gets a 400 instead of a silent conversion. Every API serializer of
every app uses :class:`ContractModelSerializer` (and these fields for fields it declares itself).
"""

from __future__ import annotations

from django.db import models
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


class ContractModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose generated fields take only the JSON types the schema names."""

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
    }
