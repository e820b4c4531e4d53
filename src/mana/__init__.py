"""Mapping and Needs Assessment (issue #5, not built yet)."""
