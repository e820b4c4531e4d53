"""Every editable record of every app, for the shared "no lost updates" tests.

A new editable model (a ``VersionedModel`` subclass) adds an ``EditableCase`` to its app's module here;
``test_every_versioned_model_has_a_case`` fails until it does.

A case knows how to make a record (``make(user)``), how the *other* officer changes one field
through the service (``other_edit(record, user)`` → (field, stored value)), and how *this* officer
edits another field through the page form (``page_url``, ``page_data``) and the API (``api_url``,
``api_data``).
"""

from __future__ import annotations

from . import communities, coordination, mana, policies
from .base import TYPED, EditableCase
from .mana import _long_question

CASES: list[EditableCase] = [*communities.CASES, *mana.CASES, *coordination.CASES, *policies.CASES]


def api_body(case, record) -> dict:
    if case.name == "mana.Response":
        return {"answers": {_long_question(record): TYPED}}
    return case.api_data


__all__ = ["CASES", "TYPED", "EditableCase", "api_body"]
