"""Mapping and Needs Assessment: assessments, participants, instruments and responses, needs and
their prioritisation, reports (docs/mana.md)."""
