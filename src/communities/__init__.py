"""Barangay OBC profiles and municipal/provincial coverage (issue #3, not built yet)."""
