"""Columns of an import file and the parsers that turn cell values into Python values.

A parser takes the cell value (str, int, float, date/datetime or None; never empty strings — empty
cells arrive as None and are handled before the parser) and returns the value or raises
``CellError`` with a message in plain words, e.g. ``"Households" must be a whole number, not "12a".``
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import models

from common.locations.search import fold


class CellError(ValueError):
    """A bad cell value; the message is shown to the user as written (the column name is added)."""


@dataclass
class Column:
    name: str
    parse: Callable = None
    required: bool = False
    help: str = ""
    example: object = ""
    aliases: tuple[str, ...] = ()
    #: Allowed values shown in the template's guide, e.g. the labels of a choice list.
    allowed: tuple[str, ...] = ()
    #: The model field (or other target) the value goes to.
    target: str = ""
    parse_kwargs: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.parse is None:
            self.parse = parse_text
        if not self.target:
            self.target = self.name
        if not self.allowed and "choices" in self.parse_kwargs:
            self.allowed = tuple(str(label) for _, label in self.parse_kwargs["choices"])

    @property
    def header_keys(self) -> set[str]:
        return {header_key(n) for n in (self.name, self.target, *self.aliases)}

    def read(self, value):
        """The parsed value of a cell, or None for an empty cell."""
        if value is None or (isinstance(value, str) and not value.strip()):
            if self.required:
                raise CellError(f'"{self.name}" is required.')
            return None
        try:
            return self.parse(value, **self.parse_kwargs)
        except CellError as exc:
            raise CellError(f'"{self.name}": {exc}') from None


def header_key(text) -> str:
    return fold(str(text or "")).replace(" ", "")


def _shown(value) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def parse_text(value, *, max_length: int | None = None) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if max_length and len(text) > max_length:
        raise CellError(f"at most {max_length} characters allowed, this has {len(text)}.")
    return text


def parse_integer(value, *, minimum: int | None = 0, maximum: int | None = None) -> int:
    if isinstance(value, bool):
        raise CellError(f'must be a whole number, not "{_shown(value)}".')
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise CellError(f"must be a whole number, not {value}.")
        number = int(value)
    else:
        text = str(value).strip().replace(",", "").replace(" ", "")
        if re.fullmatch(r"[+-]?\d+(\.0+)?", text):
            number = int(Decimal(text))
        else:
            raise CellError(f'must be a whole number, not "{_shown(value)}".')
    if minimum is not None and number < minimum:
        raise CellError(f"must be at least {minimum}, not {number}.")
    if maximum is not None and number > maximum:
        raise CellError(f"must be at most {maximum}, not {number}.")
    return number


def parse_decimal(value, *, minimum=None, maximum=None) -> float:
    if isinstance(value, bool):
        raise CellError(f'must be a number, not "{_shown(value)}".')
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(Decimal(str(value).strip().replace(",", "")))
        except (InvalidOperation, ValueError):
            raise CellError(f'must be a number, not "{_shown(value)}".') from None
    if minimum is not None and number < minimum:
        raise CellError(f"must be at least {minimum}, not {number}.")
    if maximum is not None and number > maximum:
        raise CellError(f"must be at most {maximum}, not {number}.")
    return number


DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d")


def parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError(f'"{_shown(text)}" is not a date; write it as YYYY-MM-DD, e.g. 2025-03-31.')


YES = {"yes", "y", "true", "1", "oo"}
NO = {"no", "n", "false", "0", "hindi", "wala"}


def parse_boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    text = fold(str(value))
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(f'write Yes or No, not "{_shown(value)}".')


_LOOKUPS: dict[int, tuple[object, dict]] = {}


def _choice_lookup(choices) -> dict[str, object]:
    """Folded name → code, built once per choice list (not once per cell: 5,000 rows × 15 labels)."""
    cached = _LOOKUPS.get(id(choices))
    if cached is not None and cached[0] is choices:
        return cached[1]
    if len(_LOOKUPS) > 256:
        _LOOKUPS.clear()
    lookup = _build_lookup(choices)
    _LOOKUPS[id(choices)] = (choices, lookup)
    return lookup


def _build_lookup(choices) -> dict[str, object]:
    lookup = {}
    for code, label in choices:
        for name in (str(code), str(label)):
            lookup[fold(name)] = code
        # "Meranaw (Maranao)" is also found as "Meranaw" and as "Maranao"; "Kagan/Kalagan" as either.
        for part in re.split(r"[()/]", str(label)):
            if fold(part):
                lookup.setdefault(fold(part), code)
    return lookup


def parse_choice(value, *, choices) -> object:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    code = _choice_lookup(choices).get(fold(str(value)))
    if code is None:
        raise CellError(f'"{_shown(value)}" is not one of: {", ".join(str(label) for _, label in choices)}.')
    return code


LIST_SEPARATORS = re.compile(r"[;,\n]")


def parse_choice_list(value, *, choices) -> list:
    lookup = _choice_lookup(choices)
    codes, unknown = [], []
    for part in LIST_SEPARATORS.split(str(value)):
        if not part.strip():
            continue
        code = lookup.get(fold(part))
        if code is None:
            unknown.append(part.strip())
        elif code not in codes:
            codes.append(code)
    if unknown:
        raise CellError(
            f"unknown value(s) {', '.join(repr(u) for u in unknown)}; choose from: "
            f"{', '.join(str(label) for _, label in choices)} (separate several with semicolons)."
        )
    return codes


def label_of(model_field) -> str:
    """The verbose name with a capital first letter: "estimated OBC population" → "Estimated OBC population"."""
    text = str(model_field.verbose_name)
    return text[:1].upper() + text[1:]


def column_for_field(model_field: models.Field, *, name: str | None = None, **overrides) -> Column:
    """A Column for a concrete model field, with the parser its type calls for."""
    name = name or label_of(model_field)
    kwargs: dict = {}
    allowed: tuple = ()
    choices_enum = getattr(model_field, "choices_enum", None)
    if choices_enum is not None:  # a list of codes from a vocabulary (ChoiceListField)
        parse, kwargs = parse_choice_list, {"choices": list(choices_enum.choices)}
        allowed = tuple(str(label) for _, label in choices_enum.choices)
    elif model_field.choices:
        choices = [(c, label) for c, label in model_field.flatchoices if c not in ("", None)]
        parse, kwargs = parse_choice, {"choices": choices}
        allowed = tuple(str(label) for _, label in choices)
    elif isinstance(model_field, models.BooleanField):
        parse = parse_boolean
    elif isinstance(model_field, models.PositiveIntegerField | models.PositiveSmallIntegerField):
        parse, kwargs = parse_integer, {"minimum": 0}
    elif isinstance(model_field, models.IntegerField):
        parse, kwargs = parse_integer, {"minimum": None}
    elif isinstance(model_field, models.FloatField | models.DecimalField):
        parse = parse_decimal
    elif isinstance(model_field, models.DateField):
        parse = parse_date
    else:
        parse, kwargs = parse_text, {"max_length": model_field.max_length}
    column = Column(
        name=name,
        parse=parse,
        parse_kwargs=kwargs,
        help=str(model_field.help_text or ""),
        allowed=allowed,
        target=model_field.name,
        aliases=(model_field.name,),
    )
    for attr, value in overrides.items():
        setattr(column, attr, value)
    return column
