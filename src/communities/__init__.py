"""Barangay OBC profiles, municipal and provincial coverage with their roll-ups, imports, exports
and reports (docs/communities.md)."""
