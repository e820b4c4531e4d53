"""``ChoiceListField``: a list of codes from one vocabulary, stored as JSON.

Works the same on SQLite and PostgreSQL. Filter rows holding a code with
``Q(**{f"{field}__icontains": f'"{code}"'})`` (see ``contains_code``); the quotes keep
``"sama"`` from matching another code that merely starts with it.
"""

from django import forms
from django.core import checks, exceptions
from django.db import models
from django.db.models import Q


class ChoiceListField(models.JSONField):
    description = "A list of codes from a fixed vocabulary"

    def __init__(self, *args, choices_enum=None, **kwargs):
        self.choices_enum = choices_enum
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if self.choices_enum is None:
            errors.append(checks.Error("ChoiceListField needs choices_enum.", obj=self, id="communities.E001"))
        return errors

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["choices_enum"] = self.choices_enum
        if kwargs.get("default") is list:
            del kwargs["default"]
        if kwargs.get("blank") is True:
            del kwargs["blank"]
        return name, path, args, kwargs

    @property
    def list_choices(self):
        return self.choices_enum.choices

    def to_python(self, value):
        if value in (None, ""):
            return []
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        return list(value)

    def _allowed(self) -> frozenset:
        """The vocabulary's codes, computed once (``Choices.values`` builds a new list on every call:
        an import validates 5,000 rows of several such fields)."""
        if getattr(self, "_allowed_codes", None) is None:
            self._allowed_codes = frozenset(self.choices_enum.values)
        return self._allowed_codes

    def _order(self) -> dict:
        if getattr(self, "_code_order", None) is None:
            self._code_order = {code: i for i, code in enumerate(self.choices_enum.values)}
        return self._code_order

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if not isinstance(value, list):
            raise exceptions.ValidationError("Give a list of codes.", code="invalid_list")
        allowed = self._allowed()
        unknown = [v for v in value if v not in allowed]
        if unknown:
            raise exceptions.ValidationError(
                "Unknown value(s): %(unknown)s. Choose from: %(allowed)s.",
                code="invalid_choice",
                params={"unknown": ", ".join(map(str, unknown)), "allowed": ", ".join(self.choices_enum.values)},
            )

    def pre_save(self, model_instance, add):
        # Keep the list tidy: no duplicates, vocabulary order.
        value = getattr(model_instance, self.attname) or []
        order = self._order()
        cleaned = sorted(set(value), key=lambda code: order.get(code, len(order)))
        setattr(model_instance, self.attname, cleaned)
        return cleaned

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.MultipleChoiceField,
            "choices": self.choices_enum.choices,
            "widget": forms.CheckboxSelectMultiple,
            "required": not self.blank,
            "label": self.verbose_name.capitalize() if self.verbose_name else None,
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        for key in ("encoder", "decoder", "max_length"):
            defaults.pop(key, None)
        return form_class(**defaults)

    def value_from_object(self, obj):
        return list(super().value_from_object(obj) or [])


def contains_code(field: str, code: str) -> Q:
    """Rows whose ``ChoiceListField`` ``field`` holds ``code`` (portable across databases)."""
    return Q(**{f"{field}__icontains": f'"{code}"'})


def labels_for(enum, codes) -> list[str]:
    labels = dict(enum.choices)
    return [str(labels.get(code, code)) for code in codes or []]
