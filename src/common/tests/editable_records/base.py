"""What every app's editable-record cases share: the case itself, the text "this officer" types,
and the place most cases are made in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from common.tests import personas

TYPED = "Typed by the first officer"


@dataclass
class EditableCase:
    name: str
    make: Callable  # (user) -> record
    other_edit: Callable  # (record, user) -> (field name, stored value)
    page_url: Callable | None  # (record) -> edit form URL
    page_data: Callable | None  # (record) -> dict posted by this officer (without "revision")
    api_url: Callable | None  # (record) -> detail URL
    api_data: dict | None  # PATCH body of this officer
    typed: str  # a value this officer typed, that the re-rendered form must still show
    api_saved: Callable | None = None  # (record) -> True when this officer's API edit is stored
    actor: str = "officer_ix"  # the persona (fixture name) of "this officer"


def _dapitan():
    from common.models import Municipality

    return Municipality.objects.get(code=personas.CITY_OF_DAPITAN)
