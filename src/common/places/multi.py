"""Several places at any mix of levels (an organization's areas, an agreement's coverage): a list of
the shared place pickers, one row a place.

``PlaceListField(levels=..., max_rows=...)`` renders one ``PlaceWidget`` row per chosen place plus an
empty row to add one (without JavaScript, saving shows a new empty row); clearing a row's region
removes that place. Each row posts ``<name>_<i>_<level>`` (PSGC codes) and is cleaned like a
``PlaceField``: only the user's places are offered and accepted. The cleaned value is the list of
chosen places (the deepest level of each row), duplicates removed.

A form binds the user with ``PlaceFormMixin`` / ``bind_place_fields`` as for a single picker.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from common.places.fields import PlaceField, PlaceWidget, _as_codes
from common.places.labels import LEVELS

MAX_ROWS = 30


class PlaceListWidget(forms.Widget):
    template_name = "common/widgets/place_list.html"

    def __init__(self, *, levels=LEVELS, max_rows=MAX_ROWS, attrs=None):
        super().__init__(attrs)
        self.levels = tuple(levels)
        self.max_rows = max_rows
        self.row = PlaceWidget(levels=levels)
        self.user = None
        self.within = None

    def _row_name(self, name: str, index: int) -> str:
        return f"{name}_{index}"

    def value_from_datadict(self, data, files, name):
        rows = []
        for index in range(self.max_rows):
            codes = self.row.value_from_datadict(data, files, self._row_name(name, index))
            if codes:
                rows.append(codes)
        return rows

    def value_omitted_from_data(self, data, files, name):
        prefix = f"{name}_"
        return not any(str(key).startswith(prefix) for key in data)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        values = [v for v in (value or []) if v]
        base_id = (attrs or {}).get("id") or f"id_{name}"
        self.row.user, self.row.within = self.user, self.within
        rows = []
        for index, row_value in enumerate([*values, None][: self.max_rows]):
            row_name = self._row_name(name, index)
            html = self.row.render(row_name, _as_codes(row_value), {"id": f"{base_id}_{index}"})
            rows.append({"index": index, "html": html, "is_new": row_value is None})
        context["widget"]["rows"] = rows
        return context

    def id_for_label(self, id_):
        return f"{id_}_0_{self.levels[0]}" if id_ else id_


class PlaceListField(PlaceField):
    """A list of places, each chosen with the shared picker (``levels``: the selects of a row)."""

    def __init__(self, *, levels=LEVELS, max_rows=MAX_ROWS, **kwargs):
        kwargs.setdefault("widget", PlaceListWidget(levels=levels, max_rows=max_rows))
        kwargs.setdefault("required", False)
        super().__init__(levels=levels, **kwargs)

    def limit_to(self, user, within=None) -> None:
        super().limit_to(user, within)
        self.widget.row.user = user

    def to_python(self, value) -> list:
        if value in (None, "", []):
            return []
        if not isinstance(value, list | tuple):
            value = [value]
        places, errors = [], []
        for row in value:
            if hasattr(row, "code") and hasattr(row, "level"):  # a place (initial data)
                places.append(row)
                continue
            try:
                selection = super().to_python(row)
            except ValidationError as error:
                errors.extend(error.messages)
                continue
            if selection.deepest is not None:
                places.append(selection.deepest)
        if errors:
            raise ValidationError(list(dict.fromkeys(errors)), code="invalid_choice")
        unique = {(p.level, p.pk): p for p in places}
        return list(unique.values())

    def validate(self, value) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def prepare_value(self, value):
        if not value:
            return []
        return [_as_codes(v) if not isinstance(v, dict) else v for v in value]

    def has_changed(self, initial, data) -> bool:
        return self.prepare_value(initial) != self.prepare_value(data)
