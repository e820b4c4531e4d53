"""Organizations, partnerships and engagements (not built yet)."""
