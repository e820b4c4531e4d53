"""Shared plumbing of the policies services: the coordination helpers (role check, place in the
user's areas, field setting on new records). The version check is ``common.appkit.concurrency``."""

from __future__ import annotations

from coordination.services.base import place_in_user_areas, require, set_fields

__all__ = ["place_in_user_areas", "require", "set_fields"]
